// Entry point of semantic analysis: syntax trees in, analysed model out.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "sema/model.h"
#include "support/diagnostics.h"
#include "syntax/ast.h"

namespace mplc::sema {

// Packets in the longest chain of packets embedding one another (embedding.cc).
inline constexpr std::uint32_t kMaxEmbeddingDepth = 64;

// Analyses `files`, which are given with every imported file before the files
// that import it and the root file last (the driver loads imports and rejects
// cycles). Every problem is reported to `diagnostics`; the model is returned
// even then (with unresolved parts left null / kError) so dumps and tests can
// look at it, but later phases must not run when diagnostics.has_errors().
std::unique_ptr<Model> analyze(const std::vector<const ast::File*>& files, FileId root,
                               Diagnostics& diagnostics);

}  // namespace mplc::sema
