// The checks a builder's write() runs after writing, so that a write that
// succeeds always produces bytes parse() accepts with the same field values
// (issue 14, "Soundness"; docs/robustness.md, "Known disagreements"):
// bounds of the values the user chose, the classify case chosen against its
// subject and guards, sizes against the expressions parse() reads them by,
// sized regions and string subjects.
#include <fmt/format.h>

#include <set>

#include "codegen/builder_writer.h"

namespace mplc::codegen {

bool BuilderWriter::reads_outside(const sema::Expr& e) const {
  if (e.kind == sema::Expr::Kind::kParamRef) return true;
  if (e.kind == sema::Expr::Kind::kFieldRef && e.field != nullptr && id_.count(e.field) == 0) return true;
  for (const auto& o : e.operands) {
    if (reads_outside(*o)) return true;
  }
  return false;
}

void BuilderWriter::checks() {
  ExprEnv environment = env();
  for (const sema::Item* item : frame_.items) {
    const auto* f = item->as_field();
    if (f == nullptr || !is_user_integer(e_.plan(), *f)) continue;
    if (filled_from_case(e_.plan(), *f)) continue;
    const std::string n = id(*f);
    const bool type_holds_width = f->type.kind != sema::Type::Kind::kBits || f->type.width == 8 ||
                                  f->type.width == 16 || f->type.width == 32 || f->type.width == 64;
    const Bounds bounds = bounds_check(*f, "v_" + n, type_holds_width);
    std::string cond = bounds.cond;
    if (cond.empty()) continue;
    const std::string taken_cond = taken(*f);
    if (!taken_cond.empty()) cond = fmt::format("({}) && ({})", taken_cond, cond);
    out_.line("if ($c$) {", {{"c", cond}});
    out_.line("  return mpl::$fail$<std::size_t>(mpl::error_kind::out_of_range, s_$n$, \"$path$\", v_$n$, $lo$, $hi$);",
              {{"fail", f->type.is_signed ? "fail_signed" : "fail"},
               {"n", n},
               {"path", e_.field_path(*f)},
               {"lo", bounds.lo},
               {"hi", bounds.hi}});
    out_.line("}");
  }
  size_checks(environment);
  string_subject_checks(environment);
  sized_regions(environment);
  for (const sema::Item* item : frame_.items) {
    const auto* classify = item->as_classify();
    if (classify == nullptr || !classify->subject) continue;
    if (classify->subject_kind == sema::Classify::SubjectKind::kString || reads_outside(*classify->subject)) continue;
    const std::string n = id(*classify);
    const std::string subject = fmt::format("static_cast<std::uint64_t>({})", e_.expr(*classify->subject, environment));
    const bool filled = classify->subject->kind == sema::Expr::Kind::kFieldRef &&
                        e_.plan().source(*classify->subject->field).classify == classify;
    const std::string path = e_.field_path(*classify);
    for (std::size_t i = 0; i < classify->cases.size(); ++i) {
      const auto& chosen = *classify->cases[i];
      std::vector<std::string> wrong;  // conditions under which parse() would not take case i
      // The builder writes a single-match case's value into a field
      // subject; a parameter, or a range or `_` case, leaves it to the user.
      const bool subject_known = filled && plan::matches_one_value(chosen);
      if (!subject_known) {
        const std::string m = case_condition(chosen, subject);
        if (m != "true") wrong.push_back("!(" + m + ")");
      }
      for (std::size_t j = 0; j < i; ++j) {
        const auto& earlier = *classify->cases[j];
        if (earlier.guard && reads_outside(*earlier.guard)) continue;
        std::string m;
        if (subject_known) {
          // Decided here: does case j match case i's value?
          const std::uint64_t v = chosen.match == sema::ClassifyCase::Match::kBoolean ? (chosen.boolean ? 1 : 0) : chosen.low;
          if (!static_matches(earlier, v)) continue;
          m = "true";
        } else {
          m = case_condition(earlier, subject);
        }
        if (earlier.guard) m = m == "true" ? "(" + e_.expr(*earlier.guard, environment) + ")"
                                           : fmt::format("({}) && ({})", m, e_.expr(*earlier.guard, environment));
        wrong.push_back(m);
      }
      if (!wrong.empty()) {
        std::string any;
        for (const auto& w : wrong) any += (any.empty() ? "(" : " || (") + w + ")";
        out_.line("if (c_$n$ == $i$ && ($any$)) {", {{"n", n}, {"i", std::to_string(i)}, {"any", any}});
        out_.line("  return mpl::fail<std::size_t>(mpl::error_kind::no_branch_matched, s_$n$, \"$path$\", $s$);",
                  {{"n", n}, {"path", path}, {"s", subject}});
        out_.line("}");
      }
      if (chosen.guard && !reads_outside(*chosen.guard)) {
        out_.line("if (c_$n$ == $i$ && !($g$)) {", {{"n", n}, {"i", std::to_string(i)}, {"g", e_.expr(*chosen.guard, environment)}});
        out_.line("  return mpl::fail<std::size_t>(mpl::error_kind::guard_failed, s_$n$, \"$path$\", $s$);",
                  {{"n", n}, {"path", path}, {"s", subject}});
        out_.line("}");
      }
    }
  }
}

bool BuilderWriter::reads_frame_field(const sema::Expr& e) const {
  if (e.kind == sema::Expr::Kind::kFieldRef && e.field != nullptr && id_.count(e.field) != 0) return true;
  for (const auto& o : e.operands) {
    if (reads_frame_field(*o)) return true;
  }
  return false;
}

void BuilderWriter::zero_divisors(const sema::Expr& e, std::vector<const sema::Expr*>& out) {
  for (const auto& o : e.operands) zero_divisors(*o, out);
  if (e.kind == sema::Expr::Kind::kBinary && !e.constant && !e.operands[1]->constant &&
      (e.binary_op == sema::BinaryOp::kDivide || e.binary_op == sema::BinaryOp::kRemainder)) {
    out.push_back(e.operands[1].get());
  }
}

bool BuilderWriter::computed_from_item(const sema::Expr& size, const sema::Item& item) {
  if (size.kind != sema::Expr::Kind::kFieldRef || size.field == nullptr || !size.field->value) return false;
  const sema::Expr& v = *size.field->value;
  return (v.kind == sema::Expr::Kind::kSizeof || v.kind == sema::Expr::Kind::kArrayLength) && v.target == &item;
}

bool BuilderWriter::reads_remaining(const sema::Expr& e) {
  if (e.kind == sema::Expr::Kind::kRemaining) return true;
  for (const auto& o : e.operands) {
    if (reads_remaining(*o)) return true;
  }
  return false;
}

void BuilderWriter::size_checks(const ExprEnv& environment) {
  for (const sema::Item* item : frame_.items) {
    const sema::Expr* size = nullptr;
    std::string actual;
    const std::string n = id(*item);
    if (const auto* f = item->as_field(); f != nullptr && f->type.kind == sema::Type::Kind::kBytes) {
      size = f->type.size.get();
      actual = fmt::format("std::uint64_t{{e_{0} - s_{0}}}", n);
    } else if (const auto* array = item->as_array(); array != nullptr && array->bound_kind != sema::Array::Bound::kUntil) {
      size = array->bound.get();
      actual = array->bound_kind == sema::Array::Bound::kCount ? fmt::format("std::uint64_t{{n_{}}}", n)
                                                               : fmt::format("std::uint64_t{{e_{0} - s_{0}}}", n);
    }
    if (size == nullptr || item->align || size->constant || !reads_frame_field(*size) || reads_outside(*size) ||
        reads_remaining(*size) || computed_from_item(*size, *item)) {
      continue;
    }
    const std::string taken_cond = taken(*item);
    // parse() refuses a size divided by a field holding 0 (Emitter::divisor_checks).
    std::vector<const sema::Expr*> divisors;
    zero_divisors(*size, divisors);
    std::set<std::string> checked;  // each divisor once
    for (const sema::Expr* d : divisors) {
      const std::string zero = fmt::format("{} == 0", e_.expr(*d, environment));
      if (!checked.insert(zero).second) continue;
      out_.line("if ($c$) {", {{"c", taken_cond.empty() ? zero : fmt::format("({}) && ({})", taken_cond, zero)}});
      out_.line("  return mpl::fail<std::size_t>(mpl::error_kind::bad_length, s_$n$, \"$path$\");",
                {{"n", n}, {"path", e_.field_path(*item)}});
      out_.line("}");
    }
    std::string cond = fmt::format("{} != {}", e_.expr(*size, environment), actual);
    if (!taken_cond.empty()) cond = fmt::format("({}) && ({})", taken_cond, cond);
    out_.line("if ($c$) {", {{"c", cond}});
    out_.line("  return mpl::fail<std::size_t>(mpl::error_kind::bad_length, s_$n$, \"$path$\", $e$, $a$);",
              {{"n", n}, {"path", e_.field_path(*item)}, {"e", e_.expr(*size, environment)}, {"a", actual}});
    out_.line("}");
  }
}

void BuilderWriter::sized_regions(const ExprEnv& environment) {
  for (const sema::Item* item : frame_.items) {
    const auto* embedded = item->as_embedded();
    if (embedded == nullptr || !embedded->size || reads_outside(*embedded->size) ||
        computed_from_item(*embedded->size, *item)) {
      continue;
    }
    const std::string n = id(*item);
    std::string cond = fmt::format("({}) != std::uint64_t{{e_{} - s_{}}}", e_.expr(*embedded->size, environment), n, n);
    const std::string taken_cond = taken(*item);
    if (!taken_cond.empty()) cond = fmt::format("({}) && {}", taken_cond, cond);
    out_.line("if ($c$) {", {{"c", cond}});
    out_.line("  const std::uint64_t size = $size$;", {{"size", e_.expr(*embedded->size, environment)}});
    out_.line("  return mpl::fail<std::size_t>(mpl::error_kind::size_mismatch, s_$n$, \"$path$\", e_$n$ - s_$n$, size,",
              {{"n", n}, {"path", e_.field_path(*item)}});
    out_.line("                                size < e_$n$ - s_$n$ ? 1u : 0u);", {{"n", n}});
    out_.line("}");
  }
}

void BuilderWriter::string_subject_checks(const ExprEnv& environment) {
  for (const sema::Item* item : frame_.items) {
    const auto* classify = item->as_classify();
    if (classify == nullptr || !classify->subject || classify->subject_kind != sema::Classify::SubjectKind::kString) {
      continue;
    }
    const sema::Expr& s = *classify->subject;
    if (s.kind != sema::Expr::Kind::kFieldRef || s.field == nullptr || id_.count(s.field) == 0) continue;
    // Only a fixed-size subject is written from the case (a variable-size one is a payload member).
    const bool filled = e_.plan().source(*s.field).classify == classify && e_.layout().item(*s.field).fixed_size;
    const std::string n = id(*classify);
    const std::string subject = fmt::format("mpl::bytes{{d + s_{0}, e_{0} - s_{0}}}", id(*s.field));
    const std::string path = e_.field_path(*classify);
    for (std::size_t i = 0; i < classify->cases.size(); ++i) {
      const auto& chosen = *classify->cases[i];
      if (filled && plan::matches_one_value(chosen)) continue;  // written from the case
      std::string any;
      if (chosen.match != sema::ClassifyCase::Match::kWildcard) any = "!(" + case_condition(chosen, subject) + ")";
      for (std::size_t j = 0; j < i; ++j) {
        const auto& earlier = *classify->cases[j];
        if (earlier.guard && reads_outside(*earlier.guard)) continue;
        std::string m = "(" + case_condition(earlier, subject) + ")";
        if (earlier.guard) m += " && (" + e_.expr(*earlier.guard, environment) + ")";
        any += (any.empty() ? "(" : " || (") + m + ")";
      }
      if (!any.empty()) {
        out_.line("if (c_$n$ == $i$ && ($any$)) {", {{"n", n}, {"i", std::to_string(i)}, {"any", any}});
        out_.line("  return mpl::fail<std::size_t>(mpl::error_kind::no_branch_matched, s_$n$, \"$path$\");",
                  {{"n", n}, {"path", path}});
        out_.line("}");
      }
      if (chosen.guard && !reads_outside(*chosen.guard)) {
        out_.line("if (c_$n$ == $i$ && !($g$)) {", {{"n", n}, {"i", std::to_string(i)}, {"g", e_.expr(*chosen.guard, environment)}});
        out_.line("  return mpl::fail<std::size_t>(mpl::error_kind::guard_failed, s_$n$, \"$path$\");", {{"n", n}, {"path", path}});
        out_.line("}");
      }
    }
  }
}

bool BuilderWriter::static_matches(const sema::ClassifyCase& k, std::uint64_t v) {
  switch (k.match) {
    case sema::ClassifyCase::Match::kInteger: return v == k.low;
    case sema::ClassifyCase::Match::kRange:
      return !sema::value_less(v, k.low, k.classify->subject_signed) &&
             !sema::value_less(k.high, v, k.classify->subject_signed);
    case sema::ClassifyCase::Match::kBoolean: return (v != 0) == k.boolean;
    case sema::ClassifyCase::Match::kString: return false;
    case sema::ClassifyCase::Match::kWildcard: return true;
  }
  return false;
}

}  // namespace mplc::codegen
