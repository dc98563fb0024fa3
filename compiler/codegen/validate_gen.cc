// Validation: the one pass over a frame that proves every later access in
// bounds, fills the frame's offset table, element counts and classify cases,
// and enforces const, min, max, classify matches, guards and alignment.
//
// Invariant the generated code keeps: every position it computes is at
// most region_, so `region_ - pos` never wraps and each check is
// overflow-safe (`need > region_ - pos`, never `pos + need > region_`).
#include <algorithm>

#include <fmt/format.h>

#include "codegen/custom_context.h"
#include "codegen/emitter.h"

namespace mplc::codegen {

namespace {

// An error return: a call of the out-of-line mpl::fail, so the
// success path of validation stays small enough to inline into callers.
// Only in the checking instantiation: validate_<true> walks bytes already
// validated (a range re-reading its elements) and needs only the offsets,
// counts and cases, so its checks compile away.
std::string error(std::string_view kind, const std::string& at, const std::string& path, const std::string& found,
                  const std::string& lo = "0", const std::string& hi = "0", bool signed_values = false) {
  return fmt::format(
      "if constexpr (!Trusted) return mpl::{}(mpl::error_kind::{}, base + ({}), \"{}\", {}, {}, {});",
      signed_values ? "fail_signed" : "fail", kind, at, path, found, lo, hi);
}

}  // namespace

void Emitter::divisor_checks(const sema::Expr& e, const ExprEnv& env, const std::string& at,
                             const std::string& path) {
  std::vector<std::string> divisors;  // each once, in the order they are met
  auto collect = [&](const sema::Expr& node, auto& self) -> void {
    for (const auto& operand : node.operands) self(*operand, self);
    if (node.kind != sema::Expr::Kind::kBinary || node.constant) return;
    if (node.binary_op != sema::BinaryOp::kDivide && node.binary_op != sema::BinaryOp::kRemainder) return;
    if (node.operands[1]->constant) return;  // sema refused a constant 0
    std::string d = expr(*node.operands[1], env);
    if (std::find(divisors.begin(), divisors.end(), d) == divisors.end()) divisors.push_back(std::move(d));
  };
  collect(e, collect);
  for (const std::string& d : divisors) {
    out_.line("if ($d$ == 0) {", {{"d", d}});
    out_.line("  $ret$", {{"ret", error("bad_length", at, path, "0")}});
    out_.line("}");
  }
}

// A size or count computed from a signed field can be negative: that is a
// bad length naming the item (printed as the negative number), rather
// than a huge size left to the bounds check to reject as truncation.
void Emitter::negative_size_check(const sema::Expr& size, const std::string& at, const std::string& path) {
  if (!size.is_signed || size.constant) return;
  out_.line("if (mpl::sless(n, 0)) {");
  out_.line("  $ret$", {{"ret", error("bad_length", at, path, "n")}});
  out_.line("}");
}

// A C++ string literal holding exactly `bytes` (user text: every byte that
// is not a plain printable character is escaped).
std::string cpp_string_literal(const std::string& bytes) {
  std::string out = "std::string_view{\"";
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?') {
      out += ch;
    } else {
      out += fmt::format("\\{:03o}", c);
    }
  }
  out += fmt::format("\", {}}}", bytes.size());
  return out;
}

// C++ for "case `kase` matches `subject`" (an expression of the subject's
// kind: an integer, a bool, or mpl::bytes for a string match); parse() and
// the builder's checks both use it.
std::string case_condition(const sema::ClassifyCase& kase, const std::string& subject) {
  switch (kase.match) {
    case sema::ClassifyCase::Match::kInteger: return fmt::format("{} == {}u", subject, kase.low);
    case sema::ClassifyCase::Match::kRange:
      if (kase.classify != nullptr && kase.classify->subject_signed) {
        return fmt::format("!mpl::sless({0}, {1}u) && !mpl::sless({2}u, {0})", subject, kase.low, kase.high);
      }
      return kase.low == 0 ? fmt::format("{} <= {}u", subject, kase.high)
                           : fmt::format("{0} >= {1}u && {0} <= {2}u", subject, kase.low, kase.high);
    case sema::ClassifyCase::Match::kBoolean: return kase.boolean ? subject : "!" + subject;
    case sema::ClassifyCase::Match::kString: return "mpl::equal(" + subject + ", " + cpp_string_literal(kase.string) + ")";
    case sema::ClassifyCase::Match::kWildcard: return "true";
  }
  return "false";
}

void Emitter::emit_check(const layout::Frame& frame, const sema::Item& item, const layout::Position& at,
                         std::uint64_t bytes) {
  (void)frame;
  const std::string p = pos(at, "");
  out_.line("if (region_ - ($p$) < $n$) {", {{"p", p}, {"n", std::to_string(bytes)}});
  out_.line("  $ret$", {{"ret", error("truncated", p, field_path(item), fmt::format("region_ - ({})", p),
                                      std::to_string(bytes))}});
  out_.line("}");
}

// A packet's validate_ of at most this many lines is always inlined into
// parse() and parse() into its callers: GCC's own heuristics keep the
// validation of a header such as IPv4 or ICMP (a few dozen compares and
// calls of the out-of-line error path) out of line, and the call, the
// stack frame and the view returned through memory then cost more than the
// checks themselves (bench/: 2x the hand-written parser). Larger packets
// (DNS, BGP, SSH) are left to the compiler, so code size does not grow with
// every call site. Arrays are validated out of line whatever the size.
constexpr std::size_t kInlineValidateLines = 160;

void Emitter::emit_validate(const layout::Frame& frame) {
  const bool is_packet = frame.array == nullptr;
  const std::string cls = is_packet ? std::string("view") : names_.element_view.at(frame.array);
  const std::string params = is_packet ? param_list(*frame.packet) : std::string();
  // The body goes to a scratch printer first: its size decides the inlining.
  Printer body;
  std::swap(out_, body);
  parse_as_lines_ = 0;
  {
    Indent in(out_);
    if (is_packet) {
      for (const auto& p : frame.packet->parameters) {
        out_.line("p_$name$_ = $arg$;", {{"name", p.name}, {"arg", param_name(p)}});
      }
      // A view nobody handed an origin is the outermost packet of its parse.
      if (needs_custom_context(*frame.packet)) out_.line("if (origin_.data == nullptr) origin_ = {data_, region_};");
    }
    emit_validate_program(frame, plan_.frame(frame).validation);
    // The frame ends where its last item ends.
    layout::Position end;
    if (!frame.block->items.empty()) end = layout_.item(*frame.block->items.back()).end;
    out_.line("size_ = $end$;", {{"end", pos(end, "")}});
    out_.line("return {};");
  }
  std::swap(out_, body);
  const std::string text = body.take();
  const bool force_inline =
      is_packet &&
      static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) - parse_as_lines_ <= kInlineValidateLines;
  if (is_packet) inline_validate_ = force_inline;
  const bool parse_as = is_packet && !top_level_classifies(*frame.packet).empty();
  out_.line(parse_as ? "template <bool Trusted, int AsSlot, int AsCase>" : "template <bool Trusted>");
  out_.line("$inline$ mpl::result<void> $cls$::validate_([[maybe_unused]] std::size_t base$params$) noexcept {",
            {{"inline", force_inline ? "MPL_ALWAYS_INLINE" : "inline"}, {"cls", cls}, {"params", params}});
  out_.append(text);
  out_.line("}");
  out_.blank();
  // Nested arrays inside an array's loop belong to the element's frame, so
  // every pending array here is an item of this frame.
  std::vector<const sema::Item*> arrays;
  arrays.swap(pending_arrays_);
  for (const sema::Item* item : arrays) emit_validate_array(frame, cls, *item);
}

// Named after the array and its place among the frame's items: arrays in
// different classify cases may share a name and a count slot.
std::string Emitter::array_validator(const sema::Item& item) const {
  const auto& items = layout_.frame_of(item).items;
  const auto index = std::find(items.begin(), items.end(), &item) - items.begin();
  return fmt::format("validate_{}_{}_", item.name, index);
}

void Emitter::emit_validate_array(const layout::Frame& frame, const std::string& cls, const sema::Item& item) {
  const sema::Array* array = item.as_array();
  const layout::ItemLayout& info = layout_.item(item);
  const std::string& ecls = names_.element_view.at(array);
  const std::string start = pos(info.start, "");
  const std::string path = field_path(item);
  ExprEnv env = view_env(frame, "");
  remaining_at_ = start;
  out_.line("// Validates every element of $path$ and records where the array ends.", {{"path", path}});
  // The attributes go on the definition: GCC refuses `inline` after a noinline declaration.
  out_.line("template <bool Trusted>");
  out_.line("MPL_NOINLINE inline mpl::result<void> $cls$::$fn$([[maybe_unused]] std::size_t base) noexcept {",
            {{"cls", cls}, {"fn", array_validator(item)}});
  {
    Indent in(out_);
    out_.line("std::size_t at = $start$;", {{"start", start}});
    out_.line("std::size_t limit = region_;");
    out_.line("std::size_t k = 0;");
    if (array->bound_kind == sema::Array::Bound::kBytes) {
      divisor_checks(*array->bound, env, "at", path);
      out_.line("const std::uint64_t n = $bound$;", {{"bound", expr(*array->bound, env)}});
      negative_size_check(*array->bound, "at", path);
      out_.line("if (n > region_ - at) {");
      out_.line("  $ret$", {{"ret", error("truncated", "at", path, "region_ - at", "n")}});
      out_.line("}");
      out_.line("limit = at + static_cast<std::size_t>(n);");
    } else if (array->bound_kind == sema::Array::Bound::kCount) {
      divisor_checks(*array->bound, env, "at", path);
      out_.line("const std::uint64_t n = $bound$;", {{"bound", expr(*array->bound, env)}});
      negative_size_check(*array->bound, "at", path);
    }
    // Elements of a fixed size with nothing to check but their bounds
    // (addresses, AS numbers): all at once. The loop below then runs only to
    // report where the elements stop fitting, with the error it always gave.
    const std::uint64_t plain = plan_.frame(layout_.element_frame(*array)).plain_element_size;
    if (plain > 0 && array->bound_kind == sema::Array::Bound::kCount) {
      out_.line("if (n <= mpl::limits::max_array_elements && n <= (region_ - at) / $s$u) {", {{"s", std::to_string(plain)}});
      out_.line("  count_[$c$] = static_cast<std::size_t>(n);", {{"c", std::to_string(info.count_index)}});
      out_.line("  off_[$k$] = at + static_cast<std::size_t>(n) * $s$u;",
                {{"k", std::to_string(info.end_slot)}, {"s", std::to_string(plain)}});
      out_.line("  return {};");
      out_.line("}");
    } else if (plain > 0 && array->bound_kind == sema::Array::Bound::kBytes) {
      out_.line("if (n % $s$u == 0 && n / $s$u <= mpl::limits::max_array_elements) {", {{"s", std::to_string(plain)}});
      out_.line("  count_[$c$] = static_cast<std::size_t>(n / $s$u);",
                {{"c", std::to_string(info.count_index)}, {"s", std::to_string(plain)}});
      out_.line("  off_[$k$] = limit;", {{"k", std::to_string(info.end_slot)}});
      out_.line("  return {};");
      out_.line("}");
    }
    // One element view for the whole loop: validate_ sets every member it
    // reads before reading it, and a fresh (zero-filled) view per element
    // cost a quarter of the loop for elements that hold embedded views.
    out_.line("$cls$ e;", {{"cls", ecls}});
    out_.line("for (;;) {");
    {
      Indent in2(out_);
      if (array->bound_kind == sema::Array::Bound::kCount) {
        out_.line("if (k == n) break;");
      } else if (array->bound_kind == sema::Array::Bound::kBytes) {
        out_.line("if (at == limit) break;");
      } else {
        // The region ended before the sentinel element: a truncated list.
        out_.line("if (at == limit) {");
        out_.line("  $ret$", {{"ret", error("truncated", "at", path, "k")}});
        out_.line("}");
      }
      out_.line("if (k == mpl::limits::max_array_elements) {");
      out_.line("  $ret$", {{"ret", error("limit_exceeded", "at", path, "k + 1", "mpl::limits::max_array_elements")}});
      out_.line("}");
      out_.line("e.data_ = data_ + at;");
      out_.line("e.region_ = limit - at;");
      out_.line("e.pkt_off_ = pkt_off_ + at;");
      if (needs_custom_context(*frame.packet)) out_.line("e.origin_ = origin_;");
      for (const Capture& c : plan_.captures(*array)) {
        out_.line("e.$m$ = $v$;", {{"m", c.member}, {"v", capture_value(c, frame, "")}});
      }
      out_.line("if (auto r = e.validate_<Trusted>(base + at); !r.ok()) return r;");
      out_.line("// Every element consumes a byte, so the loop ends within the buffer.");
      out_.line("if (e.size_ == 0) {");
      out_.line("  $ret$", {{"ret", error("bad_length", "at", path, "0")}});
      out_.line("}");
      out_.line("at += e.size_;");
      out_.line("++k;");
      if (array->bound_kind == sema::Array::Bound::kUntil) {
        const layout::Frame& element = layout_.element_frame(*array);
        out_.line("if ($cond$) break;", {{"cond", expr(*array->bound, view_env(element, "e."))}});
      }
    }
    out_.line("}");
    out_.line("count_[$c$] = k;", {{"c", std::to_string(info.count_index)}});
    out_.line("off_[$k$] = at;", {{"k", std::to_string(info.end_slot)}});
    out_.line("return {};");
  }
  out_.line("}");
  out_.blank();
}

// One group of statements per step of the frame's validation program
// (plan/validation.cc decides the steps and their order).
void Emitter::emit_validate_program(const layout::Frame& frame, const std::vector<plan::Check>& program) {
  ExprEnv env = view_env(frame, "");
  for (const plan::Check& check : program) {
    const sema::Item& item = *check.item;
    const layout::ItemLayout& info = layout_.item(item);
    const std::string start = pos(info.start, "");
    const std::string path = field_path(item);
    remaining_at_ = start;
    switch (check.kind) {
      case plan::Check::Kind::kBounds: emit_check(frame, item, check.at, check.bytes); break;
      case plan::Check::Kind::kConst: emit_const_check(*item.as_field(), start, path); break;
      case plan::Check::Kind::kRange: emit_range_check(*item.as_field(), start, path); break;
      case plan::Check::Kind::kLength: {
        const sema::Field& field = *item.as_field();
        out_.line("{");
        {
          Indent in(out_);
          divisor_checks(*field.type.size, env, start, path);
          out_.line("const std::uint64_t n = $size$;", {{"size", expr(*field.type.size, env)}});
          negative_size_check(*field.type.size, start, path);
          out_.line("if (n > region_ - ($start$)) {", {{"start", start}});
          out_.line("  $ret$", {{"ret", error("truncated", start, path, fmt::format("region_ - ({})", start), "n")}});
          out_.line("}");
          out_.line("off_[$k$] = $start$ + static_cast<std::size_t>(n);",
                    {{"k", std::to_string(info.end_slot)}, {"start", start}});
        }
        out_.line("}");
        break;
      }
      case plan::Check::Kind::kConstBytes: {
        const std::string& bytes = *item.as_field()->const_bytes;
        const std::string lit = cpp_string_literal(bytes);
        out_.line("if (!mpl::equal(mpl::bytes{data_ + $start$, $n$}, $lit$)) {",
                  {{"start", start}, {"n", std::to_string(bytes.size())}, {"lit", lit}});
        out_.line("  if constexpr (!Trusted) return mpl::const_bytes_mismatch(base + ($start$), \"$path$\", data_ + $start$, $lit$);",
                  {{"start", start}, {"path", path}, {"lit", lit}});
        out_.line("}");
        break;
      }
      case plan::Check::Kind::kCustom: emit_custom_check(*item.as_field(), start, path); break;
      case plan::Check::Kind::kArray: {
        // The loop lives in its own out-of-line member (emit_validate_array):
        // it keeps validate_ small enough to inline into parse() and its
        // callers, which matters most for packets whose arrays are usually
        // empty (IPv4 and TCP options).
        // An empty array bounded by a count or a byte length is settled here
        // without the call.
        const sema::Array& array = *item.as_array();
        if (array.bound_kind == sema::Array::Bound::kUntil) {
          out_.line("if (auto r = $fn$<Trusted>(base); !r.ok()) return r;", {{"fn", array_validator(item)}});
        } else {
          out_.line("if ($bound$ == 0) {", {{"bound", expr(*array.bound, env)}});
          out_.line("  count_[$c$] = 0;", {{"c", std::to_string(info.count_index)}});
          out_.line("  off_[$k$] = $start$;", {{"k", std::to_string(info.end_slot)}, {"start", start}});
          out_.line("} else if (auto r = $fn$<Trusted>(base); !r.ok()) {", {{"fn", array_validator(item)}});
          out_.line("  return r;");
          out_.line("}");
        }
        pending_arrays_.push_back(&item);
        break;
      }
      case plan::Check::Kind::kEmbedded:
        if (check.region_size != nullptr) {
          emit_sized_embedded_check(check, env);
          break;
        }
        {
          const sema::Embedded& embedded = *item.as_embedded();
          const std::string m = embedded_member(item);
          std::string args;
          for (const auto& a : embedded.args) args += ", " + expr(*a, env);
          out_.line("$m$.data_ = data_ + $start$;", {{"m", m}, {"start", start}});
          out_.line("$m$.region_ = region_ - ($start$);", {{"m", m}, {"start", start}});
          // An embedded packet's label offsets count from its own start.
          out_.line("$m$.pkt_off_ = 0;", {{"m", m}});
          if (needs_custom_context(*embedded.target)) out_.line("$m$.origin_ = origin_;", {{"m", m}});
          out_.line("if (auto r = $m$.validate_<Trusted>(base + $start$$args$); !r.ok()) return r;",
                    {{"m", m}, {"start", start}, {"args", args}});
          out_.line("off_[$k$] = $start$ + $m$.size_;",
                    {{"k", std::to_string(info.end_slot)}, {"start", start}, {"m", m}});
        }
        break;
      case plan::Check::Kind::kClassify: emit_classify_check(frame, check, env); break;
      case plan::Check::Kind::kAlign: {
        const std::string end = pos(check.at, "");
        const std::uint64_t a = *item.align / 8;
        out_.line("{");
        out_.line("  const std::size_t pad = ($a$ - (pkt_off_ + $end$) % $a$) % $a$;", {{"a", std::to_string(a)}, {"end", end}});
        out_.line("  if (pad > region_ - ($end$)) {", {{"end", end}});
        out_.line("    $ret$", {{"ret", error("truncated", end, path, fmt::format("region_ - ({})", end), "pad")}});
        out_.line("  }");
        out_.line("  off_[$k$] = $end$ + pad;", {{"k", std::to_string(info.align_slot)}, {"end", end}});
        out_.line("}");
        break;
      }
    }
  }
}

// An embedded packet with size(n): validated in a region of exactly n
// bytes, which its content must fill. A truncation inside it while the
// enclosing region held more than n bytes was caused by the size, not by
// the end of the input: it is reported as the size's error, naming the
// embedded field and (as the reason) the field that ran past.
void Emitter::emit_sized_embedded_check(const plan::Check& check, const ExprEnv& env) {
  const sema::Item& item = *check.item;
  const sema::Embedded& embedded = *item.as_embedded();
  const std::string start = pos(layout_.item(item).start, "");
  const std::string path = field_path(item);
  const std::string m = embedded_member(item);
  std::string args;
  for (const auto& a : embedded.args) args += ", " + expr(*a, env);
  out_.line("{");
  {
    Indent in(out_);
    divisor_checks(*check.region_size, env, start, path);
    out_.line("const std::uint64_t n = $size$;", {{"size", expr(*check.region_size, env)}});
    negative_size_check(*check.region_size, start, path);
    out_.line("if (n > region_ - ($start$)) {", {{"start", start}});
    out_.line("  $ret$", {{"ret", error("truncated", start, path, fmt::format("region_ - ({})", start), "n")}});
    out_.line("}");
    out_.line("$m$.data_ = data_ + $start$;", {{"m", m}, {"start", start}});
    out_.line("$m$.region_ = static_cast<std::size_t>(n);", {{"m", m}});
    out_.line("$m$.pkt_off_ = 0;", {{"m", m}});
    if (needs_custom_context(*embedded.target)) out_.line("$m$.origin_ = origin_;", {{"m", m}});
    out_.line("if (auto r = $m$.validate_<Trusted>(base + $start$$args$); !r.ok()) {",
              {{"m", m}, {"start", start}, {"args", args}});
    out_.line("  if constexpr (!Trusted) {");
    out_.line("    if (r.error().kind == mpl::error_kind::truncated && n < region_ - ($start$)) {", {{"start", start}});
    out_.line("      return mpl::fail_because(r.error().field, mpl::error_kind::size_mismatch, base + ($start$), "
              "\"$path$\", 0, n, 1);",
              {{"start", start}, {"path", path}});
    out_.line("    }");
    out_.line("  }");
    out_.line("  return r;");
    out_.line("}");
    out_.line("if ($m$.size_ != n) {", {{"m", m}});
    out_.line("  $ret$", {{"ret", error("size_mismatch", start, path, m + ".size_", "n")}});
    out_.line("}");
    out_.line("off_[$k$] = $start$ + $m$.size_;",
              {{"k", std::to_string(layout_.item(item).end_slot)}, {"start", start}, {"m", m}});
  }
  out_.line("}");
}

void Emitter::emit_const_check(const sema::Field& field, const std::string& start, const std::string& path) {
  const std::string value = load_wide(field, "");
  out_.line("if ($v$ != $c$u) {", {{"v", value}, {"c", std::to_string(*field.const_int)}});
  // Above INT64_MAX a literal is only valid C++ with its suffix.
  const std::string expected =
      std::to_string(*field.const_int) + (*field.const_int > std::uint64_t{INT64_MAX} ? "u" : "");
  out_.line("  $ret$", {{"ret", error("const_mismatch", start, path, value, expected, "0", field.type.is_signed)}});
  out_.line("}");
}

void Emitter::emit_range_check(const sema::Field& field, const std::string& start, const std::string& path) {
  const sema::Type& type = field.type;
  const std::string value = load_wide(field, "");
  if (type.is_signed) {
    // Signed bounds (two's complement patterns) compare as int64; a
    // missing one is the type's own limit, which no value passes.
    const std::uint64_t lo = field.min_int.value_or(signed_min_pattern(type.width));
    const std::uint64_t hi = field.max_int.value_or(signed_max_pattern(type.width));
    std::string cond;
    if (field.min_int) cond = fmt::format("mpl::sless({}, {}u)", value, lo);
    if (field.max_int) {
      if (!cond.empty()) cond += " || ";
      cond += fmt::format("mpl::sless({}u, {})", hi, value);
    }
    out_.line("if ($cond$) {", {{"cond", cond}});
    out_.line("  $ret$", {{"ret", error("out_of_range", start, path, value, std::to_string(lo) + "u",
                                        std::to_string(hi) + "u", true)}});
    out_.line("}");
    return;
  }
  const std::uint64_t lo = field.min_int.value_or(0);
  const std::uint64_t hi =
      field.max_int.value_or(type.width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << type.width) - 1);
  std::string cond;
  if (field.min_int && *field.min_int > 0) cond = fmt::format("{} < {}u", value, lo);
  if (field.max_int) {
    if (!cond.empty()) cond += " || ";
    cond += fmt::format("{} > {}u", value, hi);
  }
  out_.line("if ($cond$) {", {{"cond", cond}});
  out_.line("  $ret$", {{"ret", error("out_of_range", start, path, value, std::to_string(lo) + "u",
                                      std::to_string(hi) + "u")}});
  out_.line("}");
}

void Emitter::emit_custom_check(const sema::Field& field, const std::string& start, const std::string& path) {
  const std::string& type = field.type.custom->cpp_type;
  out_.line("{");
  {
    Indent in(out_);
    out_.line("std::size_t n;");
    // A second walk (iterating an array) only needs the value's extent,
    // which a type's extent() gives without checking again (a DNS name:
    // its labels up to the end or a pointer, not followed).
    out_.line("if constexpr (Trusted) {");
    out_.line("  n = mpl::custom_extent<$type$>(", {{"type", type}});
    out_.line("      mpl::custom_context{origin_, data_ + $start$}, mpl::bytes{data_ + $start$, region_ - ($start$)});",
              {{"start", start}});
    out_.line("} else {");
    out_.line("  const mpl::result<std::size_t> r = mpl::custom_validate<$type$>(", {{"type", type}});
    out_.line("      mpl::custom_context{origin_, data_ + $start$}, mpl::bytes{data_ + $start$, region_ - ($start$)});",
              {{"start", start}});
    out_.line("  if (!r.ok()) return mpl::custom_error(r.error(), \"$path$\");", {{"path", path}});
    out_.line("  if (*r > region_ - ($start$)) {", {{"start", start}});
    out_.line("    $ret$", {{"ret", error("custom_invalid", start, path, "*r")}});
    out_.line("  }");
    out_.line("  n = *r;");
    out_.line("}");
    out_.line("off_[$k$] = $start$ + n;", {{"k", std::to_string(layout_.item(field).end_slot)}, {"start", start}});
  }
  out_.line("}");
}

// The classify's subject, then the first case that matches and that case's
// own program; no case matching is an error unless a `_` case always matches.
void Emitter::emit_classify_check(const layout::Frame& frame, const plan::Check& check, const ExprEnv& env) {
  const sema::Item& item = *check.item;
  const sema::Classify& classify = *item.as_classify();
  const layout::ItemLayout& info = layout_.item(item);
  const std::string start = pos(info.start, "");
  const std::string path = field_path(item);
  out_.line("{");
  {
    Indent in(out_);
    const bool is_string = classify.subject_kind == sema::Classify::SubjectKind::kString;
    // Named after the classify: a nested classify's subject must not
    // shadow the enclosing one's (-Wshadow in users' code).
    const std::string sv = fmt::format("subject_{}", info.case_index);
    if (is_string) {
      const sema::Field* f = classify.subject->field;
      const auto& finfo = layout_.item(*f);
      out_.line("const mpl::bytes $s${data_ + $start$, ($end$) - ($start$)};",
                {{"s", sv}, {"start", pos(finfo.start, "")}, {"end", pos(finfo.data_end, "")}});
    } else if (classify.subject_kind == sema::Classify::SubjectKind::kBoolean) {
      out_.line("const bool $s$ = $subject$;", {{"s", sv}, {"subject", expr(*classify.subject, env)}});
    } else {
      out_.line("const std::uint64_t $s$ = $subject$;", {{"s", sv}, {"subject", expr(*classify.subject, env)}});
    }
    const bool forcible = parse_as_target(frame, *item.parent);
    if (forcible) emit_parse_as_checks(frame, classify, sv);
    for (std::size_t i = 0; i < classify.cases.size(); ++i) {
      const auto& kase = *classify.cases[i];
      std::string cond = case_condition(kase, sv);
      if (kase.guard) cond = fmt::format("({}) && ({})", cond, expr(*kase.guard, env));
      // parse_as<Case>: the checks above chose the case; a constant here.
      if (forcible) cond = fmt::format("AsSlot == {} ? AsCase == {} : ({})", info.case_index, i, cond);
      out_.line("$else$if ($cond$) {", {{"else", i == 0 ? "" : "} else "}, {"cond", cond}});
      Indent in2(out_);
      out_.line("case_[$c$] = $i$;", {{"c", std::to_string(info.case_index)}, {"i", std::to_string(i)}});
      emit_validate_program(frame, check.cases[i]);
      if (info.end_slot >= 0) {
        layout::Position end = info.start;
        if (!kase.body.items.empty()) end = layout_.item(*kase.body.items.back()).end;
        out_.line("off_[$k$] = $end$;", {{"k", std::to_string(info.end_slot)}, {"end", pos(end, "")}});
      }
    }
    // A `_` case with a `when` guard can fail too: then no case was taken.
    if (!classify.has_wildcard() || classify.cases.back()->guard) {
      out_.line("} else {");
      out_.line("  $ret$", {{"ret", error("no_branch_matched", start, path,
                                          is_string ? "0" : "static_cast<std::uint64_t>(" + sv + ")")}});
    }
    out_.line("}");
  }
  out_.line("}");
}

}  // namespace mplc::codegen
