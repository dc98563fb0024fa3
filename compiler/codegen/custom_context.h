// Which packets pass a custom-type context (mpl/custom.h) through their
// generated code: those with a custom field, directly or in a classify
// branch, an array element or an embedded packet. Their views remember the
// outermost packet of the parse and their builders thread an
// mpl::write_context through sizing and writing; every other packet's code
// is unchanged.
#pragma once

#include "sema/model.h"

namespace mplc::codegen {

bool needs_custom_context(const sema::Packet& packet);
// Whether any packet of the compilation does (the header then includes mpl/custom.h).
bool model_needs_custom_context(const sema::Model& model);

}  // namespace mplc::codegen
