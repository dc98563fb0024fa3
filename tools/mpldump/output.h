// The two output formats of mpldump (docs/mpldump.md).
#pragma once

#include <cstdio>
#include <vector>

#include "capture.h"
#include "layer.h"

namespace mpldump {

// One JSON object on one line.
void print_json(std::FILE* out, const CaptureFrame& frame, const std::vector<Layer>& layers);
// A frame line, then one line per layer with its top-level fields.
void print_text(std::FILE* out, const CaptureFrame& frame, const std::vector<Layer>& layers);

}  // namespace mpldump
