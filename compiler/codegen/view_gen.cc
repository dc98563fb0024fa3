// Views: the read side. One class per frame (a packet body, or an array
// element), one class per classify branch (a window onto its frame), one
// range class per array, one enum class per variant field and per classify.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "codegen/custom_context.h"
#include "codegen/emitter.h"

namespace mplc::codegen {

namespace {

std::string classify_subject_type(const sema::Classify& classify) {
  (void)classify;
  return "std::uint8_t";
}

}  // namespace

void Emitter::emit_enums(const sema::Packet& packet) {
  (void)packet;
  for (const auto& [field, name] : names_.variant_enum) {
    (void)field;
  }
  // Walk in source order (the maps are keyed by address).
  std::function<void(const sema::Block&)> walk = [&](const sema::Block& block) {
    for (const auto& owned : block.items) {
      if (const auto* field = owned->as_field(); field != nullptr && field->variant) {
        out_.line("// Values of $path$; values not listed stay representable.",
                  {{"path", field_path(*field)}});
        out_.line("enum class $name$ : $type$ {", {{"name", names_.variant_enum.at(field)},
                                                    {"type", field->type.is_signed ? int_type(field->type.width)
                                                                                   : uint_type(field->type.width)}});
        {
          Indent in(out_);
          for (const auto& vcase : field->variant->cases) {
            if (vcase.low != vcase.high) continue;  // ranges have no single value to name
            out_.line("$name$ = $value$,",
                      {{"name", vcase.name}, {"value", signed_literal(vcase.low, field->type.is_signed)}});
          }
        }
        out_.line("};");
        out_.blank();
      } else if (const auto* array = owned->as_array()) {
        walk(array->element);
      } else if (const auto* classify = owned->as_classify()) {
        out_.line("// Which case of classify ($subject$) a packet took.",
                  {{"subject", field_path(*classify)}});
        out_.line("enum class $name$ : $type$ {", {{"name", names_.case_enum.at(classify)},
                                                    {"type", classify_subject_type(*classify)}});
        {
          Indent in(out_);
          for (std::size_t i = 0; i < classify->cases.size(); ++i) {
            out_.line("$label$ = $i$,", {{"label", classify->cases[i]->label}, {"i", std::to_string(i)}});
          }
        }
        out_.line("};");
        out_.blank();
        for (const auto& kase : classify->cases) walk(kase->body);
      }
    }
  };
  walk(packet.body);
}

// Accessors of the items directly in `block` (branch items are reached
// through the branch views). `prefix` reaches the frame's members.
void Emitter::emit_block_accessors(const layout::Frame& frame, const sema::Block& block, const std::string& prefix) {
  for (const auto& owned : block.items) {
    const sema::Item& item = *owned;
    const layout::ItemLayout& info = layout_.item(item);
    const std::string name = member(item);
    const auto* field = item.as_field();
    const std::string start = field != nullptr ? field_start(*field, prefix) : pos(info.start, prefix);
    const std::string end = pos(info.end, prefix);
    if (field != nullptr) {
      switch (field->type.kind) {
        case sema::Type::Kind::kBits:
        case sema::Type::Kind::kUint:
          out_.line("$type$ $name$() const noexcept { return $load$; }",
                    {{"type", value_type(*field)}, {"name", name}, {"load", load(*field, prefix)}});
          break;
        case sema::Type::Kind::kBytes:
          if (info.fixed_size) {
            out_.line("mpl::bytes $name$() const noexcept { return {$p$data_ + $start$, $n$}; }",
                      {{"name", name}, {"p", prefix}, {"start", start}, {"n", std::to_string(info.size)}});
          } else {
            out_.line("mpl::bytes $name$() const noexcept { return {$p$data_ + $start$, ($end$) - ($start$)}; }",
                      {{"name", name}, {"p", prefix}, {"start", start}, {"end", end}});
          }
          break;
        case sema::Type::Kind::kLabel:
          out_.line("// Byte offset of this position from the start of the packet.");
          out_.line("std::size_t $name$() const noexcept { return $p$pkt_off_ + $start$; }",
                    {{"name", name}, {"p", prefix}, {"start", start}});
          break;
        case sema::Type::Kind::kError:
          break;
        case sema::Type::Kind::kCustom:
          out_.line("auto $name$() const noexcept {", {{"name", name}});
          out_.line("  return mpl::custom_view<$type$>(mpl::custom_context{$p$origin_, $p$data_ + $start$},",
                    {{"type", field->type.custom->cpp_type}, {"p", prefix}, {"start", start}});
          out_.line("                                 mpl::bytes{$p$data_ + $start$, ($end$) - ($start$)});",
                    {{"p", prefix}, {"start", start}, {"end", end}});
          out_.line("}");
          break;
      }
    } else if (const auto* array = item.as_array()) {
      out_.line("$range$ $name$() const noexcept {", {{"range", names_.range.at(array)}, {"name", name}});
      // The element's context_, member by member (emit_element_context).
      std::vector<std::string> carried;
      if (needs_custom_context(*frame.packet)) carried.push_back(prefix + "origin_");
      for (const Capture& c : plan_.captures(*array)) carried.push_back(capture_value(c, frame, prefix));
      const std::string context = fmt::format("{}", fmt::join(carried, ", "));
      out_.line("  return $range${$p$data_ + $start$, ($end$) - ($start$), $p$count_[$c$], $p$pkt_off_ + $start$, {$context$}};",
                {{"range", names_.range.at(array)}, {"p", prefix}, {"start", start}, {"end", end},
                 {"c", std::to_string(info.count_index)}, {"context", context}});
      out_.line("}");
    } else if (const auto* embedded = item.as_embedded()) {
      if (embedded->target == nullptr) continue;
      out_.line("const $type$::view& $name$() const noexcept { return $p$$m$; }",
                {{"type", qualified_packet(*embedded->target)}, {"name", name}, {"p", prefix},
                 {"m", embedded_member(item)}});
    } else if (const auto* classify = item.as_classify()) {
      const std::string& accessor = names_.case_accessor.at(classify);
      out_.line("$enum$ $name$() const noexcept { return static_cast<$enum$>($p$case_[$i$]); }",
                {{"enum", names_.case_enum.at(classify)}, {"name", accessor}, {"p", prefix},
                 {"i", std::to_string(info.case_index)}});
      for (const auto& kase : classify->cases) {
        out_.line("std::optional<$view$> $as$() const noexcept;",
                  {{"view", names_.branch_view.at(kase.get())}, {"as", names_.case_as.at(kase.get())}});
      }
    }
  }
}

// The branch views of every classify in `block` (and nested ones), each a
// window holding a pointer to its frame; then the out-of-class as_X()
// definitions, which need both classes complete.
//
// A branch view of a packet view points at it (the caller holds the view).
// One of an array element holds a copy of the element instead: elements are
// values a caller may take from a temporary iterator
// (`range.begin()->as_X()`), and the branch view must not outlive them.
void Emitter::emit_branch_views(const layout::Frame& frame, const sema::Block& block) {
  const bool of_element = frame.array != nullptr;
  const std::string frame_class = of_element ? names_.element_view.at(frame.array) : std::string("view");
  const std::string reach = of_element ? "f_." : "f_->";
  std::vector<std::pair<std::string, const sema::Block*>> owners;  // class, block with classifies
  std::function<void(const sema::Block&, const std::string&)> walk = [&](const sema::Block& b,
                                                                         const std::string& owner) {
    for (const auto& owned : b.items) {
      const auto* classify = owned->as_classify();
      if (classify == nullptr) continue;
      for (const auto& kase : classify->cases) {
        const std::string& cls = names_.branch_view.at(kase.get());
        out_.line("// The fields of case \"$label$\" of $path$.",
                  {{"label", kase->label}, {"path", field_path(*classify)}});
        out_.line("class $cls$ {", {{"cls", cls}});
        out_.line(" public:");
        {
          Indent in(out_);
          out_.line(of_element ? "explicit $cls$(const $frame$* frame) noexcept : f_(*frame) {}"
                               : "explicit $cls$(const $frame$* frame) noexcept : f_(frame) {}",
                    {{"cls", cls}, {"frame", frame_class}});
          emit_block_accessors(frame, kase->body, reach);
        }
        out_.blank();
        out_.line(" private:");
        out_.line(of_element ? "  [[maybe_unused]] $frame$ f_;" : "  [[maybe_unused]] const $frame$* f_;",
                  {{"frame", frame_class}});
        out_.line("};");
        out_.blank();
      }
      for (const auto& kase : classify->cases) walk(kase->body, names_.branch_view.at(kase.get()));
    }
    // Once per block: the loop below defines the as_X() of all its classifies.
    for (const auto& owned : b.items) {
      if (owned->as_classify() != nullptr) {
        owners.emplace_back(owner, &b);
        break;
      }
    }
  };
  walk(block, frame_class);
  for (const auto& [owner, b] : owners) {
    const std::string prefix = owner == frame_class ? "" : reach;
    const std::string self = owner == frame_class ? "this" : (of_element ? "&f_" : "f_");
    for (const auto& owned : b->items) {
      const auto* classify = owned->as_classify();
      if (classify == nullptr) continue;
      const auto& info = layout_.item(*classify);
      for (std::size_t i = 0; i < classify->cases.size(); ++i) {
        const auto* kase = classify->cases[i].get();
        out_.line("inline std::optional<$view$> $owner$::$as$() const noexcept {",
                  {{"view", names_.branch_view.at(kase)}, {"owner", owner}, {"as", names_.case_as.at(kase)}});
        out_.line("  if ($p$case_[$c$] != $i$) return std::nullopt;",
                  {{"p", prefix}, {"c", std::to_string(info.case_index)}, {"i", std::to_string(i)}});
        out_.line("  return $view${$self$};", {{"view", names_.branch_view.at(kase)}, {"self", self}});
        out_.line("}");
      }
    }
  }
  if (!owners.empty()) out_.blank();
}

void Emitter::emit_range(const sema::Array& array) {
  // The iterator and the range are one runtime template (mpl/elements.h);
  // the element class says what it needs from outside (context_, load_).
  out_.line("// The elements of $path$, in wire order (mpl/elements.h).", {{"path", field_path(array)}});
  out_.line("using $range$ = mpl::element_range<$element$>;",
            {{"range", names_.range.at(&array)}, {"element", names_.element_view.at(&array)}});
  out_.blank();
}

// What an element reads from outside it, carried by its range: the parse's
// origin (custom fields) and the values it captures (plan.h, Capture), in
// the order range_context_args() lists them.
void Emitter::emit_element_context(const layout::Frame& frame) {
  const bool ctx = needs_custom_context(*frame.packet);
  const std::vector<Capture>& carried = plan_.captures(*frame.array);
  out_.line("// What this element reads from outside it; its range carries it.");
  if (!ctx && carried.empty()) {
    out_.line("struct context_ {};");
  } else {
    out_.line("struct context_ {");
    if (ctx) out_.line("  mpl::custom_origin origin_;");
    for (const Capture& c : carried) out_.line("  $type$ $m$;", {{"type", c.type}, {"m", c.member}});
    out_.line("};");
  }
  // Only the element's extent, offsets and cases: its bytes were validated.
  out_.line("// Places the element at `at` (`left` bytes of the array from there) and");
  out_.line("// reads its extent, offsets and cases from bytes validation proved.");
  out_.line("void load_(const std::uint8_t* at, std::size_t left, std::size_t pkt_off,");
  out_.line("           [[maybe_unused]] const context_& from) noexcept {");
  out_.line("  data_ = at;");
  out_.line("  region_ = left;");
  out_.line("  pkt_off_ = pkt_off;");
  if (ctx) out_.line("  origin_ = from.origin_;");
  for (const Capture& c : carried) out_.line("  $m$ = from.$m$;", {{"m", c.member}});
  out_.line("  (void)validate_<true>(0);");
  out_.line("}");
}

// The byte offset of every field of the frame (its classify cases' too)
// that lies at a fixed distance from the frame's start: named for users
// (`ipv4::view::offsets::ttl`) and read by the accessors.
void Emitter::emit_offset_constants(const layout::Frame& frame) {
  std::vector<std::pair<std::string, std::uint64_t>> fixed;
  for (const sema::Item* item : frame.items) {
    const auto* field = item->as_field();
    if (field == nullptr) continue;
    const layout::Position& start = layout_.item(*item).start;
    if (start.slot == layout::Position::kFrameStart) fixed.emplace_back(names_.offset_constant.at(field), start.delta);
  }
  if (fixed.empty()) return;
  out_.line("// Byte offsets of the fields at fixed positions (a bit field: of the bytes");
  out_.line("// holding it), from the start of this $what$.", {{"what", frame.array == nullptr ? "packet" : "element"}});
  out_.line("struct offsets {");
  for (const auto& [name, at] : fixed) {
    out_.line("  static constexpr std::size_t $name$ = $at$;", {{"name", name}, {"at", std::to_string(at)}});
  }
  out_.line("};");
}

void Emitter::emit_frame_view(const layout::Frame& frame) {
  // Element frames first: the range of an array needs its element class.
  for (const sema::Item* item : frame.items) {
    if (const auto* array = item->as_array()) {
      emit_frame_view(layout_.element_frame(*array));
      emit_range(*array);
    }
  }
  const bool is_packet = frame.array == nullptr;
  const std::string cls = is_packet ? std::string("view") : names_.element_view.at(frame.array);
  // Forward declarations of the branch views this frame's accessors return.
  for (const sema::Item* item : frame.items) {
    if (const auto* classify = item->as_classify()) {
      for (const auto& kase : classify->cases) out_.line("class $cls$;", {{"cls", names_.branch_view.at(kase.get())}});
    }
  }
  if (is_packet) {
    out_.line("// A validated, read-only view of one $name$ packet in a caller's buffer.",
              {{"name", frame.packet->name}});
    out_.line("// Accessors are unchecked loads: parse() proved every field in bounds.");
  } else {
    out_.line("// One element of $path$.", {{"path", field_path(*frame.array)}});
  }
  out_.line("class $cls$ {", {{"cls", cls}});
  out_.line(" public:");
  {
    Indent in(out_);
    emit_offset_constants(frame);
    emit_block_accessors(frame, *frame.block, "");
    if (is_packet) {
      for (const auto& p : frame.packet->parameters) {
        out_.line("$type$ $accessor$() const noexcept { return p_$name$_; }",
                  {{"type", param_type(p)}, {"accessor", param_name(p)}, {"name", p.name}});
      }
    }
    out_.line("// All bytes of this $what$.", {{"what", is_packet ? "packet" : "element"}});
    out_.line("mpl::bytes bytes() const noexcept { return {data_, size_}; }");
    out_.line("std::size_t size() const noexcept { return size_; }");
    out_.blank();
    out_.line("// Implementation details, public only for other generated code.");
    const std::string params = is_packet ? param_list(*frame.packet) : std::string();
    // Trusted: a second walk over bytes validated before (checks compiled out).
    // AsSlot, AsCase: parse_as<Case>() (parse_as_gen.cc); -1 for parse().
    const bool parse_as = is_packet && !top_level_classifies(*frame.packet).empty();
    out_.line(parse_as ? "template <bool Trusted = false, int AsSlot = -1, int AsCase = -1>"
                       : "template <bool Trusted = false>");
    out_.line("mpl::result<void> validate_(std::size_t base$params$) noexcept;", {{"params", params}});
    for (const sema::Item* item : frame.items) {
      if (item->as_array() != nullptr) {
        out_.line("template <bool Trusted>");
        out_.line("mpl::result<void> $fn$(std::size_t base) noexcept;", {{"fn", array_validator(*item)}});
      }
    }
    if (!is_packet) emit_element_context(frame);
    // No initialisers: zero-filling a view (GCC's rep stos, ~11 ns whatever
    // its size) was most of a small parse. Whoever makes a view sets data_,
    // region_, pkt_off_ (and origin_ and the values from outside an element)
    // before validate_ (parse(), the array loops, the iterators, an
    // enclosing validate_ for an embedded view), and validate_ writes the
    // rest before any accessor can read it: size_, the parameters, the
    // offset, count and case slots of the cases it took (the accessors of
    // other cases are reached only through as_X(), which checks case_).
    //
    // size_ alone keeps a zero: callers read it after validate_ returned
    // ok, and GCC does not always see that every path returning ok wrote it
    // (-Wmaybe-uninitialized at -O1). One store, not a fill. The views of
    // packets embedded in a packet's view do without it (mpl::no_init): a
    // 9P message view holds 15, and zeroing them was 16 of the 119
    // instructions of its parse.
    if (is_packet) {
      out_.line("view() noexcept : size_(0) {}");
      out_.line("explicit view(mpl::no_init_t) noexcept {}");
    }
    out_.line("const std::uint8_t* data_;");
    out_.line("std::size_t size_$init$;  // bytes this $what$ occupies",
              {{"init", is_packet ? "" : " = 0"}, {"what", is_packet ? "packet" : "element"}});
    out_.line("std::size_t region_;   // bytes available from data_ (what remaining() counts in)");
    out_.line("std::size_t pkt_off_;  // offset of data_ from the start of the packet");
    if (needs_custom_context(*frame.packet)) {
      out_.line("mpl::custom_origin origin_;  // the outermost packet of the parse (custom fields see it)");
    }
    if (frame.slots > 0) out_.line("std::size_t off_[$n$];  // offsets after variable-length items", {{"n", std::to_string(frame.slots)}});
    if (frame.counts > 0) out_.line("std::size_t count_[$n$];  // array element counts", {{"n", std::to_string(frame.counts)}});
    if (frame.classifies > 0) out_.line("std::uint8_t case_[$n$];  // classify cases taken", {{"n", std::to_string(frame.classifies)}});
    if (is_packet) {
      for (const auto& p : frame.packet->parameters) {
        out_.line("$type$ p_$name$_;", {{"type", param_type(p)}, {"name", p.name}});
      }
    } else {
      for (const Capture& c : plan_.captures(*frame.array)) {
        out_.line("$type$ $m$;  // from outside the element", {{"type", c.type}, {"m", c.member}});
      }
    }
    for (const sema::Item* item : frame.items) {
      if (const auto* embedded = item->as_embedded(); embedded != nullptr && embedded->target != nullptr) {
        out_.line("$type$::view $m$$init$;", {{"type", qualified_packet(*embedded->target)},
                                              {"m", embedded_member(*item)},
                                              {"init", is_packet ? "{mpl::no_init}" : ""}});
      }
    }
  }
  out_.line("};");
  out_.blank();
  emit_branch_views(frame, *frame.block);
  emit_validate(frame);
}

}  // namespace mplc::codegen
