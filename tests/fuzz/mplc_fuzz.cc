// libFuzzer target for the compiler: arbitrary text as a spec through the
// syntax, semantic, layout and code generation phases (the header and the
// fuzz harness), and every dump. Nothing is read or written on disk: the
// text is added to the SourceManager under a made-up name, and imports are
// not followed (an import of a missing file is just a diagnostic). Any crash,
// sanitizer report, leak or hang is a finding; diagnostics are not.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "codegen/generate.h"
#include "layout/layout.h"
#include "sema/analyze.h"
#include "syntax/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  mplc::SourceManager sources;
  mplc::Diagnostics diagnostics(sources);
  const mplc::FileId id = sources.add("fuzz.mpl", std::string(reinterpret_cast<const char*>(data), size));
  mplc::ast::File file = mplc::parse_file(id, sources, diagnostics);
  (void)mplc::dump_ast(file);
  if (!diagnostics.has_errors()) {
    std::vector<const mplc::ast::File*> files{&file};
    auto model = mplc::sema::analyze(files, id, diagnostics);
    if (model != nullptr && !diagnostics.has_errors()) {
      (void)mplc::sema::dump_model(*model);
      mplc::Diagnostics layout_diagnostics(sources);
      auto layout = mplc::layout::compute_layout(*model, layout_diagnostics);
      if (!layout_diagnostics.has_errors()) (void)mplc::layout::dump_layout(*model, *layout);
      mplc::codegen::CodegenOptions options;
      options.compiler_version = "fuzz";
      (void)mplc::codegen::generate_header(*model, options, diagnostics);
      mplc::Diagnostics fuzz_diagnostics(sources);
      (void)mplc::codegen::generate_fuzz_harness(*model, options, fuzz_diagnostics);
    }
  }
  (void)diagnostics.render_all();
  return 0;
}
