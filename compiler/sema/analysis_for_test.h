// Test helper: one spec text, "test.mpl", parsed and analysed, with its
// diagnostics and the fields of its first packet at hand.
#pragma once

#include <memory>
#include <string>

#include "sema/analyze.h"
#include "sema/model.h"
#include "syntax/parse.h"

namespace mplc::sema {

struct TextAnalysis {
  SourceManager sources;
  Diagnostics diagnostics{sources};
  std::unique_ptr<ast::File> file;
  std::unique_ptr<Model> model;

  explicit TextAnalysis(const std::string& text) {
    FileId id = sources.add("test.mpl", text);
    file = std::make_unique<ast::File>(parse_file(id, sources, diagnostics));
    model = analyze({file.get()}, id, diagnostics);
  }
  std::string rendered() const { return diagnostics.render_all(); }
  const Field& field(std::size_t i) const { return *model->packets.at(0)->body.items.at(i)->as_field(); }
};

}  // namespace mplc::sema
