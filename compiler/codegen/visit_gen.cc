// Visitors: with CodegenOptions::emit_visitor, each packet P gets
//
//   template <class V> void visit(const P::view& v, V& visitor);
//
// which walks the parsed packet in wire order and reports every field by
// its spec name, so generic tools (mpldump's JSON output) need no per-field
// code. The interface V implements is documented in docs/generated-api.md,
// "Visiting". Only parsed views are walked, so every accessor is valid.
#include <fmt/format.h>

#include "codegen/emitter.h"

namespace mplc::codegen {

namespace {

// The name a visitor sees: the spec's name (`name_2` for repeated padding),
// never the C++ mangling of it.
std::string spec_name(const sema::Item& item) {
  const auto* field = item.as_field();
  return field != nullptr ? field->accessor : item.name;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

class VisitWriter {
 public:
  explicit VisitWriter(Emitter& emitter) : e_(emitter), out_(emitter.out()) {}

  // The items of `block`, read through the accessor object `self`.
  void block(const sema::Block& block, const std::string& self) {
    for (const auto& owned : block.items) item(*owned, self);
  }

 private:
  std::string fresh(const char* stem) { return fmt::format("{}{}", stem, counter_++); }

  void item(const sema::Item& item, const std::string& self) {
    const std::string call = self + "." + Emitter::member(item) + "()";
    const std::string name = quoted(spec_name(item));
    if (const auto* field = item.as_field()) {
      switch (field->type.kind) {
        case sema::Type::Kind::kBits:
        case sema::Type::Kind::kUint:
          if (field->variant) {
            variant(*field, call, name);
          } else if (field->type.is_signed) {
            // signed_integer() is optional: a visitor without it gets the
            // value's 64-bit two's complement through integer().
            out_.line("if constexpr (requires { visitor.signed_integer($name$, std::int64_t{0}, 8u); }) {",
                      {{"name", name}});
            out_.line("  visitor.signed_integer($name$, std::int64_t{$call$}, $bits$u);",
                      {{"name", name}, {"call", call}, {"bits", std::to_string(field->type.width)}});
            out_.line("} else {");
            out_.line("  visitor.integer($name$, static_cast<std::uint64_t>($call$), $bits$u);",
                      {{"name", name}, {"call", call}, {"bits", std::to_string(field->type.width)}});
            out_.line("}");
          } else {
            out_.line("visitor.integer($name$, static_cast<std::uint64_t>($call$), $bits$u);",
                      {{"name", name}, {"call", call}, {"bits", std::to_string(field->type.width)}});
          }
          break;
        case sema::Type::Kind::kBytes:
          out_.line("visitor.bytes($name$, $call$);", {{"name", name}, {"call", call}});
          break;
        case sema::Type::Kind::kCustom:
          out_.line("visitor.custom($name$, $call$);", {{"name", name}, {"call", call}});
          break;
        case sema::Type::Kind::kLabel:  // zero width: nothing on the wire to report
        case sema::Type::Kind::kError:
          break;
      }
    } else if (const auto* array = item.as_array()) {
      const std::string index = fresh("i");
      const std::string element = fresh("e");
      out_.line("visitor.begin_array($name$);", {{"name", name}});
      out_.line("{");
      {
        Indent in(out_);
        out_.line("std::size_t $i$ = 0;", {{"i", index}});
        out_.line("for (const auto& $e$ : $call$) {", {{"e", element}, {"call", call}});
        {
          Indent in2(out_);
          out_.line("visitor.begin_element($i$++);", {{"i", index}});
          block(array->element, element);
          out_.line("visitor.end_element();");
        }
        out_.line("}");
      }
      out_.line("}");
      out_.line("visitor.end_array();");
    } else if (const auto* embedded = item.as_embedded()) {
      if (embedded->target == nullptr) return;
      out_.line("visitor.begin_packet($name$, $packet$);", {{"name", name}, {"packet", quoted(embedded->target->name)}});
      out_.line("$q$::visit($call$, visitor);", {{"q", e_.qualified_packet(*embedded->target)}, {"call", call}});
      out_.line("visitor.end_packet();");
    } else if (const auto* classify = item.as_classify()) {
      // The subject as the spec names it (a field, a parameter, the names
      // an expression reads), so a consumer never sees generated names like
      // classify0_case; an expression reading no name keeps the accessor's.
      std::string subject_name = sema::classify_subject_name(*classify);
      if (subject_name.empty()) subject_name = e_.names().case_accessor.at(classify);
      const std::string subject = quoted(subject_name);
      for (const auto& kase : classify->cases) {
        const std::string branch = fresh("b");
        out_.line("if (const auto $b$ = $self$.$as$()) {", {{"b", branch}, {"self", self}, {"as", e_.names().case_as.at(kase.get())}});
        {
          Indent in(out_);
          out_.line("visitor.begin_case($subject$, \"$label$\");", {{"subject", subject}, {"label", kase->label}});
          block(kase->body, "(*" + branch + ")");
          out_.line("visitor.end_case();");
        }
        out_.line("}");
      }
    }
  }

  // Single values in a switch; ranges after it, for values the switch left.
  // A signed field's value and case bounds are compared as int64, and the
  // visitor's optional signed_variant() gets it with its sign (without
  // that hook variant() gets the value's 64-bit two's complement).
  void variant(const sema::Field& field, const std::string& call, const std::string& name) {
    const std::string value = fresh("v");
    const std::string label = fresh("l");
    const bool is_signed = field.type.is_signed;
    // Case bounds are stored as 64-bit patterns; a signed one is written as
    // its int64 value (the lowest without a literal C++ cannot spell).
    auto literal = [&](std::uint64_t pattern) -> std::string {
      if (!is_signed) return std::to_string(pattern) + "u";
      if (pattern == std::uint64_t{1} << 63) return "(-9223372036854775807 - 1)";
      return std::to_string(static_cast<std::int64_t>(pattern));
    };
    const std::string bits = std::to_string(field.type.width);
    out_.line("{");
    {
      Indent in(out_);
      out_.line("const auto $v$ = static_cast<$t$>($call$);",
                {{"v", value}, {"t", is_signed ? "std::int64_t" : "std::uint64_t"}, {"call", call}});
      out_.line("const char* $l$ = nullptr;", {{"l", label}});
      out_.line("switch ($v$) {", {{"v", value}});
      for (const auto& vcase : field.variant->cases) {
        if (vcase.low != vcase.high) continue;
        out_.line("  case $n$: $l$ = \"$label$\"; break;",
                  {{"n", literal(vcase.low)}, {"l", label}, {"label", vcase.name}});
      }
      out_.line("  default: break;");
      out_.line("}");
      for (const auto& vcase : field.variant->cases) {
        if (vcase.low == vcase.high) continue;
        out_.line("if ($l$ == nullptr && $v$ >= $lo$ && $v$ <= $hi$) $l$ = \"$label$\";",
                  {{"l", label}, {"v", value}, {"lo", literal(vcase.low)},
                   {"hi", literal(vcase.high)}, {"label", vcase.name}});
      }
      if (is_signed) {
        out_.line("if constexpr (requires { visitor.signed_variant($name$, std::int64_t{0}, $l$, 8u); }) {",
                  {{"name", name}, {"l", label}});
        out_.line("  visitor.signed_variant($name$, $v$, $l$, $bits$u);",
                  {{"name", name}, {"v", value}, {"l", label}, {"bits", bits}});
        out_.line("} else {");
        out_.line("  visitor.variant($name$, static_cast<std::uint64_t>($v$), $l$, $bits$u);",
                  {{"name", name}, {"v", value}, {"l", label}, {"bits", bits}});
        out_.line("}");
      } else {
        out_.line("visitor.variant($name$, $v$, $l$, $bits$u);",
                  {{"name", name}, {"v", value}, {"l", label}, {"bits", bits}});
      }
    }
    out_.line("}");
  }

  Emitter& e_;
  Printer& out_;
  int counter_ = 0;
};

}  // namespace

void emit_visitor(Emitter& emitter, const sema::Packet& packet) {
  Printer& out = emitter.out();
  out.line("// Reports every field of a parsed $name$ packet to `visitor`, in wire order",
           {{"name", packet.name}});
  out.line("// (the visitor interface: docs/generated-api.md, \"Visiting\").");
  out.line("template <class V>");
  out.line("void visit(const view& v, V& visitor) {");
  {
    Indent in(out);
    VisitWriter writer(emitter);
    writer.block(packet.body, "v");
    out.line("(void)v;");
    out.line("(void)visitor;");
  }
  out.line("}");
  out.blank();
}

}  // namespace mplc::codegen
