// The tcpdump-style summary line of a frame, from the rules in summaries.h.
#pragma once

#include <string>
#include <vector>

#include "layer.h"

namespace mpldump {

// One line (no newline) saying what the frame's layers hold.
std::string summary_line(const std::vector<Layer>& layers);

}  // namespace mpldump
