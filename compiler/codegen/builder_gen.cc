// Builders: the write side. A builder is a plain aggregate holding the
// fields a user supplies; size() walks the layout it would write, and
// write() writes it in one pass, then fills the value(...) fields (which may
// depend on offsets only known after the walk) and finally the checksums.
//
// This file: the builder structs (their members, the branch and element
// builders, the size()/write() entry points and parameters). The walk that
// writes the bytes is builder_walk_gen.cc, the checks write() runs
// builder_checks_gen.cc, builder::from() builder_from_gen.cc.
#include <fmt/format.h>

#include "codegen/builder_writer.h"

namespace mplc::codegen {

bool is_user_integer(const plan::Plan& plan, const sema::Field& f) {
  using Kind = plan::FieldSource::Kind;
  if (!f.type.is_integer()) return false;
  const Kind kind = plan.source(f).kind;
  return kind == Kind::kUser || kind == Kind::kCase || kind == Kind::kCaseOrUser;
}

bool filled_from_case(const plan::Plan& plan, const sema::Field& f) {
  return plan.source(f).kind == plan::FieldSource::Kind::kCase;
}

void Emitter::emit_builder_block_members([[maybe_unused]] const layout::Frame& frame, const sema::Block& block) {
  for (const auto& owned : block.items) {
    const sema::Item& item = *owned;
    const std::string name = member(item);
    if (const auto* f = item.as_field()) {
      const auto& type = f->type;
      if (type.is_integer()) {
        if (!is_user_integer(plan_, *f)) continue;
        if (filled_from_case(plan_, *f)) continue;
        std::string init;
        std::optional<std::uint64_t> initial = f->default_int;
        if (!initial && f->variant && f->variant->default_case) initial = f->variant->cases[*f->variant->default_case].low;
        if (initial) {
          const std::string literal = signed_literal(*initial, f->type.is_signed);
          init = f->variant ? fmt::format(" = static_cast<{}>({})", value_type(*f), literal)
                            : fmt::format(" = {}", literal);
        } else {
          init = "{}";
        }
        out_.line("$type$ $name$$init$;", {{"type", value_type(*f)}, {"name", name}, {"init", init}});
      } else if (type.kind == sema::Type::Kind::kBytes) {
        if (f->const_bytes) continue;
        const auto& info = layout_.item(item);
        // A fixed-size string subject is written from the chosen case.
        if (info.fixed_size && filled_from_case(plan_, *f)) continue;
        if (info.fixed_size) {
          out_.line("std::array<std::uint8_t, $n$> $name${};", {{"n", std::to_string(info.size)}, {"name", name}});
        } else {
          out_.line("mpl::payload $name${};", {{"name", name}});
        }
      } else if (type.kind == sema::Type::Kind::kCustom) {
        out_.line("$type$::value_type $name${};", {{"type", type.custom->cpp_type}, {"name", name}});
      }
    } else if (const auto* array = item.as_array()) {
      out_.line("mpl::array_payload<$el$> $name${};", {{"el", names_.element_builder.at(array)}, {"name", name}});
    } else if (const auto* embedded = item.as_embedded()) {
      if (embedded->target == nullptr) continue;
      out_.line("$type$::builder $name${};", {{"type", qualified_packet(*embedded->target)}, {"name", name}});
    } else if (const auto* classify = item.as_classify()) {
      std::string alternatives;
      for (const auto& kase : classify->cases) {
        if (!alternatives.empty()) alternatives += ", ";
        alternatives += names_.branch_builder.at(kase.get());
      }
      out_.line("std::variant<$alts$> $name${};", {{"alts", alternatives}, {"name", names_.builder_member.at(classify)}});
    }
  }
}

void Emitter::emit_builder_branch_structs(const layout::Frame& frame, const sema::Block& block) {
  for (const auto& owned : block.items) {
    const auto* classify = owned->as_classify();
    if (classify == nullptr) continue;
    for (const auto& kase : classify->cases) emit_builder_branch_structs(frame, kase->body);
    for (const auto& kase : classify->cases) {
      out_.line("// Builder of case \"$label$\" of $path$.", {{"label", kase->label}, {"path", field_path(*classify)}});
      out_.line("struct $name$ {", {{"name", names_.branch_builder.at(kase.get())}});
      {
        Indent in(out_);
        emit_builder_block_members(frame, kase->body);
        out_.blank();
        emit_from(names_.branch_builder.at(kase.get()), names_.branch_view.at(kase.get()), kase->body);
      }
      out_.line("};");
      out_.blank();
    }
  }
}

void Emitter::emit_frame_builder(const layout::Frame& frame) {
  for (const sema::Item* item : frame.items) {
    if (const auto* array = item->as_array()) emit_frame_builder(layout_.element_frame(*array));
  }
  emit_builder_branch_structs(frame, *frame.block);
  const bool is_packet = frame.array == nullptr;
  const std::string cls = is_packet ? std::string("builder") : names_.element_builder.at(frame.array);
  if (is_packet) {
    out_.line("// Builds one $name$ packet. Computed fields (value, const, checksums) are", {{"name", frame.packet->name}});
    out_.line("// not members: write() fills them.");
  } else {
    out_.line("// Builds one element of $path$.", {{"path", field_path(*frame.array)}});
  }
  out_.line("struct $cls$ {", {{"cls", cls}});
  {
    Indent in(out_);
    if (is_packet) {
      for (const auto& p : frame.packet->parameters) {
        out_.line("$type$ $name${};", {{"type", param_type(p)}, {"name", param_name(p)}});
      }
      if (!frame.packet->parameters.empty()) emit_builder_params(*frame.packet);
    }
    emit_builder_block_members(frame, *frame.block);
    if (is_packet) {
      // Whether write() reads the pseudo-header it is handed: an enclosing
      // builder computes one only for a payload that does (mpl::wants_pseudo_header).
      bool uses_pseudo = false;
      for (const sema::Item* item : frame.items) {
        const auto* f = item->as_field();
        if (f != nullptr && f->checksum && f->checksum->algorithm == sema::Checksum::Algorithm::kInternetPseudo) {
          uses_pseudo = true;
        }
      }
      out_.line("static constexpr bool uses_pseudo_header_ = $v$;", {{"v", uses_pseudo ? "true" : "false"}});
    }
    out_.blank();
    emit_from(cls, is_packet ? std::string("view") : names_.element_view.at(frame.array), *frame.block,
              is_packet ? frame.packet : nullptr);
    out_.blank();
    emit_takes_rest(frame);
    if (!is_packet) {
      std::string members;
      bool params = false;
      for (const plan::Capture* c : builder_captures(plan_, *frame.array)) {
        members += fmt::format(" {} {}{{}};", c->param != nullptr ? c->type : "std::uint64_t", c->member);
        params = params || c->param != nullptr;
      }
      // The packet's arguments are known to the element only when the
      // packet's write knew them before its walk (mpl::arguments_before_walk).
      if (params) members += " bool have_args{};";
      if (!members.empty()) {
        out_.line("// The fields of the frames around the element and the packet's arguments that its checks read.");
        out_.line("struct outer_ {$m$ };", {{"m", members}});
      }
    }
    // A packet with custom fields sizes and writes with an mpl::write_context
    // `ctx` shared by its embedded packets and elements; `base` is where the
    // frame's packet starts in the outermost packet.
    const bool ctx = needs_custom_context(*frame.packet);
    if (is_packet && ctx) {
      out_.line("// Exact number of bytes write() produces.");
      out_.line("std::size_t size() const noexcept {");
      out_.line("  mpl::write_context ctx;");
      out_.line("  return size_in_(ctx, 0);");
      out_.line("}");
      out_.line("std::size_t size_in_([[maybe_unused]] mpl::write_context& ctx, [[maybe_unused]] std::size_t base) const noexcept {");
      out_.line("  std::size_t pos = 0;");
    } else if (is_packet) {
      out_.line("// Exact number of bytes write() produces.");
      out_.line("std::size_t size() const noexcept {");
      out_.line("  std::size_t pos = 0;");
    } else if (ctx) {
      out_.line("std::size_t size_at_(std::size_t pos, [[maybe_unused]] mpl::write_context& ctx,");
      out_.line("                     [[maybe_unused]] std::size_t base) const noexcept {");
    } else {
      out_.line("std::size_t size_at_(std::size_t pos) const noexcept {");
    }
    {
      Indent in2(out_);
      BuilderWriter sizer(*this, frame, true);
      sizer.walk(*frame.block, "");
      out_.line("return pos;");
    }
    out_.line("}");
    out_.blank();
    if (is_packet) {
      out_.line("// Writes the packet at the start of `out`; returns its size, or");
      out_.line("// buffer_too_small (lo = size()) when `out` is shorter than size(), in");
      out_.line("// which case the bytes of `out` before the refusal may have been written.");
      out_.line("mpl::result<std::size_t> write(mpl::mutable_bytes out) const noexcept { return write_nested_(out, nullptr); }");
      out_.line("// The same, for a packet whose checksum covers a pseudo-header: `pseudo`");
      out_.line("// holds it (e.g. mpl::ipv4_pseudo_header(src, dst, protocol, size())).");
      out_.line("mpl::result<std::size_t> write(mpl::mutable_bytes out, const mpl::checksum_accumulator& pseudo) const noexcept {");
      out_.line("  return write_nested_(out, &pseudo);");
      out_.line("}");
      out_.blank();
      out_.line("mpl::result<std::size_t> write_nested_(mpl::mutable_bytes out,");
      out_.line("                                       [[maybe_unused]] const mpl::checksum_accumulator* pseudo) const noexcept {");
      // The walk checks the room as it writes (no size() pass first); only
      // a refusal for room sizes the packet, to report what it needs.
      const std::string call = ctx ? "write_in_(out, pseudo, ctx, 0)" : "write_into_(out, pseudo)";
      const bool params = !frame.packet->parameters.empty();
      // With parameters, the write takes `arguments` (emit_builder_params()).
      const std::string more = params ? ",\n" + std::string(35, ' ') + "const Arguments& arguments" : "";
      if (ctx) out_.line("  mpl::write_context ctx(out.data());");
      out_.line("  mpl::result<std::size_t> w = $call$;", {{"call", call}});
      out_.line("  if (!w.ok() && w.error().kind == mpl::error_kind::buffer_too_small) {");
      out_.line("    w = mpl::fail<std::size_t>(mpl::error_kind::buffer_too_small, 0, \"$name$\", out.size(), size());",
                {{"name", frame.packet->name}});
      out_.line("  }");
      out_.line("  return w;");
      out_.line("}");
      if (ctx) {
        out_.blank();
        out_.line("// Writes at the start of `out`, `base` bytes into the outermost packet `ctx` is writing.");
        if (params) {
          out_.line("mpl::result<std::size_t> write_in_(mpl::mutable_bytes out, const mpl::checksum_accumulator* pseudo,");
          out_.line("                                   mpl::write_context& ctx, std::size_t base) const noexcept {");
          out_.line("  return write_in_(out, pseudo, ctx, base, own_arguments_());");
          out_.line("}");
          out_.line("template <class Arguments>");
        }
        out_.line("mpl::result<std::size_t> write_in_(mpl::mutable_bytes out, [[maybe_unused]] const mpl::checksum_accumulator* pseudo,");
        out_.line("                                   [[maybe_unused]] mpl::write_context& ctx,");
        out_.line("                                   [[maybe_unused]] std::size_t base$more$) const noexcept {", {{"more", more}});
      } else {
        out_.blank();
        out_.line("// write() without reporting what a buffer too small would need (an");
        out_.line("// enclosing builder's write() reports it for the whole packet).");
        if (params) {
          out_.line("mpl::result<std::size_t> write_into_(mpl::mutable_bytes out, const mpl::checksum_accumulator* pseudo) const noexcept {");
          out_.line("  return write_into_(out, pseudo, own_arguments_());");
          out_.line("}");
          out_.line("template <class Arguments>");
        }
        out_.line("mpl::result<std::size_t> write_into_(mpl::mutable_bytes out,");
        out_.line("                                     [[maybe_unused]] const mpl::checksum_accumulator* pseudo$more$) const noexcept {",
                  {{"more", params ? ",\n" + std::string(37, ' ') + "const Arguments& arguments" : ""}});
      }
      out_.line("  std::uint8_t* d = out.data();");
      out_.line("  [[maybe_unused]] const std::size_t cap = out.size();");
      out_.line("  std::size_t pos = 0;");
    } else {
      // An until-array's element reports whether it satisfies the condition
      // (`ends`); an element reading the frames around it receives their
      // fields (`outer`).
      const std::string ends = until_checked(layout_, *frame.array) ? ", bool& ends" : "";
      const bool outer = !builder_captures(plan_, *frame.array).empty();
      if (ctx) {
        out_.line("mpl::result<std::size_t> write_at_(std::uint8_t* d, std::size_t pos, [[maybe_unused]] std::size_t cap$e$,",
                  {{"e", ends}});
        out_.line("                                   [[maybe_unused]] mpl::write_context& ctx,");
        out_.line("                                   [[maybe_unused]] std::size_t base$o$) const noexcept {",
                  {{"o", outer ? ", [[maybe_unused]] const outer_& outer" : ""}});
      } else {
        out_.line("mpl::result<std::size_t> write_at_(std::uint8_t* d, std::size_t pos, [[maybe_unused]] std::size_t cap$e$$o$) const noexcept {",
                  {{"e", ends}, {"o", outer ? ", [[maybe_unused]] const outer_& outer" : ""}});
      }
    }
    {
      Indent in2(out_);
      BuilderWriter writer(*this, frame, false);
      writer.declare_locals();
      writer.early_arguments();
      writer.walk(*frame.block, "");
      writer.arguments_known();
      writer.values();
      writer.checks();
      writer.checksums();
      if (!is_packet && until_checked(layout_, *frame.array)) {
        out_.line("ends = $c$;", {{"c", expr(*frame.array->bound, writer.env())}});
      }
      out_.line("return pos;");
    }
    out_.line("}");
  }
  out_.line("};");
  out_.blank();
}

// A packet with parameters: `params_`, the arguments parse() is given, and
// own_arguments_(), the callable a write alone uses (its own members). An
// enclosing builder hands its write the arguments it computes instead
// (BuilderWriter::arguments_for()), so write() checks the cases, guards and
// sizes over parameters against what parse() will see.
void Emitter::emit_builder_params(const sema::Packet& packet) {
  std::string members;
  std::string own;
  for (const auto& p : packet.parameters) {
    members += fmt::format(" {} {}{{}};", param_type(p), param_name(p));
    own += fmt::format("{}{}", own.empty() ? "" : ", ", param_name(p));
  }
  out_.line("// The arguments parse() is given (write() checks what it decides from them).");
  out_.line("struct params_ {$m$ };", {{"m", members}});
  out_.line("auto own_arguments_() const noexcept {");
  out_.line("  return [this](std::size_t = 0) { return std::optional<params_>(params_{$own$}); };", {{"own", own}});
  out_.line("}");
}

void Emitter::emit_builders(const sema::Packet& packet) { emit_frame_builder(layout_.packet_frame(packet)); }

}  // namespace mplc::codegen
