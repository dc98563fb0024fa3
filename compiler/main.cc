// mplc: the command line over the compiler library. Everything it does is a
// library call; this file only parses options, runs the pipeline per spec and
// chooses the exit status.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "codegen/generate.h"
#include "driver/depfile.h"
#include "driver/front_end.h"
#include "layout/layout.h"
#include "lua/wireshark_lua.h"
#include "sema/analyze.h"
#include "syntax/parse.h"

namespace {

struct CommandLine {
  std::vector<std::string> specs;
  std::vector<std::string> import_dirs;
  std::string output_dir;
  std::string cpp_namespace;
  std::string dump;
  std::string depfile;
  std::string bounds_checks = "elided";
  std::string emit = "header";
  bool check_only = false;
  bool visitor = false;
  // The specs generated into the same directory (add_mpl_spec's SPECS):
  // an imported spec whose header is included must be one of them.
  std::vector<std::string> sibling_specs;
  std::vector<std::string> wireshark_register;
  std::string wireshark_packet;
  std::string wireshark_proto;
};

// Exit statuses: 0 success, 1 a spec has errors or an output could not be
// written, 2 the command line is wrong.
constexpr int kExitSpecErrors = 1;

// Writes through a temporary file and a rename, so a build that is
// interrupted, or a failed run, never leaves a half-written header behind
// that a later build would take as up to date.
//
// A file that already holds exactly `contents` is left alone, its time
// included: build systems that look again at what a command wrote (Ninja's
// restat, which CMake turns on) then rebuild nothing that includes a header
// a new mplc generated identically.
bool write_file(const std::filesystem::path& path, const std::string& contents) {
  {
    std::ifstream in(path, std::ios::binary);
    if (in) {
      const std::string existing{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      if (existing == contents) return true;
    }
  }
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << contents;
    if (!out.flush()) {
      fmt::print(stderr, "mplc: error: cannot write '{}'\n", temporary.string());
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    fmt::print(stderr, "mplc: error: cannot write '{}': {}\n", path.string(), ec.message());
    return false;
  }
  return true;
}

// The most one spec may generate. A few MB is a large protocol; past this
// the spec is hostile or a mistake, and writing gigabytes helps no one.
constexpr std::size_t kMaxOutputBytes = std::size_t{32} << 20;

// Generates the header of one analysed spec, and its depfile if asked for.
bool generate(const CommandLine& cl, const std::string& spec, const mplc::FrontEndResult& result,
              mplc::Diagnostics& diagnostics) {
  mplc::codegen::CodegenOptions options;
  options.cpp_namespace = cl.cpp_namespace;
  options.spec_display_path = spec;
  options.bounds_checks = cl.bounds_checks == "per-field"
                              ? mplc::codegen::CodegenOptions::BoundsChecks::kPerField
                              : mplc::codegen::CodegenOptions::BoundsChecks::kElided;
  options.emit_visitor = cl.visitor;
  const bool fuzz = cl.emit == "fuzz";
  const bool property = cl.emit == "property";
  const bool lua = cl.emit == "wireshark-lua";
  mplc::lua::WiresharkOptions lua_options{spec, cl.wireshark_proto, cl.wireshark_packet, cl.wireshark_register, ""};
  std::string header = lua  ? mplc::lua::generate_wireshark_lua(*result.model, lua_options, diagnostics)
                       : fuzz ? mplc::codegen::generate_fuzz_harness(*result.model, options, diagnostics)
                       : property ? mplc::codegen::generate_property_test(*result.model, options, diagnostics)
                            : mplc::codegen::generate_header(*result.model, options, diagnostics);
  if (header.size() > kMaxOutputBytes) {
    // Located at the spec's first packet: the output is the whole spec's.
    auto root = std::find_if(result.model->packets.begin(), result.model->packets.end(),
                             [](const auto& packet) { return packet->in_root; });
    std::string message = fmt::format("the generated output would be {} bytes, more than the limit of {} (32 MiB); "
                                      "split the spec into several files",
                                      header.size(), kMaxOutputBytes);
    if (root != result.model->packets.end()) {
      diagnostics.error((*root)->range, message);
    } else {
      diagnostics.error_without_location(message);
    }
  }
  std::fputs(diagnostics.render_all().c_str(), stderr);
  if (diagnostics.has_errors()) return false;

  std::filesystem::path output_dir = cl.output_dir.empty() ? "." : cl.output_dir;
  std::error_code ec;
  std::filesystem::create_directories(output_dir, ec);
  std::filesystem::path header_path =
      output_dir / (std::filesystem::path(spec).stem().string() +
                    (lua ? ".lua" : fuzz ? "_fuzz.cc" : property ? "_property.cc" : ".h"));
  if (!write_file(header_path, header)) return false;
  if (!cl.depfile.empty() &&
      !write_file(cl.depfile, mplc::make_depfile({header_path.string()}, result.dependencies))) {
    return false;
  }
  return true;
}

// With --sibling-spec: every imported spec whose packets the header names
// (and so #includes "<stem>.h") is generated beside it, else the C++ build
// would fail later on a missing header, far from the cause.
void check_siblings(const CommandLine& cl, const mplc::FrontEndResult& result, mplc::SourceManager& sources,
                    mplc::Diagnostics& diagnostics) {
  if (cl.sibling_specs.empty() || !result.model) return;
  std::set<std::string> stems;
  for (const std::string& spec : cl.sibling_specs) stems.insert(std::filesystem::path(spec).stem().string());
  std::set<std::string> reported;
  for (const auto& packet : result.model->packets) {
    if (packet->in_root) continue;
    const std::filesystem::path file = sources.path(packet->file);
    const std::string stem = file.stem().string();
    if (stems.count(stem) != 0 || !reported.insert(stem).second) continue;
    const std::string message = fmt::format(
        "imported spec '{}' is not among the specs generated with this one (add_mpl_spec SPECS): the header "
        "includes \"{}.h\", which nothing generates; add {} to SPECS",
        file.filename().string(), stem, file.filename().string());
    mplc::SourceRange where{};
    bool located = false;
    for (const auto& ast : result.files) {
      for (const auto& import : ast->imports) {
        if (!located && std::filesystem::path(import.path).stem() == stem) {
          where = import.range;
          located = true;
        }
      }
    }
    if (located) {
      diagnostics.error(where, message);
    } else {
      diagnostics.error_without_location(message);
    }
  }
}

int run(const CommandLine& cl) {
  if (!cl.depfile.empty() && cl.specs.size() != 1) {
    fmt::print(stderr, "mplc: error: --depfile needs exactly one spec (it describes one header)\n");
    return 2;
  }
  bool failed = false;
  for (const std::string& spec : cl.specs) {
    mplc::SourceManager sources;
    mplc::Diagnostics diagnostics(sources);
    mplc::FrontEndOptions options{cl.import_dirs};
    mplc::FrontEndResult result = mplc::run_front_end(spec, options, sources, diagnostics);
    check_siblings(cl, result, sources, diagnostics);
    if (diagnostics.has_errors() || cl.check_only || !cl.dump.empty()) {
      std::fputs(diagnostics.render_all().c_str(), stderr);
    }
    if (diagnostics.has_errors()) {
      failed = true;
      continue;
    }
    if (cl.dump.empty() && !cl.check_only) {
      // Diagnostics (warnings) of the front end are printed with codegen's.
      if (!generate(cl, spec, result, diagnostics)) failed = true;
    } else if (cl.dump == "ast") {
      for (const auto& file : result.files) {
        std::cout << "// " << sources.path(file->file) << "\n" << mplc::dump_ast(*file);
      }
    } else if (cl.dump == "sema") {
      std::cout << mplc::sema::dump_model(*result.model);
    } else if (cl.dump == "layout") {
      std::cout << mplc::layout::dump_layout(*result.model, result.plan->layout());
    } else if (cl.dump == "plan") {
      std::cout << mplc::plan::dump_plan(*result.plan);
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
  // One directory per -I, so that `-I DIR a.mpl b.mpl` leaves the specs to
  // the positional list (CLI11 lets a vector option take every following word).
  app.add_option("-I,--import-dir", cl.import_dirs, "Directory searched for imported specs; repeatable")
      ->check(CLI::ExistingDirectory)
      ->allow_extra_args(false);
  app.add_option("--sibling-spec", cl.sibling_specs,
                 "A spec generated into the same directory (add_mpl_spec passes its SPECS); when given, "
                 "importing a spec that is not one of them is an error; repeatable")
      ->allow_extra_args(false);
  app.add_option("--dump", cl.dump, "Print a phase's model to standard output instead of generating")
      ->check(CLI::IsMember({"ast", "sema", "layout", "plan"}));
  app.add_option("--depfile", cl.depfile,
                 "Write a Make-style depfile naming every spec read (the spec and its imports)");
  app.add_option("--bounds-checks", cl.bounds_checks,
                 "elided (default): one check per run of fixed-size fields; per-field: a check before "
                 "every read, for measuring what elision buys")
      ->check(CLI::IsMember({"elided", "per-field"}));
  app.add_flag("--visitor", cl.visitor,
               "Also generate P::visit(view, visitor), which reports every field by its spec name");
  app.add_option("--emit", cl.emit,
                 "header (default): the C++ header <stem>.h; fuzz: a libFuzzer harness <stem>_fuzz.cc "
                 "for that header (docs/robustness.md); property: a builder/parser property test "
                 "<stem>_property.cc for that header (docs/robustness.md); wireshark-lua: a Wireshark "
                 "dissector <stem>.lua "
                 "(docs/wireshark.md)")
      ->check(CLI::IsMember({"header", "fuzz", "property", "wireshark-lua"}));
  app.add_option("--wireshark-register", cl.wireshark_register,
                 "With --emit=wireshark-lua: register the dissector on TABLE:NUMBER, e.g. udp:5353, "
                 "tcp:179 (messages reassembled), ethertype:0x88b5; repeatable")
      ->allow_extra_args(false);
  app.add_option("--wireshark-packet", cl.wireshark_packet,
                 "With --emit=wireshark-lua: the packet a message is dissected as (default: the first "
                 "packet of the spec that no other embeds)");
  app.add_option("--wireshark-proto", cl.wireshark_proto,
                 "With --emit=wireshark-lua: the protocol's filter name (default: mpl_<stem>)");
  CLI11_PARSE(app, argc, argv);
  return run(cl);
}
