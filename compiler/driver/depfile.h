// Make-style dependency files (`mplc --depfile`), read by Ninja and by
// CMake's DEPFILE so that editing an imported spec regenerates the headers
// of every spec that imports it.
#pragma once

#include <string>
#include <vector>

namespace mplc {

// `target1 target2: dep1 dep2 ...\n`, with spaces, '#' and '$' escaped the
// way GNU make and Ninja read them back.
std::string make_depfile(const std::vector<std::string>& targets,
                         const std::vector<std::string>& dependencies);

}  // namespace mplc
