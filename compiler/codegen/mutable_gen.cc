// Mutable views: a view over a writable buffer with setters for every
// integer field at a fixed position in the packet body, so routers and NATs
// change fields in place; checksums are refreshed incrementally (RFC 1624)
// or recomputed.
#include <fmt/format.h>

#include "codegen/emitter.h"

namespace mplc::codegen {

namespace {

// The statement that stores an incrementally updated checksum. A
// checksum(udp) that is 0, "none" (RFC 768), stays 0, and an update that
// comes out 0 is stored as 0xFFFF, its other form.
std::string store_updated(const sema::Field& checksum, const std::string& w, const std::string& at,
                          const std::string& updated) {
  if (!checksum.checksum->zero_means_none) {
    return fmt::format("mpl::store_be<std::uint16_t>({} + {}, {});", w, at, updated);
  }
  return fmt::format("if (const std::uint16_t old_sum = mpl::load_be<std::uint16_t>({0} + {1}); old_sum != 0) {{ "
                     "const std::uint16_t sum = {2}; mpl::store_be<std::uint16_t>({0} + {1}, sum == 0 ? "
                     "std::uint16_t{{0xFFFF}} : sum); }}",
                     w, at, updated);
}

// The mutable class of a case, named after its view: "Echo_view" -> "Echo_mutable".
std::string mutable_case_class(const std::string& branch_view) {
  return branch_view.substr(0, branch_view.size() - std::string_view("_view").size()) + "_mutable";
}

}  // namespace

// set_/update_ for one integer field. `p` prefixes the mutable view's
// members: "" inside mutable_view, "m_->" inside a case's mutable class.
void Emitter::emit_field_setters(const sema::Field& f, const std::string& p) {
  const auto& info = layout_.item(f);
  const std::string name = member(f);
  const std::string at = pos(info.start, p);
  const std::string w = p + "wdata_";
  const std::string type = uint_type(f.type.width);
  // The store of `v` into the field at `base + offset`.
  const auto store_at = [&](const std::string& base, const std::string& offset) {
    if (f.type.kind == sema::Type::Kind::kBits) {
      return fmt::format("mpl::set_bits<{}, {}>({} + {}, static_cast<std::uint64_t>(v))", f.bit_offset, f.type.width,
                         base, offset);
    }
    if (f.type.width == 8) return fmt::format("{}[{}] = static_cast<std::uint8_t>(v)", base, offset);
    return fmt::format("mpl::{}<{}>({} + {}, static_cast<{}>(v))",
                       f.endian == sema::Endian::kLittle ? "store_le" : "store_be", type, base, offset, type);
  };
  const std::string store = store_at(w, at);
  out_.line("// Writes $name$; checksums covering it are left as they are.", {{"name", name}});
  // A case's class holds a pointer to the mutable view; its setters are const.
  const std::string cq = p.empty() ? "" : " const";
  out_.line("void set_$name$($type$ v)$cq$ noexcept { $store$; }",
            {{"name", name}, {"type", value_type(f)}, {"store", store}, {"cq", cq}});
  // The bytes the field touches, for the incremental checksum update.
  const std::uint64_t bytes = f.type.kind == sema::Type::Kind::kBits ? f.run_bits / 8 : f.type.width / 8;
  const auto& updates = plan_.packet(*packet_).updates;
  const auto found = updates.find(&f);
  if (found == updates.end()) return;
  const plan::FieldUpdate& plan_update = found->second;
  // The update of a covering checksum, guarded when the packet may lack it
  // (it sits in a classify case).
  const auto guarded = [&](const plan::Covering& c, const std::string& statement) {
    std::string when;
    for (const auto& [classify, index] : c.present_when) {
      if (!when.empty()) when += " && ";
      when += fmt::format("{}case_[{}] == {}", p, layout_.item(*classify).case_index, index);
    }
    return when.empty() ? statement : fmt::format("if ({}) {{ {} }}", when, statement);
  };
  out_.line("// Writes $name$ and updates every checksum covering it (RFC 1624).", {{"name", name}});
  out_.line("void update_$name$($type$ v)$cq$ noexcept {", {{"name", name}, {"type", value_type(f)}, {"cq", cq}});
  const std::uint64_t word_at = plan_update.word_at, word_bytes = plan_update.word_bytes;
  {
    Indent in(out_);
    if (word_bytes != 0) {
      const std::string wt = word_bytes == 2 ? "std::uint16_t" : "std::uint32_t";
      const std::string update = word_bytes == 2 ? "checksum_update16" : "checksum_update32";
      // The word is edited in a local copy and stored whole (mpl/checksum.h).
      out_.line("const auto [before, after] = mpl::edit_checksummed_word<$t$>($w$ + $at$, [v](std::uint8_t* word) { $store$; });",
                {{"t", wt}, {"w", w}, {"at", std::to_string(word_at)},
                 {"store", store_at("word", std::to_string(info.start.delta - word_at))}});
      for (const plan::Covering& c : plan_update.covering) {
        const std::string cat = pos(layout_.item(*c.checksum).start, p);
        out_.line(guarded(c, store_updated(*c.checksum, w, cat,
                                           fmt::format("mpl::{}(mpl::load_be<std::uint16_t>({} + {}), before, after)",
                                                       update, w, cat))));
      }
    } else {
      out_.line("std::uint8_t before[$n$];", {{"n", std::to_string(bytes)}});
      out_.line("std::memcpy(before, $w$ + $at$, $n$);", {{"w", w}, {"at", at}, {"n", std::to_string(bytes)}});
      out_.line("set_$name$(v);", {{"name", name}});
      for (const plan::Covering& c : plan_update.covering) {
        const std::string cat = pos(layout_.item(*c.checksum).start, p);
        out_.line(guarded(c, store_updated(*c.checksum, w, cat,
                                           fmt::format("mpl::checksum_update(mpl::load_be<std::uint16_t>({0} + {1}), {2}, "
                                                       "mpl::bytes{{before, {3}}}, mpl::bytes{{{0} + {2}, {3}}})",
                                                       w, cat, at, bytes))));
      }
    }
  }
  out_.line("}");
}

// For every classify case of `block` (nested ones first, so each class is
// complete where an enclosing one returns it): a class adding setters to
// the case's view, and, after them, the as_<Label>() that return them.
void Emitter::emit_mutable_cases(const sema::Block& block) {
  for (const auto& owned : block.items) {
    const auto* classify = owned->as_classify();
    if (classify == nullptr) continue;
    for (const auto& kase : classify->cases) {
      emit_mutable_cases(kase->body);
      const std::string& view = names_.branch_view.at(kase.get());
      const std::string cls = mutable_case_class(view);
      out_.line("// Case \"$label$\" of $path$, with setters.", {{"label", kase->label}, {"path", field_path(*classify)}});
      out_.line("class $cls$ : public $view$ {", {{"cls", cls}, {"view", view}});
      out_.line(" public:");
      {
        Indent in(out_);
        out_.line("explicit $cls$(const mutable_view* m) noexcept : $view$(m), m_(m) {}", {{"cls", cls}, {"view", view}});
        for (const auto& item : kase->body.items) {
          if (const auto* f = item->as_field(); f != nullptr && f->type.is_integer()) emit_field_setters(*f, "m_->");
        }
        for (const auto& item : kase->body.items) {
          if (const auto* f = item->as_field(); f != nullptr && f->checksum) emit_recompute(*f, "m_->");
        }
        emit_mutable_case_accessors(kase->body, "m_->", "m_");
      }
      out_.blank();
      out_.line(" private:");
      out_.line("  [[maybe_unused]] const mutable_view* m_;");
      out_.line("};");
    }
  }
}

// as_<Label>() for the classifies of `block`, returning the mutable classes.
void Emitter::emit_mutable_case_accessors(const sema::Block& block, const std::string& p, const std::string& self) {
  for (const auto& owned : block.items) {
    const auto* classify = owned->as_classify();
    if (classify == nullptr) continue;
    const auto& info = layout_.item(*classify);
    for (std::size_t i = 0; i < classify->cases.size(); ++i) {
      const auto* kase = classify->cases[i].get();
      const std::string cls = mutable_case_class(names_.branch_view.at(kase));
      out_.line("std::optional<$cls$> $as$() const noexcept {", {{"cls", cls}, {"as", names_.case_as.at(kase)}});
      out_.line("  if ($p$case_[$c$] != $i$) return std::nullopt;",
                {{"p", p}, {"c", std::to_string(info.case_index)}, {"i", std::to_string(i)}});
      out_.line("  return $cls${$self$};", {{"cls", cls}, {"self", self}});
      out_.line("}");
    }
  }
}

void Emitter::emit_mutable_view(const sema::Packet& packet) {
  const std::string params = param_list(packet);
  const std::string args = param_args(packet);
  const std::vector<const sema::Field*>& checksums = plan_.packet(packet).checksums;
  out_.line("// A view over a writable buffer: every view accessor, plus setters (also on");
  out_.line("// the classify cases, through as_<Label>()). A setter does not re-validate");
  out_.line("// or re-classify: change a classify subject only to a value of the same");
  out_.line("// case, or parse again.");
  out_.line("class mutable_view : public view {");
  out_.line(" public:");
  {
    Indent in(out_);
    out_.line("mutable_view() = default;");
    out_.line("mutable_view(const view& v, std::uint8_t* data) noexcept : view(v), wdata_(data) {}");
    out_.line("// The packet's bytes, writable.");
    out_.line("mpl::mutable_bytes mutable_bytes() const noexcept { return {wdata_, size_}; }");
    for (const auto& owned : packet.body.items) {
      if (const auto* f = owned->as_field(); f != nullptr && f->type.is_integer()) emit_field_setters(*f, "");
    }
    emit_mutable_cases(packet.body);
    emit_mutable_case_accessors(packet.body, "", "this");
    for (const sema::Field* c : checksums) {
      if (c->parent == &packet.body) emit_recompute(*c, "");
    }
  }
  out_.blank();
  out_.line(" private:");
  out_.line("  friend mpl::result<mutable_view> parse_mutable(mpl::mutable_bytes input$params$) noexcept;",
            {{"params", params}});
  out_.line("  std::uint8_t* wdata_;  // set by parse_mutable() and the converting constructor");
  out_.line("};");
  out_.blank();
  out_.line("// Validates like parse(), over a writable buffer.");
  out_.line("$inline$ mpl::result<mutable_view> parse_mutable(mpl::mutable_bytes input$params$) noexcept {",
            {{"inline", inline_validate_ ? "MPL_ALWAYS_INLINE" : "inline"}, {"params", params}});
  out_.line("  mpl::result<mutable_view> v{std::in_place};");
  out_.line("  v->data_ = input.data();");
  out_.line("  v->region_ = input.size();");
  out_.line("  v->pkt_off_ = 0;");
  out_.line("  v->wdata_ = input.data();");
  out_.line("  if (auto r = v->validate_(0$args$); !r.ok()) v.set_error(r.error());", {{"args", args}});
  out_.line("  return v;");
  out_.line("}");
  out_.blank();
}

// recompute_<name>() for checksum `c`. `p` prefixes the mutable view's
// members: "" inside mutable_view, "m_->" inside a case's mutable class
// (whose members are const: the class holds a pointer to the view).
void Emitter::emit_recompute(const sema::Field& c, const std::string& p) {
  const std::string name = member(c);
  const std::string cat = pos(layout_.item(c).start, p);
  const std::string cq = p.empty() ? "" : " const";
  const std::string w = p + "wdata_";
  std::string region = p + "size_";
  if (c.checksum->algorithm == sema::Checksum::Algorithm::kInternetRange) {
    region = pos(layout_.item(*c.checksum->end_label).start, p);
  }
  const Printer::Vars vars{{"name", name}, {"cat", cat}, {"cq", cq}, {"w", w}, {"r", region}};
  if (c.checksum->algorithm == sema::Checksum::Algorithm::kInternetPseudo) {
    out_.line("// Recomputes $name$ over the packet and `pseudo` (the pseudo-header).", vars);
    out_.line("void recompute_$name$(const mpl::checksum_accumulator& pseudo)$cq$ noexcept {", vars);
    out_.line("  mpl::store_be<std::uint16_t>($w$ + $cat$, 0);", vars);
    out_.line("  mpl::checksum_accumulator sum = pseudo;");
    out_.line("  sum.add(mpl::bytes{$w$, $r$});", vars);
    if (c.checksum->zero_means_none) {
      // RFC 768: a computed 0 is sent as 0xFFFF.
      out_.line("  const std::uint16_t v = sum.finish();");
      out_.line("  mpl::store_be<std::uint16_t>($w$ + $cat$, v == 0 ? std::uint16_t{0xFFFF} : v);", vars);
    } else {
      out_.line("  mpl::store_be<std::uint16_t>($w$ + $cat$, sum.finish());", vars);
    }
    out_.line("}");
  } else {
    out_.line("// Recomputes $name$ from scratch.", vars);
    out_.line("void recompute_$name$()$cq$ noexcept {", vars);
    out_.line("  mpl::store_be<std::uint16_t>($w$ + $cat$, 0);", vars);
    out_.line("  mpl::store_be<std::uint16_t>($w$ + $cat$, mpl::internet_checksum(mpl::bytes{$w$, $r$}));", vars);
    out_.line("}");
  }
}

}  // namespace mplc::codegen
