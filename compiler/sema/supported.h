// What the back end cannot generate, decided on the analysed model so that
// `mplc --check`, `--dump` and code generation agree on which specs are
// valid: run_front_end() runs it after analysis, and each verdict is a
// located error naming the construct and why (docs/language.md, §9.1).
#pragma once

#include "sema/model.h"
#include "support/diagnostics.h"

namespace mplc::sema {

// Reports every construct of `model` that code generation does not support.
void check_supported(const Model& model, Diagnostics& diagnostics);

}  // namespace mplc::sema
