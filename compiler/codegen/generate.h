// Code generation entry point: the analysed model in, one C++ header out.
#pragma once

#include <string>

#include "sema/model.h"
#include "support/diagnostics.h"

namespace mplc::codegen {

struct CodegenOptions {
  // The C++ namespace of the generated code; empty means the spec file's stem.
  std::string cpp_namespace;
  // How the banner names the spec (e.g. "specs/ipv4.mpl"); the root file's
  // path when empty.
  std::string spec_display_path;
  // kElided: one bounds check per run of fixed-size fields (the default).
  // kPerField: a check before every read, kept only for benchmarks.
  enum class BoundsChecks { kElided, kPerField } bounds_checks = BoundsChecks::kElided;
  // Printed in the banner; MPLC_VERSION when empty.
  std::string compiler_version;
  // Also emit `template <class V> void P::visit(const P::view&, V&)` per
  // packet (docs/generated-api.md, "Visiting"); off so default output is unchanged.
  bool emit_visitor = false;
};

// The header for the root file's packets. Packets of imported files are
// referenced through an #include of their own generated header "<stem>.h"
// and their namespace (the stem of the file that defines them).
std::string generate_header(const sema::Model& model, const CodegenOptions& options, Diagnostics& diagnostics);

// A libFuzzer harness (one .cc) for the header generate_header() makes from
// the same model and options: every packet of the root file is parsed,
// walked, rebuilt with builder::from() and checked (see fuzz_gen.cc).
std::string generate_fuzz_harness(const sema::Model& model, const CodegenOptions& options, Diagnostics& diagnostics);

// A builder/parser property test (one .cc with main()) for the same header:
// every packet of the root file is filled from a seeded random source,
// written, parsed and compared (see property_gen.cc).
std::string generate_property_test(const sema::Model& model, const CodegenOptions& options, Diagnostics& diagnostics);

// The namespace generate_header() uses for packets of `file` when no
// namespace is given: the file's stem, made a valid C++ identifier.
std::string default_namespace(const std::string& path);

}  // namespace mplc::codegen
