// The two output formats of mpldump (docs/mpldump.md). Frames are rendered
// into a buffer that the caller writes out in large blocks (main.cc): one
// fwrite per frame was a cost of its own (issue 19).
#pragma once

#include <cstdio>
#include <vector>

#include "capture.h"
#include "layer.h"
#include "values.h"

namespace mpldump {

// One JSON object on one line.
void append_json(OutputBuffer& out, const CaptureFrame& frame, const std::vector<Layer>& layers);
// One tcpdump-style summary line (summaries.h); `verbose` (-v): a frame
// line, then every layer as an indented tree of all its fields.
void append_text(OutputBuffer& out, const CaptureFrame& frame, const std::vector<Layer>& layers, bool verbose);

// The same, written to `out` at once.
void print_json(std::FILE* out, const CaptureFrame& frame, const std::vector<Layer>& layers);
void print_text(std::FILE* out, const CaptureFrame& frame, const std::vector<Layer>& layers, bool verbose);

}  // namespace mpldump
