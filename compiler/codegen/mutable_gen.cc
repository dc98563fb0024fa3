// Mutable views: a view over a writable buffer with setters for every
// integer field at a fixed position in the packet body, so routers and NATs
// change fields in place; checksums are refreshed incrementally (RFC 1624)
// or recomputed.
#include <fmt/format.h>

#include "codegen/emitter.h"

namespace mplc::codegen {

void Emitter::emit_mutable_view(const sema::Packet& packet) {
  const layout::Frame& frame = layout_.packet_frame(packet);
  std::string params, args;
  for (const auto& p : packet.parameters) {
    params += fmt::format(", {} {}", p.type == sema::Parameter::Type::kBool ? "bool" : "std::uint64_t", p.name);
    args += ", " + p.name;
  }
  std::vector<const sema::Field*> checksums;
  for (const sema::Item* item : frame.items) {
    if (const auto* f = item->as_field(); f != nullptr && f->checksum && f->parent == &packet.body) checksums.push_back(f);
  }
  out_.line("// A view over a writable buffer: every view accessor, plus setters. A");
  out_.line("// setter does not re-validate or re-classify: change a classify subject only");
  out_.line("// to a value of the same case, or parse again.");
  out_.line("class mutable_view : public view {");
  out_.line(" public:");
  {
    Indent in(out_);
    out_.line("mutable_view() = default;");
    out_.line("mutable_view(const view& v, std::uint8_t* data) noexcept : view(v), wdata_(data) {}");
    out_.line("// The packet's bytes, writable.");
    out_.line("mpl::mutable_bytes mutable_bytes() const noexcept { return {wdata_, size_}; }");
    for (const auto& owned : packet.body.items) {
      const auto* f = owned->as_field();
      if (f == nullptr || !f->type.is_integer()) continue;
      const auto& info = layout_.item(*f);
      const std::string name = member(*f);
      const std::string at = pos(info.start, "");
      const std::string type = uint_type(f->type.width);
      std::string store;
      if (f->type.kind == sema::Type::Kind::kBits) {
        store = fmt::format("mpl::set_bits<{}, {}>(wdata_ + {}, static_cast<std::uint64_t>(v))", f->bit_offset,
                            f->type.width, at);
      } else if (f->type.width == 8) {
        store = fmt::format("wdata_[{}] = static_cast<std::uint8_t>(v)", at);
      } else {
        store = fmt::format("mpl::{}<{}>(wdata_ + {}, static_cast<{}>(v))",
                            f->endian == sema::Endian::kLittle ? "store_le" : "store_be", type, at, type);
      }
      out_.line("// Writes $name$; checksums covering it are left as they are.", {{"name", name}});
      out_.line("void set_$name$($type$ v) noexcept { $store$; }",
                {{"name", name}, {"type", value_type(*f)}, {"store", store}});
      // The bytes the field touches, for the incremental checksum update.
      const std::uint64_t bytes = f->type.kind == sema::Type::Kind::kBits ? f->run_bits / 8 : f->type.width / 8;
      std::vector<const sema::Field*> covering;
      for (const sema::Field* c : checksums) {
        if (c == f) continue;
        if (c->checksum->algorithm == sema::Checksum::Algorithm::kInternetRange) {
          // Only fields before the end label are covered.
          if (f->index >= c->checksum->end_label->index) continue;
        }
        covering.push_back(c);
      }
      if (covering.empty()) continue;
      const std::string span_start = f->type.kind == sema::Type::Kind::kBits ? at : at;
      out_.line("// Writes $name$ and updates every checksum covering it (RFC 1624).", {{"name", name}});
      out_.line("void update_$name$($type$ v) noexcept {", {{"name", name}, {"type", value_type(*f)}});
      // A field at a fixed position inside one 16-bit word, or two, counted
      // from the packet start (where every checksum region begins) and
      // holding no checksum: update from the old and new words, a few
      // additions instead of summing byte spans.
      std::uint64_t word_at = 0, word_bytes = 0;
      if (info.start.slot == layout::Position::kFrameStart) {
        const std::uint64_t first = info.start.delta & ~std::uint64_t{1};
        const std::uint64_t last = (info.start.delta + bytes + 1) & ~std::uint64_t{1};
        word_at = first;
        word_bytes = last - first;
        if (word_bytes != 2 && word_bytes != 4) word_bytes = 0;
        for (const sema::Field* c : covering) {
          const auto& cstart = layout_.item(*c).start;
          if (cstart.slot == layout::Position::kFrameStart && cstart.delta + 2 > first && cstart.delta < first + word_bytes) word_bytes = 0;
        }
      }
      if (word_bytes != 0) {
        Indent in2(out_);
        const std::string wt = word_bytes == 2 ? "std::uint16_t" : "std::uint32_t";
        const std::string update = word_bytes == 2 ? "checksum_update16" : "checksum_update32";
        out_.line("const $t$ before = mpl::load_be<$t$>(wdata_ + $w$);", {{"t", wt}, {"w", std::to_string(word_at)}});
        out_.line("set_$name$(v);", {{"name", name}});
        out_.line("const $t$ after = mpl::load_be<$t$>(wdata_ + $w$);", {{"t", wt}, {"w", std::to_string(word_at)}});
        for (const sema::Field* c : covering) {
          const std::string cat = pos(layout_.item(*c).start, "");
          out_.line("mpl::store_be<std::uint16_t>(wdata_ + $cat$, mpl::$u$(mpl::load_be<std::uint16_t>(wdata_ + $cat$), before, after));",
                    {{"cat", cat}, {"u", update}});
        }
      } else {
        Indent in2(out_);
        out_.line("std::uint8_t before[$n$];", {{"n", std::to_string(bytes)}});
        out_.line("std::memcpy(before, wdata_ + $at$, $n$);", {{"at", span_start}, {"n", std::to_string(bytes)}});
        out_.line("set_$name$(v);", {{"name", name}});
        for (const sema::Field* c : covering) {
          const std::string cat = pos(layout_.item(*c).start, "");
          out_.line("mpl::store_be<std::uint16_t>(wdata_ + $cat$, mpl::checksum_update(mpl::load_be<std::uint16_t>(wdata_ + $cat$), $at$,",
                    {{"cat", cat}, {"at", span_start}});
          out_.line("    mpl::bytes{before, $n$}, mpl::bytes{wdata_ + $at$, $n$}));", {{"at", span_start}, {"n", std::to_string(bytes)}});
        }
      }
      out_.line("}");
    }
    for (const sema::Field* c : checksums) {
      const std::string name = member(*c);
      const std::string cat = pos(layout_.item(*c).start, "");
      std::string region = "size_";
      if (c->checksum->algorithm == sema::Checksum::Algorithm::kInternetRange) {
        region = pos(layout_.item(*c->checksum->end_label).start, "");
      }
      if (c->checksum->algorithm == sema::Checksum::Algorithm::kInternetPseudo) {
        out_.line("// Recomputes $name$ over the packet and `pseudo` (the pseudo-header).", {{"name", name}});
        out_.line("void recompute_$name$(const mpl::checksum_accumulator& pseudo) noexcept {", {{"name", name}});
        out_.line("  mpl::store_be<std::uint16_t>(wdata_ + $cat$, 0);", {{"cat", cat}});
        out_.line("  mpl::checksum_accumulator sum = pseudo;");
        out_.line("  sum.add(mpl::bytes{wdata_, size_});");
        out_.line("  mpl::store_be<std::uint16_t>(wdata_ + $cat$, sum.finish());", {{"cat", cat}});
        out_.line("}");
      } else {
        out_.line("// Recomputes $name$ from scratch.", {{"name", name}});
        out_.line("void recompute_$name$() noexcept {", {{"name", name}});
        out_.line("  mpl::store_be<std::uint16_t>(wdata_ + $cat$, 0);", {{"cat", cat}});
        out_.line("  mpl::store_be<std::uint16_t>(wdata_ + $cat$, mpl::internet_checksum(mpl::bytes{wdata_, $r$}));",
                  {{"cat", cat}, {"r", region}});
        out_.line("}");
      }
    }
  }
  out_.blank();
  out_.line(" private:");
  out_.line("  friend mpl::result<mutable_view> parse_mutable(mpl::mutable_bytes input$params$) noexcept;",
            {{"params", params}});
  out_.line("  std::uint8_t* wdata_ = nullptr;");
  out_.line("};");
  out_.blank();
  out_.line("// Validates like parse(), over a writable buffer.");
  out_.line("inline mpl::result<mutable_view> parse_mutable(mpl::mutable_bytes input$params$) noexcept {", {{"params", params}});
  out_.line("  mpl::result<mutable_view> v{std::in_place};");
  out_.line("  v->data_ = input.data();");
  out_.line("  v->region_ = input.size();");
  out_.line("  v->wdata_ = input.data();");
  out_.line("  if (auto r = v->validate_(0$args$); !r.ok()) v = r.error();", {{"args", args}});
  out_.line("  return v;");
  out_.line("}");
  out_.blank();
}

}  // namespace mplc::codegen
