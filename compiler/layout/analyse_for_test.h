// Test helper: a bundled spec run through the front end and layout analysis.
#pragma once

#include <memory>
#include <string>

#include "driver/front_end.h"
#include "layout/layout.h"

namespace mplc::layout {

struct Analysed {
  SourceManager sources;
  Diagnostics diagnostics{sources};
  FrontEndResult result;
  std::unique_ptr<Layout> layout;
};

// `spec` is a file name under specs/ (MPL_SOURCE_DIR is the checkout).
inline std::unique_ptr<Analysed> analyse(const std::string& spec) {
  auto a = std::make_unique<Analysed>();
  a->result = run_front_end(std::string(MPL_SOURCE_DIR) + "/specs/" + spec, {}, a->sources, a->diagnostics);
  if (a->result.model) a->layout = compute_layout(*a->result.model, a->diagnostics);
  return a;
}

}  // namespace mplc::layout
