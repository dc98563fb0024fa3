// A property test's fill() functions (property_gen.cc has the rest of the
// test): each fills a builder struct from the random source `g`, every
// member the user sets, within the values the field accepts (about twice
// their range in a wild round), with a random classify case, arrays of a
// random number of elements and embedded packets, recursively.
#include <fmt/format.h>

#include <algorithm>

#include "codegen/property_writer.h"

namespace mplc::codegen {

std::string cpp_string_literal(const std::string& bytes);

namespace {

unsigned member_bits(const sema::Field& f) {
  const unsigned w = f.type.width;
  return w <= 8 ? 8 : w <= 16 ? 16 : w <= 32 ? 32 : 64;
}

// The values a field accepts, as C++ literals for gen::integer().
std::pair<std::string, std::string> accepted_range(const sema::Field& f) {
  if (f.type.is_signed) {
    return {std::to_string(f.min_int.value_or(signed_min_pattern(f.type.width))) + "u",
            std::to_string(f.max_int.value_or(signed_max_pattern(f.type.width))) + "u"};
  }
  const std::uint64_t width_max = f.type.width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << f.type.width) - 1;
  return {std::to_string(f.min_int.value_or(0)) + "u",
          std::to_string(f.max_int ? std::min(*f.max_int, width_max) : width_max) + "u"};
}

}  // namespace

bool PropertyWriter::computable(const sema::Expr& e, const sema::Block& block, const sema::Item* before, bool fields) const {
  using K = sema::Expr::Kind;
  switch (e.kind) {
    case K::kInteger:
    case K::kBoolean:
    case K::kParamRef:
      return true;
    case K::kFieldRef: {
      if (fields && e.field != nullptr && before != nullptr && e.field->parent == &block &&
          string_length_of(*e.field, block, before) != nullptr) {
        return true;  // the length of a string filled already (render(): its size())
      }
      if (!fields || e.field == nullptr || before == nullptr || !integer_member(*e.field)) return false;
      if (e.field->parent == &block) return e.field->index < before->index && plan_.source(*e.field).kind == Kind::kUser;
      // A member of the packet's builder (root) filled before the item holding `block`.
      const sema::Item* top = before;
      while (top->parent != nullptr && top->parent->kind != sema::Block::Kind::kPacketBody) {
        const sema::Block* up = top->parent;
        top = up->kind == sema::Block::Kind::kArrayElement ? static_cast<const sema::Item*>(up->array)
                                                            : static_cast<const sema::Item*>(up->classify_case->classify);
      }
      return e.field->parent == top->parent && e.field->index < top->index;
    }
    case K::kUnary:
    case K::kBinary:
      for (const auto& o : e.operands) {
        if (!computable(*o, block, before, fields)) return false;
      }
      return true;
    default:
      return e.constant.has_value();
  }
}

std::string PropertyWriter::render(const sema::Expr& e) {
  ExprEnv env;
  env.field = [this](const sema::Field& f) {
    // A length computed from a string of this block (computable() allows
    // only those filled already): the string's size.
    if (const sema::Field* string = f.parent == current_block_ ? string_length_of(f, *current_block_, nullptr) : nullptr) {
      return "static_cast<std::uint64_t>(b." + Emitter::member(*string) + ".size())";
    }
    const bool own = f.parent == current_block_;
    return "static_cast<std::uint64_t>(" + std::string(own ? "b." : "root.") + Emitter::member(f) + ")";
  };
  env.param = [this, &e](std::size_t i) {
    const auto& p = e_packet_of(e).parameters[i];
    return p.type == sema::Parameter::Type::kBool ? "root." + Emitter::param_name(p)
                                                    : "std::uint64_t{root." + Emitter::param_name(p) + "}";
  };
  auto zero = [](const sema::Item&) { return std::string("std::uint64_t{0}"); };
  env.offset = zero;
  env.size_of = zero;
  env.array_length = zero;
  env.remaining = [] { return std::string("std::uint64_t{0}"); };
  return e_.expr(e, env);
}

std::string PropertyWriter::member_type(const sema::Field& f) const {
  if (f.variant) return e_.qualified_packet(f.packet()) + "::" + names_->variant_enum.at(&f);
  return f.type.is_signed ? Emitter::int_type(f.type.width) : Emitter::uint_type(f.type.width);
}

void PropertyWriter::fill_integer(const sema::Field& f, const std::string& lhs) {
  const auto [lo, hi] = accepted_range(f);
  const std::string args = fmt::format("{}, {}, {}, {}", member_bits(f), f.type.is_signed ? "true" : "false", lo, hi);
  if (f.variant && !f.variant->cases.empty()) {
    std::string table;
    for (const auto& c : f.variant->cases) table += fmt::format("{}{{{}u, {}u}}", table.empty() ? "" : ", ", c.low, c.high);
    out_.line("{");
    out_.line("  static constexpr std::uint64_t cases[][2] = {$t$};", {{"t", table}});
    out_.line("  $lhs$ = static_cast<$type$>(g.variant(cases, $args$));",
              {{"lhs", lhs}, {"type", member_type(f)}, {"args", args}});
    out_.line("}");
  } else {
    out_.line("$lhs$ = static_cast<$type$>(g.integer($args$));", {{"lhs", lhs}, {"type", member_type(f)}, {"args", args}});
  }
}

void PropertyWriter::fill_block(const sema::Block& block) {
  current_packet_ = block.packet;
  current_block_ = &block;
  for (const auto& owned : block.items) {
    const sema::Item& item = *owned;
    const std::string name = "b." + Emitter::member(item);
    if (const auto* f = item.as_field()) {
      fill_field(*f, block, name);
    } else if (const auto* array = item.as_array()) {
      const bool until = array->bound_kind == sema::Array::Bound::kUntil;
      out_.line("{");
      out_.line("  auto& elements = g.elements<$q$::$e$>($min$);",
                {{"q", e_.qualified_packet(*block.packet)}, {"e", names_->element_builder.at(array)},
                 {"min", until ? "1" : ""}});
      out_.line("  ++g.depth;");
      if (until) {
        // parse() ends an `array until` at the first element whose
        // condition holds: draws per element for one that ends the array
        // where it should (the last one; a condition like DHCP's End is
        // one case in many), else most rounds would be refused for it and
        // say nothing about the rest.
        out_.line("  for (std::size_t i = 0; i < elements.size(); ++i) {");
        out_.line("    const int draws = i + 1 == elements.size() ? 64 : 8;");
        out_.line("    for (int draw = 0; draw < draws; ++draw) {");
        out_.line("      fill(g, elements[i], root);");
        out_.line("      const std::optional<bool> ends = ends_until(elements[i]);");
        out_.line("      if (!ends || *ends == (i + 1 == elements.size())) break;");
        out_.line("    }");
        out_.line("  }");
      } else {
        out_.line("  for (auto& element : elements) fill(g, element, root);");
      }
      out_.line("  --g.depth;");
      out_.line("  $n$ = elements;", {{"n", name}});
      out_.line("}");
    } else if (const auto* embedded = item.as_embedded()) {
      if (embedded->target == nullptr) continue;
      out_.line("fill_params(g, $n$);", {{"n", name}});
      // Its parameters are the arguments parse() will pass, where they
      // are known before the write (not computed ones).
      for (std::size_t i = 0; i < embedded->args.size() && i < embedded->target->parameters.size(); ++i) {
        if (!computable(*embedded->args[i], block, &item, true)) continue;
        const auto& p = embedded->target->parameters[i];
        out_.line("$n$.$p$ = $v$;",
                  {{"n", name}, {"p", Emitter::param_name(p)},
                   {"v", p.type == sema::Parameter::Type::kBool ? "(" + render(*embedded->args[i]) + ")"
                                                                : render(*embedded->args[i])}});
      }
      out_.line("++g.depth;");
      out_.line("fill(g, $n$);", {{"n", name}});
      out_.line("--g.depth;");
    } else if (const auto* classify = item.as_classify()) {
      fill_classify(*classify, block);
    }
  }
}

const sema::Field* PropertyWriter::string_length_of(const sema::Field& length, const sema::Block& block,
                                                    const sema::Item* before) const {
  if (!length.value) return nullptr;
  const sema::Expr& v = *length.value;
  if (v.kind != sema::Expr::Kind::kSizeof || v.target == nullptr || v.target == before) return nullptr;
  const auto* string = v.target->as_field();
  if (string == nullptr || string->parent != &block || (before != nullptr && string->index >= before->index) ||
      string->type.kind != sema::Type::Kind::kBytes || e_.layout().item(*string).fixed_size || string->const_bytes) {
    return nullptr;
  }
  return string;
}

const sema::Item* PropertyWriter::sized_like(const sema::Field& f, const sema::Block& block) const {
  const sema::Expr* size = f.type.size.get();
  if (size == nullptr || size->kind != sema::Expr::Kind::kFieldRef || size->field == nullptr) return nullptr;
  return string_length_of(*size->field, block, &f);
}

void PropertyWriter::fill_field(const sema::Field& f, const sema::Block& block, const std::string& name) {
  switch (f.type.kind) {
    case sema::Type::Kind::kBits:
    case sema::Type::Kind::kUint:
      if (integer_member(f)) fill_integer(f, name);
      break;
    case sema::Type::Kind::kBytes: {
      if (f.const_bytes) break;
      const auto& info = e_.layout().item(f);
      if (info.fixed_size) {
        if (plan_.source(f).kind != Kind::kCase && info.size > 0) {
          out_.line("g.fill($n$.data(), $k$);", {{"n", name}, {"k", std::to_string(info.size)}});
        }
      } else if (const sema::Item* twin = sized_like(f, block)) {
        // Sized by a length computed from an earlier string (ARP's target
        // addresses): in a tame round, as long as that one.
        out_.line("$n$ = g.wild ? g.bytes() : g.bytes_of(b.$t$.size());", {{"n", name}, {"t", Emitter::member(*twin)}});
      } else if (f.type.size && computable(*f.type.size, block, &f, true)) {
        // A size parse() takes from parameters, fields filled already and
        // the lengths of strings filled already (pcapng's padding after
        // its value): in a tame round, that size.
        out_.line("$n$ = g.wild ? g.bytes() : g.bytes_of(static_cast<std::size_t>(std::min<std::uint64_t>($s$, 4096)));",
                  {{"n", name}, {"s", render(*f.type.size)}});
      } else {
        out_.line("$n$ = g.bytes();", {{"n", name}});
      }
      break;
    }
    case sema::Type::Kind::kCustom:
      out_.line("$n$ = g.custom<$t$>();", {{"n", name}, {"t", f.type.custom->cpp_type}});
      break;
    case sema::Type::Kind::kLabel:
    case sema::Type::Kind::kError:
      break;
  }
}

void PropertyWriter::fill_classify(const sema::Classify& classify, const sema::Block& block) {
  const std::string member = "b." + names_->builder_member.at(&classify);
  const std::size_t k = classify.cases.size();
  const std::string n = std::to_string(classify.index);
  out_.line("std::size_t pick_$n$ = static_cast<std::size_t>(g.below($k$));", {{"n", n}, {"k", std::to_string(k)}});
  const sema::Expr* subject = classify.subject.get();
  const bool from_params = subject != nullptr && classify.subject_kind != sema::Classify::SubjectKind::kString &&
                           computable(*subject, block, nullptr, false) && !subject->constant;
  if (from_params) {
    // Whatever the round: write() checks the case against the arguments
    // parse() is given, but not in an embedded packet whose arguments
    // read the fields around an array element (docs/generated-api.md,
    // "Limits of this version"), and this fill does not know where the
    // packet is. tests/dns and tests/codec test the refusals.
    out_.line("{");
    {
      Indent in(out_);
      out_.line("[[maybe_unused]] const std::uint64_t subject = static_cast<std::uint64_t>($s$);", {{"s", render(*subject)}});
      for (std::size_t i = 0; i < k; ++i) {
        const auto& kase = *classify.cases[i];
        std::string cond = case_condition(kase, "subject");
        if (kase.guard && computable(*kase.guard, block, nullptr, false)) cond = "(" + cond + ") && (" + render(*kase.guard) + ")";
        out_.line("$else$if ($c$) pick_$n$ = $i$;", {{"else", i == 0 ? "" : "else "}, {"c", cond}, {"n", n}, {"i", std::to_string(i)}});
      }
    }
    out_.line("}");
  }
  const sema::Field* subject_field = nullptr;
  if (subject != nullptr && subject->kind == sema::Expr::Kind::kFieldRef && subject->field != nullptr &&
      subject->field->parent == &block && integer_member(*subject->field)) {
    subject_field = subject->field;
  }
  // A variable-size string subject of this struct (a payload member):
  // in a tame round, the chosen case's string.
  const sema::Field* string_subject = nullptr;
  if (subject != nullptr && classify.subject_kind == sema::Classify::SubjectKind::kString &&
      subject->kind == sema::Expr::Kind::kFieldRef && subject->field != nullptr && subject->field->parent == &block &&
      !e_.layout().item(*subject->field).fixed_size) {
    string_subject = subject->field;
  }
  out_.line("switch (pick_$n$) {", {{"n", n}});
  for (std::size_t i = 0; i < k; ++i) {
    const auto& kase = *classify.cases[i];
    out_.line("  case $i$: {", {{"i", std::to_string(i)}});
    out_.line("    fill(g, $m$.emplace<$i$>(), root);", {{"m", member}, {"i", std::to_string(i)}});
    if (subject_field != nullptr && kase.match != sema::ClassifyCase::Match::kWildcard &&
        kase.match != sema::ClassifyCase::Match::kString) {
      const std::string lhs = "b." + Emitter::member(*subject_field);
      const std::string type = member_type(*subject_field);
      const std::string bits = std::to_string(member_bits(*subject_field));
      const std::string sign = subject_field->type.is_signed ? "true" : "false";
      const std::string value =
          kase.match == sema::ClassifyCase::Match::kBoolean
              ? std::string(kase.boolean ? "1u" : "0u")
              : fmt::format("g.integer({}, {}, {}u, {}u)", bits, sign, kase.low,
                            kase.match == sema::ClassifyCase::Match::kRange ? kase.high : kase.low);
      out_.line("    if (!g.wild) $l$ = static_cast<$t$>($v$);", {{"l", lhs}, {"t", type}, {"v", value}});
    }
    if (string_subject != nullptr && kase.match == sema::ClassifyCase::Match::kString) {
      out_.line("    if (!g.wild) b.$s$ = g.copy($lit$);",
                {{"s", Emitter::member(*string_subject)}, {"lit", cpp_string_literal(kase.string)}});
    }
    out_.line("    break;");
    out_.line("  }");
  }
  out_.line("}");
}

}  // namespace mplc::codegen
