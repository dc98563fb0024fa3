// mplc: the command line over the compiler library. Everything it does is a
// library call; this file only parses options, runs the pipeline per spec and
// chooses the exit status.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "driver/front_end.h"
#include "sema/analyze.h"
#include "syntax/parse.h"

namespace {

struct CommandLine {
  std::vector<std::string> specs;
  std::vector<std::string> import_dirs;
  std::string output_dir;
  std::string cpp_namespace;
  std::string dump;
  bool check_only = false;
};

// Exit statuses: 0 success, 1 a spec has errors, 2 the command line is wrong.
constexpr int kExitSpecErrors = 1;

int run(const CommandLine& cl) {
  bool failed = false;
  for (const std::string& spec : cl.specs) {
    mplc::SourceManager sources;
    mplc::Diagnostics diagnostics(sources);
    mplc::FrontEndOptions options{cl.import_dirs};
    mplc::FrontEndResult result = mplc::run_front_end(spec, options, sources, diagnostics);
    std::fputs(diagnostics.render_all().c_str(), stderr);
    if (diagnostics.has_errors()) {
      failed = true;
      continue;
    }
    if (cl.dump == "ast") {
      for (const auto& file : result.files) {
        std::cout << "// " << sources.path(file->file) << "\n" << mplc::dump_ast(*file);
      }
    } else if (cl.dump == "sema") {
      std::cout << mplc::sema::dump_model(*result.model);
    }
  }
  return failed ? kExitSpecErrors : 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mplc: compiles MPL packet specifications into C++ parsers and builders", "mplc"};
  CommandLine cl;
  app.set_version_flag("--version", std::string("mplc ") + MPLC_VERSION);
  app.add_option("specs", cl.specs, "MPL spec files (.mpl)")->required()->check(CLI::ExistingFile);
  app.add_flag("--check", cl.check_only, "Check the specs and report problems; write nothing");
  app.add_option("-o,--output-dir", cl.output_dir, "Directory for the generated C++ headers");
  app.add_option("--namespace", cl.cpp_namespace, "C++ namespace for the generated code");
  app.add_option("-I,--import-dir", cl.import_dirs, "Directory searched for imported specs")
      ->check(CLI::ExistingDirectory);
  app.add_option("--dump", cl.dump, "Print a phase's model to standard output")
      ->check(CLI::IsMember({"ast", "sema"}));
  CLI11_PARSE(app, argc, argv);
  return run(cl);
}
