// `mplc --emit=property`: a builder/parser property test for a spec's
// generated header (issue 14: a write() that succeeds always produces bytes
// that parse() accepts with the same field values).
//
// A mode of its own rather than a second mode of the fuzz harness: the fuzz
// harness starts from bytes and needs libFuzzer (clang); this test starts
// from builder values drawn from a seeded random source and is a plain
// program with main(), built by the normal GCC build and under ASan. For
// every packet of the spec and every round it
//   1. fills a builder from the random source: every member the user sets
//      (integers, in a "wild" round over about twice their range so refused
//      values occur, variants, parameters, byte strings of random length,
//      a random classify case with its fields, arrays of a random number of
//      elements and embedded packets, recursively, bounded in depth and
//      bytes; custom types through their own validate/view, see
//      gen::custom());
//   2. writes it. A refusal must be a clear error (a kind other than
//      buffer_too_small, with a field path); it is counted by kind. A
//      packet written is written again into a buffer one byte short and
//      into one of a random shorter size: buffer_too_small with the sizes
//      needed and given, and no byte written past the buffer;
//   3. a packet written must parse (with the builder's parameters) to
//      exactly the written size, every member must read back as it was set
//      (check(): integers, byte strings, the case taken, array elements,
//      embedded packets), and builder::from(the view) must write the same
//      bytes again.
// The first failure of a packet prints the packet, seed, round and bytes;
// a packet never written over all rounds fails too (the test must write).
//
// This file: the program (its rounds and report) and check(); the values
// drawn are property_fill_gen.cc's (property_writer.h).
#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "codegen/property_writer.h"

namespace mplc::codegen {

namespace {

const char kSupport[] =
#include "codegen/property_support.inc"
    ;

bool reads_param(const sema::Expr* e) {
  if (e == nullptr) return false;
  if (e->kind == sema::Expr::Kind::kParamRef) return true;
  for (const auto& o : e->operands) {
    if (reads_param(o.get())) return true;
  }
  return false;
}

// How an embedded packet's write learns its arguments (what
// BuilderWriter::arguments_for() makes of them): before its walk (`kEarly`:
// from fields written before it, constants, and the enclosing packet's own
// arguments when those were known early), only from its own size
// (`kLate`: rdlength = sizeof(rdata)), or not at all (`kUnknown`: a
// checksum, remaining(), a value(...) field outside the frame...).
enum class Args { kEarly, kLate, kUnknown };

Args merge(Args a, Args b) { return std::max(a, b); }

Args args_of(const plan::Plan& plan, const sema::Embedded& embedded, const sema::Expr& e, bool early) {
  Args args = Args::kEarly;
  switch (e.kind) {
    case sema::Expr::Kind::kParamRef:
      if (!early) args = Args::kUnknown;
      break;
    case sema::Expr::Kind::kRemaining: args = Args::kUnknown; break;
    case sema::Expr::Kind::kSizeof:
      if (e.target == &embedded) args = Args::kLate;
      break;
    case sema::Expr::Kind::kFieldRef:
      if (e.field == nullptr || !e.field->type.is_integer() || e.field->checksum) {
        args = Args::kUnknown;
      } else if (&plan.layout().frame_of(*e.field) != &plan.layout().frame_of(embedded)) {
        if (e.field->value) args = Args::kUnknown;  // around an element: computed after the array
      } else if (e.field->value) {
        args = args_of(plan, embedded, *e.field->value, early);
      }
      break;
    default: break;
  }
  for (const auto& o : e.operands) args = merge(args, args_of(plan, embedded, *o, early));
  return args;
}

bool reads_any_param(const sema::Block& block);

bool item_reads_param(const sema::Item& item) {
  if (const auto* f = item.as_field()) {
    return reads_param(f->type.size.get()) || reads_param(f->min.get()) || reads_param(f->max.get()) ||
           reads_param(f->const_value.get());
  }
  if (const auto* array = item.as_array()) return reads_param(array->bound.get()) || reads_any_param(array->element);
  if (const auto* embedded = item.as_embedded()) {
    return reads_param(embedded->size.get()) ||
           std::any_of(embedded->args.begin(), embedded->args.end(), [](const auto& a) { return reads_param(a.get()); });
  }
  if (const auto* classify = item.as_classify()) {
    if (reads_param(classify->subject.get())) return true;
    return std::any_of(classify->cases.begin(), classify->cases.end(),
                       [](const auto& k) { return reads_param(k->guard.get()) || reads_any_param(k->body); });
  }
  return false;
}

bool reads_any_param(const sema::Block& block) {
  return std::any_of(block.items.begin(), block.items.end(), [](const auto& item) { return item_reads_param(*item); });
}

// Whether parse() of `block` decides from the packet's parameters what
// write() cannot check. A packet frame checks its cases, guards and sizes
// over its parameters against its arguments after its walk; its elements and
// embedded packets check against them when the write knew them before its
// walk (`early`: a packet written alone, with its own members, or embedded
// with arguments known early). Unchecked: what an element decides from the
// arguments of a packet whose arguments come late, and everything an
// embedded packet decides from arguments its enclosing builder cannot
// compute. Such a packet's rounds cannot all be checked: one whose bytes
// parse otherwise is counted as unchecked.
bool decides_from_params(const plan::Plan& plan, const sema::Block& block, bool early, bool in_element, int depth = 0) {
  if (depth > 16) return true;  // embedded packets nested this deep: assume the worst
  for (const auto& owned : block.items) {
    if (in_element && !early && item_reads_param(*owned) && owned->as_embedded() == nullptr) return true;
    if (const auto* array = owned->as_array()) {
      if (decides_from_params(plan, array->element, early, true, depth)) return true;
    } else if (const auto* embedded = owned->as_embedded()) {
      if (embedded->target == nullptr || embedded->target->parameters.empty()) continue;
      Args args = Args::kEarly;
      for (const auto& a : embedded->args) args = merge(args, args_of(plan, *embedded, *a, early));
      if (args == Args::kUnknown && reads_any_param(embedded->target->body)) return true;
      if (args != Args::kUnknown &&
          decides_from_params(plan, embedded->target->body, args == Args::kEarly, false, depth + 1)) {
        return true;
      }
    } else if (const auto* classify = owned->as_classify()) {
      for (const auto& kase : classify->cases) {
        if (decides_from_params(plan, kase->body, early, in_element, depth)) return true;
      }
    }
  }
  return false;
}

}  // namespace

void PropertyWriter::declare(const sema::Packet& packet) {
  names_ = &plan_.packet(packet).names;
  const std::string q = e_.qualified_packet(packet);
  out_.line("void fill_params(gen& g, $q$::builder& b);", {{"q", q}});
  out_.line("void fill(gen& g, $q$::builder& b);", {{"q", q}});
  out_.line("const char* check(const $q$::builder& b, const $q$::view& v);", {{"q", q}});
  for_each_struct(packet.body, [&](const std::string& builder, const std::string& view, const sema::Block&) {
    out_.line("void fill(gen& g, $q$::$b$& b, const $q$::builder& root);", {{"q", q}, {"b", builder}});
    out_.line("const char* check(const $q$::$b$& b, const $q$::$v$& v);", {{"q", q}, {"b", builder}, {"v", view}});
  });
}

void PropertyWriter::define(const sema::Packet& packet) {
  names_ = &plan_.packet(packet).names;
  const std::string q = e_.qualified_packet(packet);
  out_.line("void fill_params([[maybe_unused]] gen& g, [[maybe_unused]] $q$::builder& b) {", {{"q", q}});
  for (const auto& p : packet.parameters) {
    out_.line("  b.$n$ = $v$;", {{"n", Emitter::param_name(p)},
                                  {"v", p.type == sema::Parameter::Type::kBool ? "g.boolean()" : "g.parameter()"}});
  }
  out_.line("}");
  out_.blank();
  out_.line("void fill([[maybe_unused]] gen& g, [[maybe_unused]] $q$::builder& b) {", {{"q", q}});
  {
    Indent in(out_);
    out_.line("[[maybe_unused]] const $q$::builder& root = b;", {{"q", q}});
    fill_block(packet.body);
  }
  out_.line("}");
  out_.blank();
  out_.line("const char* check([[maybe_unused]] const $q$::builder& b, [[maybe_unused]] const $q$::view& v) {", {{"q", q}});
  {
    Indent in(out_);
    check_block(packet.body);
    out_.line("return nullptr;");
  }
  out_.line("}");
  out_.blank();
  for_each_struct(packet.body, [&](const std::string& builder, const std::string& view, const sema::Block& block) {
    out_.line("void fill([[maybe_unused]] gen& g, [[maybe_unused]] $q$::$b$& b, [[maybe_unused]] const $q$::builder& root) {",
              {{"q", q}, {"b", builder}});
    {
      Indent in(out_);
      fill_block(block);
    }
    out_.line("}");
    out_.blank();
    out_.line("const char* check([[maybe_unused]] const $q$::$b$& b, [[maybe_unused]] const $q$::$v$& v) {",
              {{"q", q}, {"b", builder}, {"v", view}});
    {
      Indent in(out_);
      check_block(block);
      out_.line("return nullptr;");
    }
    out_.line("}");
    out_.blank();
  });
}

void PropertyWriter::for_each_struct(const sema::Block& block,
                                   const std::function<void(const std::string&, const std::string&, const sema::Block&)>& f) {
  for (const auto& owned : block.items) {
    if (const auto* array = owned->as_array()) {
      f(names_->element_builder.at(array), names_->element_view.at(array), array->element);
      for_each_struct(array->element, f);
    } else if (const auto* classify = owned->as_classify()) {
      for (const auto& kase : classify->cases) {
        f(names_->branch_builder.at(kase.get()), names_->branch_view.at(kase.get()), kase->body);
        for_each_struct(kase->body, f);
      }
    }
  }
}

bool PropertyWriter::integer_member(const sema::Field& f) const {
  if (!f.type.is_integer()) return false;
  const Kind k = plan_.source(f).kind;
  return k == Kind::kUser || k == Kind::kCaseOrUser;
}

void PropertyWriter::check_block(const sema::Block& block) {
  for (const auto& owned : block.items) {
    const sema::Item& item = *owned;
    const std::string m = Emitter::member(item);
    const std::string path = e_.field_path(item);
    if (const auto* f = item.as_field()) {
      check_field(*f, m, path);
    } else if (const auto* aligned = item.as_array(); aligned != nullptr && aligned->align && *aligned->align >= 16) {
      check_aligned_array(*aligned, m, path);
    } else if (const auto* array = item.as_array()) {
      out_.line("if (b.$m$.size() != v.$m$().size()) return \"$p$ (element count)\";", {{"m", m}, {"p", path}});
      out_.line("{");
      out_.line("  auto it = v.$m$().begin();", {{"m", m}});
      out_.line("  for (const auto& e : b.$m$.elements()) {", {{"m", m}});
      out_.line("    if (const char* r = check(e, *it)) return r;");
      out_.line("    ++it;");
      out_.line("  }");
      out_.line("}");
      (void)array;
    } else if (const auto* embedded = item.as_embedded()) {
      if (embedded->target == nullptr) continue;
      out_.line("if (const char* r = check(b.$m$, v.$m$())) return r;", {{"m", m}});
    } else if (const auto* classify = item.as_classify()) {
      const std::string member = names_->builder_member.at(classify);
      out_.line("switch (b.$b$.index()) {", {{"b", member}});
      for (std::size_t i = 0; i < classify->cases.size(); ++i) {
        const auto& kase = *classify->cases[i];
        out_.line("  case $i$: {", {{"i", std::to_string(i)}});
        out_.line("    const auto c = v.$as$();", {{"as", names_->case_as.at(&kase)}});
        out_.line("    if (!c) return \"$p$ (another case than $l$)\";", {{"p", path}, {"l", kase.label}});
        out_.line("    if (const char* r = check(std::get<$i$>(b.$b$), *c)) return r;", {{"i", std::to_string(i)}, {"b", member}});
        out_.line("    break;");
        out_.line("  }");
      }
      out_.line("}");
    }
  }
}

void PropertyWriter::check_aligned_array(const sema::Array& array, const std::string& m, const std::string& path) {
  out_.line("{");
  out_.indent();
  out_.line("const auto built = b.$m$.elements();", {{"m", m}});
  out_.line("if (v.$m$().size() < built.size()) return \"$p$ (element count)\";", {{"m", m}, {"p", path}});
  out_.line("auto it = v.$m$().begin();", {{"m", m}});
  out_.line("std::size_t end = 0;  // where the elements built end in the array's bytes");
  out_.line("for (std::size_t i = 0; i < built.size(); ++i, ++it) {");
  out_.line("  end += element_size(built[i]);");
  out_.line("  // A last element reading remaining() reads the pad too (checked below).");
  out_.line("  if (i + 1 == built.size() && takes_rest(built[i])) continue;");
  out_.line("  if (const char* r = check(built[i], *it)) return r;");
  out_.line("}");
  out_.line("const mpl::bytes all = v.$m$().bytes();", {{"m", m}});
  out_.line("if (all.size() < end || all.size() - end >= $a$) return \"$p$ (more than the pad)\";",
            {{"a", std::to_string(*array.align / 8)}, {"p", path}});
  out_.line("for (std::size_t i = end; i < all.size(); ++i) {");
  out_.line("  if (all[i] != 0) return \"$p$ (a pad byte is not zero)\";", {{"p", path}});
  out_.line("}");
  out_.outdent();
  out_.line("}");
}

void PropertyWriter::check_field(const sema::Field& f, const std::string& m, const std::string& path) {
  if (f.type.kind == sema::Type::Kind::kLabel || f.type.kind == sema::Type::Kind::kError) return;
  const auto& source = plan_.source(f);
  // A member holding the subject of a classify is written only for the
  // cases that do not carry a value of their own.
  std::string when;
  if (source.kind == Kind::kCaseOrUser && source.classify != nullptr) {
    for (std::size_t i = 0; i < source.classify->cases.size(); ++i) {
      if (plan::matches_one_value(*source.classify->cases[i])) continue;
      when += fmt::format("{}b.{}.index() == {}", when.empty() ? "" : " || ", names_->builder_member.at(source.classify), i);
    }
    when = "(" + when + ") && ";
  }
  switch (f.type.kind) {
    case sema::Type::Kind::kBits:
    case sema::Type::Kind::kUint:
      if (!integer_member(f)) return;
      out_.line("if ($w$b.$m$ != v.$m$()) return \"$p$\";", {{"w", when}, {"m", m}, {"p", path}});
      return;
    case sema::Type::Kind::kBytes: {
      if (f.const_bytes || source.kind == Kind::kCase) return;
      const auto& info = e_.layout().item(f);
      if (info.fixed_size) {
        if (info.size == 0) return;
        out_.line("if ($w$std::memcmp(b.$m$.data(), v.$m$().data(), $k$) != 0) return \"$p$\";",
                  {{"w", when}, {"m", m}, {"k", std::to_string(info.size)}, {"p", path}});
      } else {
        out_.line("if (!same_payload(b.$m$, v.$m$())) return \"$p$\";", {{"m", m}, {"p", path}});
      }
      return;
    }
    case sema::Type::Kind::kCustom:
      // A custom view has no common shape to compare with its value_type:
      // the rebuild of the parsed packet compares its bytes instead.
    case sema::Type::Kind::kLabel:
    case sema::Type::Kind::kError:
      return;
  }
}


std::string Emitter::run_property(const std::string& header) {
  const std::string spec = options_.spec_display_path.empty() ? diags_.sources().path(model_.root)
                                                              : options_.spec_display_path;
  const std::string version = options_.compiler_version.empty() ? std::string(MPLC_VERSION) : options_.compiler_version;
  out_.line("// Generated by mplc $version$ from $spec$ (--emit=property). Do not edit.", {{"version", version}, {"spec", spec}});
  out_.line("//");
  out_.line("// Builder/parser property test for every packet of the spec: random builder");
  out_.line("// values, write, parse, compare (see compiler/codegen/property_gen.cc and");
  out_.line("// docs/robustness.md). Usage: [--seed N] [--rounds N] [--packet NAME] [--round N]");
  out_.line("// [--known TEXT]...");
  for (const char* h : {"algorithm", "cstddef", "cstdint", "cstdio", "cstdlib", "cstring", "memory", "optional", "string", "string_view", "variant", "vector"}) {
    out_.line("#include <$h$>", {{"h", h}});
  }
  out_.blank();
  out_.line("#include <mpl/custom.h>");
  out_.line("#include \"$h$\"", {{"h", header}});
  out_.append(kSupport);
  out_.blank();
  out_.line("namespace {");
  out_.blank();
  PropertyWriter writer(*this);
  for (const auto& packet : model_.packets) writer.declare(*packet);
  out_.blank();
  for (const auto& packet : model_.packets) writer.define(*packet);
  std::vector<const sema::Packet*> roots;
  for (const auto& packet : model_.packets) {
    if (packet->in_root) roots.push_back(packet.get());
  }
  for (std::size_t index = 0; index < roots.size(); ++index) {
    const sema::Packet& packet = *roots[index];
    const std::string q = qualified_packet(packet);
    std::string args;
    for (const auto& p : packet.parameters) args += ", b." + param_name(p);
    out_.line("void run_$n$(std::uint64_t seed, std::uint64_t rounds, long long only_round, tally& t) {", {{"n", packet.name}});
    {
      Indent in(out_);
      out_.line("t.packet = \"$n$\";", {{"n", packet.name}});
      out_.line("for (std::uint64_t round = 0; round < rounds; ++round) {");
      out_.line("  if (only_round >= 0 && round != static_cast<std::uint64_t>(only_round)) continue;");
      out_.line("  gen g(((seed * 1000003u) + $i$u) * 1000003u + round);", {{"i", std::to_string(index)}});
      out_.line("  g.wild = g.one_in(4);");
      out_.line("  g.budget = 4096;");
      out_.line("  $q$::builder b;", {{"q", q}});
      out_.line("  fill_params(g, b);");
      out_.line("  fill(g, b);");
      out_.line("  std::vector<std::uint8_t> out;");
      out_.line("  const auto w = write_to(b, out);");
      out_.line("  if (!w.ok()) {");
      out_.line("    ++t.refused;");
      out_.line("    ++t.by_kind[static_cast<unsigned>(w.error().kind) % 32];");
      out_.line("    const mpl::error& e = w.error();");
      out_.line("    if (e.kind == mpl::error_kind::buffer_too_small || e.field == nullptr || e.field[0] == '\\0') {");
      out_.line("      failure(t, seed, round, \"write() refused without a clear error\", e.describe(), out);");
      out_.line("    }");
      out_.line("    continue;");
      out_.line("  }");
      out_.line("  ++t.written;");
      out_.line("  constexpr bool decides_from_params = $d$;", {{"d", decides_from_params(plan_, packet.body, true, false) ? "true" : "false"}});
      out_.line("  if (*w != out.size()) failure(t, seed, round, \"write() wrote another size than size()\", \"\", out);");
      out_.line("  for (const std::size_t cap : {out.size() - 1, static_cast<std::size_t>(g.below(out.size()))}) {");
      out_.line("    if (out.empty()) break;");
      out_.line("    if (const char* why = short_write(b, out.size(), cap)) failure(t, seed, round, why, \"into \" + std::to_string(cap) + \" bytes\", out);");
      out_.line("  }");
      out_.line("  const auto v = $q$::parse(mpl::bytes{out.data(), out.size()}$a$);", {{"q", q}, {"a", args}});
      out_.line("  if (!v.ok()) {");
      out_.line("    if (decides_from_params) {");
      out_.line("      ++t.unchecked;");
      out_.line("      continue;");
      out_.line("    }");
      out_.line("    failure(t, seed, round, \"the written packet does not parse\", v.error().describe(), out);");
      out_.line("    continue;");
      out_.line("  }");
      out_.line("  if (decides_from_params && (v->size() != out.size() || check(b, *v) != nullptr)) {");
      out_.line("    ++t.unchecked;");
      out_.line("    continue;");
      out_.line("  }");
      out_.line("  if (v->size() != out.size()) {");
      out_.line("    failure(t, seed, round, \"parse() reads another size than written\",");
      out_.line("            std::string(t.packet) + \" size \" + std::to_string(v->size()), out);");
      out_.line("    continue;  // one disagreement per round: the rest follow from it");
      out_.line("  }");
      out_.line("  if (const char* where = check(b, *v)) {");
      out_.line("    failure(t, seed, round, \"parse() reads another value than written\", where, out);");
      out_.line("    continue;");
      out_.line("  }");
      out_.line("  const auto again = $q$::builder::from(*v);", {{"q", q}});
      out_.line("  std::vector<std::uint8_t> out2;");
      out_.line("  const auto w2 = write_to(again, out2);");
      out_.line("  if (!w2.ok() || out2 != out) {");
      out_.line("    failure(t, seed, round, \"builder::from(parse(bytes)) writes other bytes\",");
      out_.line("            w2.ok() ? std::string() : w2.error().describe(), out);");
      out_.line("  }");
      out_.line("}");
    }
    out_.line("}");
    out_.blank();
  }
  out_.line("}  // namespace");
  out_.blank();
  out_.line("int main(int argc, char** argv) {");
  {
    Indent in(out_);
    out_.line("std::uint64_t seed = 1, rounds = 300;");
    out_.line("long long only_round = -1;");
    out_.line("const char* only_packet = nullptr;");
    out_.line("for (int i = 1; i + 1 < argc; i += 2) {");
    out_.line("  if (std::strcmp(argv[i], \"--seed\") == 0) seed = std::strtoull(argv[i + 1], nullptr, 10);");
    out_.line("  else if (std::strcmp(argv[i], \"--rounds\") == 0) rounds = std::strtoull(argv[i + 1], nullptr, 10);");
    out_.line("  else if (std::strcmp(argv[i], \"--round\") == 0) only_round = std::strtoll(argv[i + 1], nullptr, 10);");
    out_.line("  else if (std::strcmp(argv[i], \"--packet\") == 0) only_packet = argv[i + 1];");
    out_.line("  else if (std::strcmp(argv[i], \"--known\") == 0) known_disagreements.emplace_back(argv[i + 1]);");
    out_.line("}");
    out_.line("tally tallies[$n$];", {{"n", std::to_string(std::max<std::size_t>(roots.size(), 1))}});
    out_.line("[[maybe_unused]] std::size_t ran = 0;");
    for (const sema::Packet* packet : roots) {
      out_.line("if (only_packet == nullptr || std::strcmp(only_packet, \"$n$\") == 0) run_$n$(seed, rounds, only_round, tallies[ran++]);",
                {{"n", packet->name}});
    }
    out_.line("int status = 0;");
    out_.line("for (std::size_t i = 0; i < ran; ++i) {");
    out_.line("  const tally& t = tallies[i];");
    out_.line("  std::printf(\"%s: %llu written, %llu refused\", t.packet, static_cast<unsigned long long>(t.written),");
    out_.line("              static_cast<unsigned long long>(t.refused));");
    out_.line("  for (unsigned k = 0; k < 32; ++k) {");
    out_.line("    if (t.by_kind[k] == 0) continue;");
    out_.line("    const std::string_view kind = mpl::to_string(static_cast<mpl::error_kind>(k));");
    out_.line("    std::printf(\" %.*s=%llu\", static_cast<int>(kind.size()), kind.data(), static_cast<unsigned long long>(t.by_kind[k]));");
    out_.line("  }");
    out_.line("  if (t.unchecked != 0) std::printf(\" (%llu unchecked: parameters)\", static_cast<unsigned long long>(t.unchecked));");
    out_.line("  if (t.known != 0) std::printf(\" (%llu known disagreements)\", static_cast<unsigned long long>(t.known));");
    out_.line("  std::printf(\"\\n\");");
    out_.line("  if (t.failed) status = 1;");
    out_.line("  if (t.written == t.unchecked && only_round < 0) {");
    out_.line("    std::fprintf(stderr, \"FAIL %s: never written (and checked) in %llu rounds\\n\", t.packet, static_cast<unsigned long long>(rounds));");
    out_.line("    status = 1;");
    out_.line("  }");
    out_.line("}");
    out_.line("if (only_packet != nullptr && ran == 0) {");
    out_.line("  std::fprintf(stderr, \"no packet named %s\\n\", only_packet);");
    out_.line("  status = 2;");
    out_.line("}");
    out_.line("return status;");
  }
  out_.line("}");
  return out_.take();
}

std::string generate_property_test(const sema::Model& model, const CodegenOptions& options, Diagnostics& diagnostics) {
  return emit_companion(model, options, diagnostics, &Emitter::run_property);
}

}  // namespace mplc::codegen
