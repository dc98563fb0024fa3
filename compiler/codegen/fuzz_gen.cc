// `mplc --emit=fuzz`: a libFuzzer harness for a spec's generated header.
//
// The harness is generated rather than written per packet so that every
// packet of every spec is fuzzed the same way, and a spec change cannot
// leave its harness behind. For an input it
//   1. picks the packet (the first byte, among the spec's packets) and its
//      parameters (the next bytes), then parses the rest;
//   2. for an input that parses, walks every accessor (every field, classify
//      case, array element and embedded view), folding what it reads into
//      two digests: `user` over what a builder holds (everything but value()
//      and checksum() fields) and `full` over every field;
//   3. rebuilds with builder::from(view), writes, and checks: the size is the
//      view's; write() succeeds (or refuses with out_of_range a computed
//      value its field cannot hold); the bytes parse again; the `user` digest is unchanged (parse
//      of build gives back the fields); when the `full` digest is unchanged
//      too (no computed field disagreed with the wire, e.g. a correct
//      checksum) the bytes are identical; and rebuilding the rebuilt packet
//      gives the same bytes again (what write() normalises is a fixed point).
// Any failed check prints what failed and aborts, which libFuzzer reports.
#include <fmt/format.h>

#include <functional>
#include <set>

#include "codegen/emitter.h"

namespace mplc::codegen {

namespace {

bool computed(const sema::Field& f) { return static_cast<bool>(f.value) || f.checksum.has_value(); }

// The C++ names of the custom types a block can reach (through arrays,
// classify cases and embedded packets).
void reachable_customs(const sema::Block& block, std::set<std::string>& out, std::set<const sema::Packet*>& seen) {
  for (const auto& owned : block.items) {
    if (const auto* f = owned->as_field()) {
      if (f->type.kind == sema::Type::Kind::kCustom && f->type.custom != nullptr) out.insert(f->type.custom->cpp_type);
    } else if (const auto* array = owned->as_array()) {
      reachable_customs(array->element, out, seen);
    } else if (const auto* embedded = owned->as_embedded()) {
      if (embedded->target != nullptr && seen.insert(embedded->target).second) {
        reachable_customs(embedded->target->body, out, seen);
      }
    } else if (const auto* classify = owned->as_classify()) {
      for (const auto& kase : classify->cases) reachable_customs(kase->body, out, seen);
    }
  }
}

// A C++ constant expression: whether rebuilding what `block` parsed gives
// back the same bytes. Only a custom type can say no (mpl::rebuilds_exactly:
// DNS names are compressed anew), so sizes and raw bytes of such parts are
// compared only through the `full` digest.
std::string rebuilds_exactly(const sema::Block& block) {
  std::set<std::string> customs;
  std::set<const sema::Packet*> seen;
  reachable_customs(block, customs, seen);
  std::string expr;
  for (const auto& c : customs) expr += (expr.empty() ? "" : " && ") + fmt::format("mpl::rebuilds_exactly<{}>", c);
  return expr.empty() ? "true" : expr;
}

}  // namespace

// The walk over one block's accessors; `v` is the view (frame or branch).
void Emitter::emit_walk_block(const sema::Block& block, const std::string& packet_exact) {
  for (const auto& owned : block.items) {
    const sema::Item& item = *owned;
    const std::string name = member(item);
    if (const auto* f = item.as_field()) {
      switch (f->type.kind) {
        case sema::Type::Kind::kBits:
        case sema::Type::Kind::kUint:
          out_.line("d.add(static_cast<std::uint64_t>(v.$name$()), $c$);",
                    {{"name", name}, {"c", computed(*f) ? "true" : "false"}});
          break;
        case sema::Type::Kind::kBytes:
          out_.line("d.add(v.$name$());", {{"name", name}});
          break;
        case sema::Type::Kind::kLabel:
          // An offset: it moves when a part before it is re-encoded.
          out_.line("d.add(std::uint64_t{v.$name$()}, !($exact$));", {{"name", name}, {"exact", packet_exact}});
          break;
        case sema::Type::Kind::kCustom:
          // A custom view has no common shape: add_custom reads what it can.
          out_.line("add_custom(d, v.$name$());", {{"name", name}});
          break;
        case sema::Type::Kind::kError:
          break;
      }
    } else if (item.as_array() != nullptr) {
      out_.line("d.add(std::uint64_t{v.$name$().size()}, false);", {{"name", name}});
      out_.line("d.add(v.$name$().bytes(), !($exact$));", {{"name", name}, {"exact", rebuilds_exactly(item.as_array()->element)}});
      out_.line("for (const auto& e : v.$name$()) walk(e, d);", {{"name", name}});
    } else if (const auto* embedded = item.as_embedded()) {
      if (embedded->target != nullptr) out_.line("walk(v.$name$(), d);", {{"name", name}});
    } else if (const auto* classify = item.as_classify()) {
      out_.line("d.add(static_cast<std::uint64_t>(v.$acc$()), false);", {{"acc", names_.case_accessor.at(classify)}});
      for (const auto& kase : classify->cases) {
        out_.line("if (auto c = v.$as$()) walk(*c, d);", {{"as", names_.case_as.at(kase.get())}});
      }
    }
  }
}

// Declarations (first pass) or definitions of the walk overloads of one
// packet: its view, its array elements' views and its classify branch views.
void Emitter::emit_walks(const sema::Packet& packet, bool define) {
  names_ = plan_.packet(packet).names;
  const std::string q = qualified_packet(packet);
  const std::string packet_exact = rebuilds_exactly(packet.body);
  auto one = [&](const std::string& type, const sema::Block& block, bool whole) {
    if (!define) {
      out_.line("void walk(const $t$& v, digest& d);", {{"t", type}});
      return;
    }
    out_.line("void walk([[maybe_unused]] const $t$& v, [[maybe_unused]] digest& d) {", {{"t", type}});
    {
      Indent in(out_);
      if (whole) out_.line("d.add(std::uint64_t{v.size()}, !($exact$));", {{"exact", rebuilds_exactly(block)}});
      emit_walk_block(block, packet_exact);
    }
    out_.line("}");
    out_.blank();
  };
  std::function<void(const sema::Block&)> walk = [&](const sema::Block& block) {
    for (const auto& owned : block.items) {
      if (const auto* array = owned->as_array()) {
        one(q + "::" + names_.element_view.at(array), array->element, true);
        walk(array->element);
      } else if (const auto* classify = owned->as_classify()) {
        for (const auto& kase : classify->cases) {
          one(q + "::" + names_.branch_view.at(kase.get()), kase->body, false);
          walk(kase->body);
        }
      }
    }
  };
  one(q + "::view", packet.body, true);
  walk(packet.body);
}

std::string Emitter::run_fuzz(const std::string& header) {
  const std::string spec = options_.spec_display_path.empty() ? diags_.sources().path(model_.root)
                                                              : options_.spec_display_path;
  const std::string version = options_.compiler_version.empty() ? std::string(MPLC_VERSION) : options_.compiler_version;
  out_.line("// Generated by mplc $version$ from $spec$ (--emit=fuzz). Do not edit.", {{"version", version}, {"spec", spec}});
  out_.line("//");
  out_.line("// libFuzzer harness for every packet of the spec: parse, walk every accessor,");
  out_.line("// rebuild with builder::from(view), check the round trip (see");
  out_.line("// compiler/codegen/fuzz_gen.cc and docs/robustness.md).");
  out_.line("#include <cstddef>");
  out_.line("#include <cstdint>");
  out_.line("#include <vector>");
  out_.blank();
  out_.line("#include <mpl/fuzz.h>");
  out_.blank();
  out_.line("#include \"$h$\"", {{"h", header}});
  out_.blank();
  out_.line("namespace {");
  out_.blank();
  // The digest, the failure report and the custom-view walk are the
  // runtime's (mpl/fuzz.h); only the walks and the checks are per spec.
  out_.line("using mpl::fuzz::add_custom;");
  out_.line("using mpl::fuzz::digest;");
  out_.line("using mpl::fuzz::fail;");
  out_.line("using mpl::fuzz::same;");
  out_.blank();
  // Walks of every packet the root's packets can reach (imported ones too).
  for (int define = 0; define < 2; ++define) {
    for (const auto& packet : model_.packets) emit_walks(*packet, define == 1);
    out_.blank();
  }
  std::vector<const sema::Packet*> roots;
  for (const auto& packet : model_.packets) {
    if (packet->in_root) roots.push_back(packet.get());
  }
  for (const sema::Packet* packet : roots) {
    names_ = plan_.packet(*packet).names;
    const std::string q = qualified_packet(*packet);
    out_.line("void fuzz_$name$(const std::uint8_t* data, std::size_t size) {", {{"name", packet->name}});
    {
      Indent in(out_);
      std::string args;
      for (const auto& p : packet->parameters) {
        if (p.type == sema::Parameter::Type::kBool) {
          out_.line("if (size < 1) return;");
          out_.line("const bool p_$n$ = (data[0] & 1) != 0;", {{"n", p.name}});
          out_.line("data += 1;");
          out_.line("size -= 1;");
        } else {
          // Two bytes: parameters are lengths, codes and counts.
          out_.line("if (size < 2) return;");
          out_.line("const std::uint64_t p_$n$ = std::uint64_t{data[0]} << 8 | data[1];", {{"n", p.name}});
          out_.line("data += 2;");
          out_.line("size -= 2;");
        }
        args += ", p_" + p.name;
      }
      const std::string name = packet->name;
      out_.line("const auto v = $q$::parse(mpl::bytes{data, size}$args$);", {{"q", q}, {"args", args}});
      out_.line("if (!v.ok()) return;");
      out_.line("digest d0;");
      out_.line("walk(*v, d0);");
      out_.line("constexpr bool exact = $e$;", {{"e", rebuilds_exactly(packet->body)}});
      out_.line("const auto b = $q$::builder::from(*v);", {{"q", q}});
      out_.line("if (exact && b.size() != v->size()) fail(\"$n$\", \"rebuilt size differs\");", {{"n", name}});
      out_.line("std::vector<std::uint8_t> out(b.size());");
      out_.line("const auto w = b.write(mpl::mutable_bytes{out.data(), out.size()});");
      // A computed length that its field cannot hold (the spec let the parsed
      // packet's parts outgrow it): write() refuses, as it must.
      out_.line("if (!w.ok() && w.error().kind == mpl::error_kind::out_of_range) return;");
      if (!packet->parameters.empty()) {
        // Parameters often describe the packet's own size (a DNS rdata's
        // rdlength): a packet that re-encodes to another size (a compressed
        // name written out in full) no longer matches them, write() refuses
        // it, and the enclosing packet's target checks the rebuild instead.
        out_.line("if (!exact && !w.ok()) return;");
      }
      out_.line("if (!w.ok() || *w != out.size()) fail(\"$n$\", \"rebuilt packet cannot be written\");", {{"n", name}});
      if (!packet->parameters.empty()) out_.line("if (!exact) return;");
      out_.line("const auto again = $q$::parse(mpl::bytes{out.data(), out.size()}$args$);", {{"q", q}, {"args", args}});
      out_.line("if (!again.ok()) fail(\"$n$\", \"rebuilt packet does not parse\");", {{"n", name}});
      out_.line("digest d1;");
      out_.line("walk(*again, d1);");
      out_.line("if (d1.user != d0.user) fail(\"$n$\", \"rebuilt packet parses to other fields\");", {{"n", name}});
      out_.line("if (exact && d1.full == d0.full && !same(v->bytes(), mpl::bytes{out.data(), out.size()})) {");
      out_.line("  fail(\"$n$\", \"same fields but other bytes\");", {{"n", name}});
      out_.line("}");
      out_.line("const auto b2 = $q$::builder::from(*again);", {{"q", q}});
      out_.line("std::vector<std::uint8_t> out2(b2.size());");
      out_.line("const auto w2 = b2.write(mpl::mutable_bytes{out2.data(), out2.size()});");
      out_.line("if (!w2.ok() || out2 != out) fail(\"$n$\", \"rebuilding is not idempotent\");", {{"n", name}});
    }
    out_.line("}");
    out_.blank();
  }
  out_.line("}  // namespace");
  out_.blank();
  out_.line("// The first byte picks the packet; parameters come next, then the packet.");
  out_.line("extern \"C\" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {");
  out_.line("  if (size == 0) return 0;");
  if (roots.empty()) {
    out_.line("  return 0;");
    out_.line("}");
    return out_.take();
  }
  out_.line("  switch (data[0] % $n$) {", {{"n", std::to_string(roots.size())}});
  for (std::size_t i = 0; i < roots.size(); ++i) {
    out_.line("    case $i$: fuzz_$name$(data + 1, size - 1); break;", {{"i", std::to_string(i)}, {"name", roots[i]->name}});
  }
  out_.line("  }");
  out_.line("  return 0;");
  out_.line("}");
  return out_.take();
}

std::string generate_fuzz_harness(const sema::Model& model, const CodegenOptions& options, Diagnostics& diagnostics) {
  return emit_companion(model, options, diagnostics, &Emitter::run_fuzz);
}

}  // namespace mplc::codegen
