// Parse-as-case entry points: P::parse_as<P::subject_case_t::X>(input,
// params...) validates a packet exactly as parse() does, but accepts only
// the case X of a classify of the packet's own block (a 9P client awaiting
// Rread, an SSH server expecting KEXINIT).
//
// They reuse validate_: the packet's validate_ takes two more template
// arguments, AsSlot and AsCase (-1, -1 for parse()). At the classify whose
// case slot is AsSlot, the case conditions of the if-chain become the
// constants `AsCase == i`, so the compiler drops the dispatch and every
// other case's body, and a block of checks in front of the chain (one per
// case, selected by `if constexpr`) proves that parse() would take case
// AsCase: its match, its guard, and that no earlier case that can match
// the same subject does. No case body is emitted twice.
#include <fmt/format.h>

#include <algorithm>

#include "codegen/emitter.h"

namespace mplc::codegen {

namespace {

// An error return naming the case the caller asked for in its reason.
// A subject of a signed type gives values shown with their signs.
std::string case_error(std::string_view kind, const std::string& at, const std::string& path, const std::string& found,
                       const std::string& lo, const std::string& hi, const std::string& reason,
                       bool signed_values = false) {
  return fmt::format(
      "if constexpr (!Trusted) return mpl::{}(\"{}\", mpl::error_kind::{}, base + ({}), \"{}\", {}, {}, {});",
      signed_values ? "fail_signed_because" : "fail_because", reason, kind, at, path, found, lo, hi);
}

// Whether the matches of cases `a` and `b` (of one classify) can both hold
// for one subject. Only a proof of the contrary lets parse_as skip testing
// an earlier case, so anything not plainly disjoint counts as overlapping.
bool may_overlap(const sema::ClassifyCase& a, const sema::ClassifyCase& b) {
  using Match = sema::ClassifyCase::Match;
  const auto numeric = [](Match m) { return m == Match::kInteger || m == Match::kRange; };
  if (numeric(a.match) && numeric(b.match)) {
    const bool is_signed = a.classify != nullptr && a.classify->subject_signed;
    if (a.match == Match::kInteger && b.match == Match::kInteger) return a.low == b.low;
    if (is_signed) return true;  // two's complement patterns do not order as unsigned
    const std::uint64_t a_hi = a.match == Match::kInteger ? a.low : a.high;
    const std::uint64_t b_hi = b.match == Match::kInteger ? b.low : b.high;
    return a.low <= b_hi && b.low <= a_hi;
  }
  if (a.match == Match::kBoolean && b.match == Match::kBoolean) return a.boolean == b.boolean;
  if (a.match == Match::kString && b.match == Match::kString) return a.string == b.string;
  return true;
}

}  // namespace

std::vector<const sema::Classify*> top_level_classifies(const sema::Packet& packet) {
  std::vector<const sema::Classify*> out;
  for (const auto& item : packet.body.items) {
    if (const auto* c = item->as_classify()) out.push_back(c);
  }
  return out;
}

bool Emitter::parse_as_target(const layout::Frame& frame, const sema::Block& block) const {
  return frame.array == nullptr && &block == frame.block;
}

void Emitter::emit_parse_as_checks(const layout::Frame& frame, const sema::Classify& classify, const std::string& sv) {
  const layout::ItemLayout& info = layout_.item(classify);
  ExprEnv env = view_env(frame, "");
  // The error names the subject field where there is one (9P's type), else
  // the classify (a computed subject or a parameter).
  std::string at = pos(info.start, "");
  std::string path = field_path(classify);
  const sema::Field* subject_field =
      classify.subject && classify.subject->kind == sema::Expr::Kind::kFieldRef ? classify.subject->field : nullptr;
  if (subject_field != nullptr && &layout_.frame_of(*subject_field) == &frame) {
    at = pos(layout_.item(*subject_field).start, "");
    path = field_path(*subject_field);
  }
  // Not counted towards inlining validate_ (emit_validate): parse() must
  // inline as it did, and parse_as<Case> keeps one case's checks of these.
  const auto lines = [this] { return static_cast<std::size_t>(std::count(out_.text().begin(), out_.text().end(), '\n')); };
  const std::size_t lines_before = lines();
  const bool is_string = classify.subject_kind == sema::Classify::SubjectKind::kString;
  const std::string found = is_string ? "0" : "static_cast<std::uint64_t>(" + sv + ")";
  out_.line("// parse_as: the checks proving that parse() would take case AsCase.");
  out_.line("if constexpr (AsSlot == $s$) {", {{"s", std::to_string(info.case_index)}});
  for (std::size_t i = 0; i < classify.cases.size(); ++i) {
    const sema::ClassifyCase& kase = *classify.cases[i];
    const std::string reason = "parsing as case " + kase.label;
    out_.line("  $else$if constexpr (AsCase == $i$) {", {{"else", i == 0 ? "" : "} else "}, {"i", std::to_string(i)}});
    Indent in(out_);
    Indent in2(out_);
    const std::string match = case_condition(kase, sv);
    const std::string lo = std::to_string(kase.low) + "u";
    switch (kase.match) {
      case sema::ClassifyCase::Match::kInteger:
        out_.line("if (!($m$)) {", {{"m", match}});
        out_.line("  $ret$",
                  {{"ret", case_error("const_mismatch", at, path, found, lo, "0", reason, classify.subject_signed)}});
        out_.line("}");
        break;
      case sema::ClassifyCase::Match::kRange:
        out_.line("if (!($m$)) {", {{"m", match}});
        out_.line("  $ret$", {{"ret", case_error("out_of_range", at, path, found, lo, std::to_string(kase.high) + "u",
                                                 reason, classify.subject_signed)}});
        out_.line("}");
        break;
      case sema::ClassifyCase::Match::kBoolean:
        out_.line("if (!($m$)) {", {{"m", match}});
        out_.line("  $ret$", {{"ret", case_error("const_mismatch", at, path, found, kase.boolean ? "1" : "0", "0",
                                                 reason)}});
        out_.line("}");
        break;
      case sema::ClassifyCase::Match::kString:
        out_.line("if (!($m$)) {", {{"m", match}});
        out_.line("  $ret$", {{"ret", case_error("guard_failed", at, path, found, "0", "0", reason)}});
        out_.line("}");
        break;
      case sema::ClassifyCase::Match::kWildcard: break;
    }
    if (kase.guard) {
      out_.line("if (!($g$)) {", {{"g", expr(*kase.guard, env)}});
      out_.line("  $ret$", {{"ret", case_error("guard_failed", at, path, found, "0", "0", reason)}});
      out_.line("}");
    }
    // parse() takes the first case that matches: an earlier one that can
    // match the same subject must not (9P's Tauth after TauthDotu).
    for (std::size_t j = 0; j < i; ++j) {
      const sema::ClassifyCase& earlier = *classify.cases[j];
      if (!may_overlap(earlier, kase)) continue;
      std::string cond = case_condition(earlier, sv);
      if (earlier.guard) cond = fmt::format("({}) && ({})", cond, expr(*earlier.guard, env));
      out_.line("if ($c$) {", {{"c", cond}});
      out_.line("  $ret$", {{"ret", case_error("guard_failed", at, path, found, "0", "0",
                                               reason + "; case " + earlier.label + " matches first")}});
      out_.line("}");
    }
  }
  out_.line("  }");
  out_.line("}");
  parse_as_lines_ += lines() - lines_before;
}

void Emitter::emit_parse_as(const sema::Packet& packet) {
  const auto classifies = top_level_classifies(packet);
  if (classifies.empty()) return;
  const std::string params = param_list(packet);
  const std::string args = param_args(packet);
  for (const sema::Classify* classify : classifies) {
    const layout::ItemLayout& info = layout_.item(*classify);
    const std::string& cases = names_.case_enum.at(classify);
    out_.line("// Validates one $name$ packet exactly as parse() does, but accepts only case",
              {{"name", packet.name}});
    out_.line("// `Case` of $path$: any other packet is an error at the subject", {{"path", field_path(*classify)}});
    out_.line("// (const_mismatch, out_of_range or guard_failed, reason \"parsing as case X\").");
    out_.line("// On success the view's $acc$() is Case, so its as_X() holds a value.",
              {{"acc", names_.case_accessor.at(classify)}});
    out_.line("template <$cases$ Case>", {{"cases", cases}});
    out_.line("$inline$ mpl::result<view> parse_as(mpl::bytes input$params$) noexcept {",
              {{"inline", inline_validate_ ? "MPL_ALWAYS_INLINE" : "inline"}, {"params", params}});
    out_.line("  static_assert(static_cast<std::size_t>(Case) < $n$, \"not a case of $path$\");",
              {{"n", std::to_string(classify->cases.size())}, {"path", field_path(*classify)}});
    out_.line("  mpl::result<view> out(std::in_place);");
    out_.line("  out->data_ = input.data();");
    out_.line("  out->region_ = input.size();");
    out_.line("  out->pkt_off_ = 0;");
    out_.line("  if (auto r = out->template validate_<false, $s$, static_cast<int>(Case)>(0$args$); !r.ok()) {",
              {{"s", std::to_string(info.case_index)}, {"args", args}});
    out_.line("    out.set_error(r.error());");
    out_.line("  }");
    out_.line("  return out;");
    out_.line("}");
    out_.blank();
  }
}

}  // namespace mplc::codegen
