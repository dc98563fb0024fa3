// The tcpdump-style summary line of a frame, from the rules in summaries.h.
#pragma once

#include <vector>

#include "layer.h"
#include "values.h"

namespace mpldump {

// Appends one line (no newline) saying what the frame's layers hold.
void append_summary_line(OutputBuffer& out, const std::vector<Layer>& layers);

}  // namespace mpldump
