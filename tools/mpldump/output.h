// The two output formats of mpldump (docs/mpldump.md).
#pragma once

#include <cstdio>
#include <vector>

#include "capture.h"
#include "layer.h"

namespace mpldump {

// One JSON object on one line.
void print_json(std::FILE* out, const CaptureFrame& frame, const std::vector<Layer>& layers);
// One tcpdump-style summary line (summaries.h); `verbose` (-v): a frame
// line, then every layer as an indented tree of all its fields.
void print_text(std::FILE* out, const CaptureFrame& frame, const std::vector<Layer>& layers, bool verbose);

}  // namespace mpldump
