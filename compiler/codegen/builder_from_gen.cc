// A builder made from a parsed view (`P::builder::from(v)`, and the same
// for case and element builders): every member the user would supply, read
// back from the view. docs/generated-api.md, "Rebuilding from a view".
#include "codegen/builder_writer.h"

namespace mplc::codegen {

// The body of `from(v)`: every member of `block` the user would supply, read
// back from the view `v` into the builder `b`. Byte strings and arrays refer
// to the view's bytes; embedded packets and classify cases recurse.
void Emitter::emit_from_fill(const sema::Block& block) {
  for (const auto& owned : block.items) {
    const sema::Item& item = *owned;
    const std::string name = member(item);
    if (const auto* f = item.as_field()) {
      const auto& type = f->type;
      if (type.is_integer()) {
        if (!is_user_integer(plan_, *f)) continue;
        if (filled_from_case(plan_, *f)) continue;
        out_.line("b.$name$ = v.$name$();", {{"name", name}});
      } else if (type.kind == sema::Type::Kind::kBytes) {
        if (f->const_bytes) continue;
        const auto& info = layout_.item(item);
        // A fixed-size string subject is written from the chosen case.
        if (info.fixed_size && filled_from_case(plan_, *f)) continue;
        if (info.fixed_size) {
          if (info.size > 0) {
            out_.line("std::memcpy(b.$name$.data(), v.$name$().data(), $n$);",
                      {{"name", name}, {"n", std::to_string(info.size)}});
          }
        } else {
          out_.line("b.$name$ = v.$name$();", {{"name", name}});
        }
      } else if (type.kind == sema::Type::Kind::kCustom) {
        out_.line("b.$name$ = mpl::custom_value_of<$type$>(v.$name$());",
                  {{"name", name}, {"type", type.custom->cpp_type}});
      }
    } else if (const auto* array = item.as_array()) {
      out_.line("b.$name$ = mpl::array_payload<$el$>::wire(v.$name$().bytes(), v.$name$().size());",
                {{"name", name}, {"el", names_.element_builder.at(array)}});
    } else if (const auto* embedded = item.as_embedded()) {
      if (embedded->target == nullptr) continue;
      out_.line("b.$name$ = $type$::builder::from(v.$name$());",
                {{"name", name}, {"type", qualified_packet(*embedded->target)}});
    } else if (const auto* classify = item.as_classify()) {
      const std::string& cases = names_.case_enum.at(classify);
      out_.line("switch (v.$acc$()) {", {{"acc", names_.case_accessor.at(classify)}});
      for (std::size_t i = 0; i < classify->cases.size(); ++i) {
        const auto& kase = *classify->cases[i];
        out_.line("  case $enum$::$label$:", {{"enum", cases}, {"label", kase.label}});
        out_.line("    b.$member$.emplace<$i$>($builder$::from(*v.$as$()));",
                  {{"member", names_.builder_member.at(classify)}, {"i", std::to_string(i)},
                   {"builder", names_.branch_builder.at(&kase)}, {"as", names_.case_as.at(&kase)}});
        out_.line("    break;");
      }
      out_.line("}");
    }
  }
}

void Emitter::emit_from(const std::string& cls, const std::string& view_cls, const sema::Block& block,
                        const sema::Packet* parameters_of) {
  out_.line("// A builder that writes `v` again: members are read from the view, byte");
  out_.line("// strings and arrays refer to its bytes (no copy), computed fields are");
  out_.line("// recomputed by write(). `v`'s buffer must outlive the builder.");
  out_.line("static $cls$ from([[maybe_unused]] const $view$& v) noexcept {", {{"cls", cls}, {"view", view_cls}});
  {
    Indent in(out_);
    out_.line("$cls$ b;", {{"cls", cls}});
    if (parameters_of != nullptr) {
      for (const auto& p : parameters_of->parameters) out_.line("b.$name$ = v.$name$();", {{"name", param_name(p)}});
    }
    emit_from_fill(block);
    out_.line("return b;");
  }
  out_.line("}");
}

}  // namespace mplc::codegen
