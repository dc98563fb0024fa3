// The front end of the pipeline, declared in one place:
//
//   load (parse the root spec and, transitively, every spec it imports)
//     -> analyze (resolve and check across all loaded files)
//     -> plan (lay out and plan every packet for the back end; its verdicts
//        on what cannot be generated are errors of the spec)
//
// Each phase reports into the one Diagnostics sink; a phase runs only if the
// one before it succeeded, so a syntax error never produces follow-on
// semantic errors about the half-parsed tree.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "plan/plan.h"
#include "sema/model.h"
#include "support/diagnostics.h"
#include "support/source.h"
#include "syntax/ast.h"

namespace mplc {

struct FrontEndOptions {
  // Directories searched for `import "x.mpl";` after the importing file's own
  // directory, in order (mplc's -I).
  std::vector<std::string> import_dirs;
};

struct FrontEndResult {
  // Every parsed file, each after the files it imports; the root spec last.
  std::vector<std::unique_ptr<ast::File>> files;
  // Paths of every file read, root first: what a depfile lists.
  std::vector<std::string> dependencies;
  // Null when loading, analysis or planning reported an error.
  std::unique_ptr<sema::Model> model;
  // The back end's plan of `model` with the default options (null likewise).
  std::unique_ptr<plan::Plan> plan;
  FileId root = 0;
};

// Loads `root_path` and its imports, then analyses and plans them. Never throws; all
// problems go to `diagnostics`.
FrontEndResult run_front_end(const std::string& root_path, const FrontEndOptions& options,
                             SourceManager& sources, Diagnostics& diagnostics);

}  // namespace mplc
