// The checks a builder's write() runs after writing, so that a write that
// succeeds always produces bytes parse() accepts with the same field values
// (issue 14, "Soundness"; docs/robustness.md, "Known disagreements"):
// bounds of the values the user chose, the classify case chosen against its
// subject and guards, sizes against the expressions parse() reads them by,
// sized regions and string subjects.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "codegen/builder_writer.h"

namespace mplc::codegen {

bool BuilderWriter::reads_outside(const sema::Expr& e) const {
  if (e.kind == sema::Expr::Kind::kParamRef) return !has_params_ && outer_params_.count(e.param_index) == 0;
  if (e.kind == sema::Expr::Kind::kFieldRef && e.field != nullptr && id_.count(e.field) == 0 && outer_.count(e.field) == 0) {
    return true;
  }
  for (const auto& o : e.operands) {
    if (reads_outside(*o)) return true;
  }
  return false;
}

bool BuilderWriter::reads_param(const sema::Expr& e) {
  if (e.kind == sema::Expr::Kind::kParamRef) return true;
  for (const auto& o : e.operands) {
    if (reads_param(*o)) return true;
  }
  return false;
}

std::string BuilderWriter::when_known(const sema::Expr& e, const std::string& cond) const {
  return reads_param(e) && !args_checked_ ? args_known() + " && (" + cond + ")" : cond;
}

ExprEnv BuilderWriter::check_env() {
  ExprEnv environment = env();
  if (!outer_.empty()) {
    environment.field = [this, own = environment.field](const sema::Field& f) -> std::string {
      if (const auto o = outer_.find(&f); o != outer_.end()) return "std::uint64_t{outer." + o->second + "}";
      return own(f);
    };
  }
  if (has_params_ || !outer_params_.empty()) {
    environment.param = [this](std::size_t i) -> std::string {
      const auto& p = frame_.packet->parameters[i];
      const std::string v = has_params_ ? "arg." + Emitter::param_name(p) : "outer." + outer_params_.at(i);
      if (p.type == sema::Parameter::Type::kBool) return v;
      return "std::uint64_t{" + v + "}";
    };
  }
  return environment;
}

bool needs_early_arguments(const plan::Plan& plan, const layout::Frame& frame) {
  if (frame.array != nullptr || frame.packet->parameters.empty()) return false;
  for (const sema::Item* item : frame.items) {
    if (const auto* array = item->as_array()) {
      for (const plan::Capture* c : builder_captures(plan, *array)) {
        if (c->param != nullptr) return true;
      }
    } else if (const auto* embedded = item->as_embedded()) {
      for (const auto& a : embedded->args) {
        if (BuilderWriter::reads_param(*a)) return true;
      }
    }
  }
  return false;
}

void BuilderWriter::early_arguments() {
  if (!early_args_) return;
  out_.line("// The arguments parse() will be given, if known before the walk: the");
  out_.line("// elements and embedded packets that read them check against them.");
  out_.line("const std::optional<params_> early_args = mpl::arguments_before_walk<params_>(arguments);");
}

void BuilderWriter::arguments_known() {
  if (!has_params_) return;
  out_.line("// The arguments parse() will be given (unknown: the checks over them are skipped).");
  if (early_args_) {
    out_.line("const std::optional<params_> given = mpl::arguments_after_walk<params_>(arguments, early_args, pos);");
  } else {
    out_.line("const std::optional<params_> given = arguments(pos);");
  }
  out_.line("[[maybe_unused]] const bool have_args = given.has_value();");
  out_.line("[[maybe_unused]] const params_ arg = given.value_or(params_{});");
}

std::string BuilderWriter::arguments_for(const sema::Embedded& embedded) {
  const sema::Packet& target = *embedded.target;
  const std::string type = e_.qualified_packet(target) + "::builder::params_";
  const std::size_t at = id_.at(&embedded);
  // Known while the embedded packet is written: fields written before it,
  // its own size, and value(...) fields over those (DNS: rdlength =
  // sizeof(rdata)). Anything else leaves the arguments unknown.
  bool known = true;
  bool uses_size = false;
  ExprEnv environment;
  const auto before = [&](const sema::Item& item) {
    const auto i = id_.find(&item);
    if (i == id_.end() || i->second >= at) known = false;
    return i == id_.end() ? std::string("unknown") : local(item);
  };
  // The packet's own arguments: known when the caller gave them before the
  // walk (early_args), or as the element received them (outer.have_args).
  std::string args_given;
  environment.field = [&](const sema::Field& f) -> std::string {
    if (const auto o = outer_.find(&f); o != outer_.end()) return "std::uint64_t{outer." + o->second + "}";
    if (!f.type.is_integer() || f.checksum || id_.count(&f) == 0) {
      known = false;
      return "std::uint64_t{0}";
    }
    if (f.value) return "(" + e_.expr(*f.value, environment) + ")";
    return "value_" + before(f);
  };
  environment.param = [&](std::size_t i) -> std::string {
    const auto& p = frame_.packet->parameters[i];
    if (early_args_) {
      args_given = "early_args";
      return "std::uint64_t{early_args->" + Emitter::param_name(p) + "}";
    }
    if (const auto o = outer_params_.find(i); o != outer_params_.end()) {
      args_given = "outer.have_args";
      return "std::uint64_t{outer." + o->second + "}";
    }
    known = false;
    return "std::uint64_t{0}";
  };
  environment.offset = [&](const sema::Item& item) { return "std::uint64_t{end_" + before(item) + "}"; };
  environment.size_of = [&](const sema::Item& item) -> std::string {
    if (&item == &embedded) {
      uses_size = true;
      return "std::uint64_t{size}";
    }
    const std::string n = before(item);
    return fmt::format("std::uint64_t{{end_{0} - start_{0}}}", n);
  };
  environment.array_length = [&](const sema::Item& item) { return "std::uint64_t{count_" + before(item) + "}"; };
  environment.remaining = [&]() -> std::string {
    known = false;
    return "std::uint64_t{0}";
  };
  std::string values;
  for (std::size_t i = 0; i < embedded.args.size() && i < target.parameters.size(); ++i) {
    const std::string v = e_.expr(*embedded.args[i], environment);
    const auto& p = target.parameters[i];
    values += fmt::format("{}static_cast<{}>({})", i == 0 ? "" : ", ", Emitter::param_type(p), v);
  }
  // A callable that needs no size gives the embedded packet its arguments
  // before its walk as well (mpl::arguments_before_walk).
  if (!known) return fmt::format("[](std::size_t = 0) {{ return std::optional<{}>(); }}", type);
  const std::string result = args_given.empty()
                                 ? fmt::format("std::optional<{}>({}{{{}}})", type, type, values)
                                 : fmt::format("{} ? std::optional<{}>({}{{{}}}) : std::nullopt", args_given, type, type, values);
  return fmt::format("[&]({}) {{ return {}; }}", uses_size ? "std::size_t size" : "std::size_t = 0", result);
}

const sema::ClassifyCase* BuilderWriter::bucket_of(const sema::Item& item) {
  const sema::ClassifyCase* outer = nullptr;
  for (const sema::Block* b = item.parent; b != nullptr && b->kind == sema::Block::Kind::kClassifyCase; b = b->parent) {
    outer = b->classify_case;
  }
  return outer;
}

bool BuilderWriter::in_bucket(const sema::Item& item) const { return bucket_of(item) == bucket_; }

bool BuilderWriter::case_in_bucket(const sema::Classify& classify, const sema::ClassifyCase& kase) const {
  const sema::ClassifyCase* outer = bucket_of(classify);
  return (outer != nullptr ? outer : &kase) == bucket_;
}

void BuilderWriter::checks() {
  // The checks outside every case, then those of each case of a classify
  // of the frame's own block under a switch on the case chosen: only the
  // taken case's are run (a 17-case classify's were all tested in turn).
  bucket_ = nullptr;
  checks_here();
  for (const auto& owned : frame_.block->items) {
    const auto* classify = owned->as_classify();
    if (classify == nullptr) continue;
    std::vector<std::pair<std::size_t, std::string>> cases;
    for (std::size_t i = 0; i < classify->cases.size(); ++i) {
      bucket_ = classify->cases[i].get();
      out_.indent();
      out_.indent();
      out_.begin_capture();
      checks_here();
      std::string text = out_.end_capture();
      out_.outdent();
      out_.outdent();
      if (!text.empty()) cases.emplace_back(i, std::move(text));
    }
    if (cases.empty()) continue;
    out_.line("switch (chosen_$n$) {", {{"n", local(*classify)}});
    for (const auto& [i, text] : cases) {
      out_.line("  case $i$: {", {{"i", std::to_string(i)}});
      out_.append(text);
      out_.line("    break;");
      out_.line("  }");
    }
    out_.line("  default:");
    out_.line("    break;");
    out_.line("}");
  }
  bucket_ = nullptr;
}

void BuilderWriter::checks_here() {
  ExprEnv environment = check_env();
  for (const sema::Item* item : frame_.items) {
    const auto* f = item->as_field();
    if (f == nullptr || !is_user_integer(e_.plan(), *f) || !in_bucket(*f)) continue;
    if (filled_from_case(e_.plan(), *f)) continue;
    const std::string n = local(*f);
    const bool type_holds_width = f->type.kind != sema::Type::Kind::kBits || f->type.width == 8 ||
                                  f->type.width == 16 || f->type.width == 32 || f->type.width == 64;
    const Bounds bounds = bounds_check(*f, "value_" + n, type_holds_width);
    std::string cond = bounds.cond;
    if (cond.empty()) continue;
    const std::string taken_cond = taken(*f);
    if (!taken_cond.empty()) cond = fmt::format("({}) && ({})", taken_cond, cond);
    out_.line("if ($c$) {", {{"c", cond}});
    out_.line("  return mpl::$fail$<std::size_t>(mpl::error_kind::out_of_range, start_$n$, \"$path$\", value_$n$, $lo$, $hi$);",
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
    bool any_here = false;
    for (const auto& kase : classify->cases) any_here = any_here || case_in_bucket(*classify, *kase);
    if (!any_here) continue;
    const std::string n = local(*classify);
    // A subject over parameters: every check of the classify needs the arguments.
    args_checked_ = reads_param(*classify->subject);
    if (args_checked_) {
      out_.line("if ($k$) {", {{"k", args_known()}});
      out_.indent();
    }
    const std::string subject = fmt::format("static_cast<std::uint64_t>({})", e_.expr(*classify->subject, environment));
    const bool filled = classify->subject->kind == sema::Expr::Kind::kFieldRef &&
                        e_.plan().source(*classify->subject->field).classify == classify;
    const std::string path = e_.field_path(*classify);
    for (std::size_t i = 0; i < classify->cases.size(); ++i) {
      const auto& chosen = *classify->cases[i];
      if (!case_in_bucket(*classify, chosen)) continue;
      std::vector<std::string> wrong;  // conditions under which parse() would not take case i
      // The builder writes a single-match case's value into a field
      // subject; a parameter, or a range or `_` case, leaves it to the user.
      const bool subject_known = filled && plan::matches_one_value(chosen);
      if (!subject_known) {
        const std::string m = case_condition(chosen, subject);
        if (m != "true") wrong.push_back(when_known(*classify->subject, "!(" + m + ")"));
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
        if (!subject_known) m = when_known(*classify->subject, m);
        wrong.push_back(earlier.guard ? when_known(*earlier.guard, m) : m);
      }
      if (!wrong.empty()) {
        std::string any;
        for (const auto& w : wrong) any += (any.empty() ? "(" : " || (") + w + ")";
        out_.line("if (chosen_$n$ == $i$ && ($any$)) {", {{"n", n}, {"i", std::to_string(i)}, {"any", any}});
        out_.line("  return mpl::fail<std::size_t>(mpl::error_kind::no_branch_matched, start_$n$, \"$path$\", $s$);",
                  {{"n", n}, {"path", path}, {"s", subject}});
        out_.line("}");
      }
      if (chosen.guard && !reads_outside(*chosen.guard)) {
        out_.line("if (chosen_$n$ == $i$ && $g$) {",
                  {{"n", n}, {"i", std::to_string(i)}, {"g", when_known(*chosen.guard, "!(" + e_.expr(*chosen.guard, environment) + ")")}});
        out_.line("  return mpl::fail<std::size_t>(mpl::error_kind::guard_failed, start_$n$, \"$path$\", $s$);",
                  {{"n", n}, {"path", path}, {"s", subject}});
        out_.line("}");
      }
    }
    if (args_checked_) {
      out_.outdent();
      out_.line("}");
      args_checked_ = false;
    }
  }
}

bool BuilderWriter::reads_frame_field(const sema::Expr& e) const {
  if (e.kind == sema::Expr::Kind::kFieldRef && e.field != nullptr && (id_.count(e.field) != 0 || outer_.count(e.field) != 0)) {
    return true;
  }
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
    if (!in_bucket(*item)) continue;
    const sema::Expr* size = nullptr;
    std::string actual;
    const std::string n = local(*item);
    if (const auto* f = item->as_field(); f != nullptr && f->type.kind == sema::Type::Kind::kBytes) {
      size = f->type.size.get();
      actual = fmt::format("std::uint64_t{{end_{0} - start_{0}}}", n);
    } else if (const auto* array = item->as_array(); array != nullptr && array->bound_kind != sema::Array::Bound::kUntil) {
      size = array->bound.get();
      actual = array->bound_kind == sema::Array::Bound::kCount ? fmt::format("std::uint64_t{{count_{}}}", n)
                                                               : fmt::format("std::uint64_t{{end_{0} - start_{0}}}", n);
    }
    if (size == nullptr || item->align || size->constant || !(reads_frame_field(*size) || reads_param(*size)) ||
        reads_outside(*size) || reads_remaining(*size) || computed_from_item(*size, *item)) {
      continue;
    }
    std::string taken_cond = taken(*item);
    if (reads_param(*size)) taken_cond = taken_cond.empty() ? args_known() : args_known() + " && " + taken_cond;
    // parse() refuses a size divided by a field holding 0 (Emitter::divisor_checks).
    std::vector<const sema::Expr*> divisors;
    zero_divisors(*size, divisors);
    std::set<std::string> checked;  // each divisor once
    for (const sema::Expr* d : divisors) {
      const std::string zero = fmt::format("{} == 0", e_.expr(*d, environment));
      if (!checked.insert(zero).second) continue;
      out_.line("if ($c$) {", {{"c", taken_cond.empty() ? zero : fmt::format("({}) && ({})", taken_cond, zero)}});
      out_.line("  return mpl::fail<std::size_t>(mpl::error_kind::bad_length, start_$n$, \"$path$\");",
                {{"n", n}, {"path", e_.field_path(*item)}});
      out_.line("}");
    }
    std::string cond = fmt::format("{} != {}", e_.expr(*size, environment), actual);
    if (!taken_cond.empty()) cond = fmt::format("({}) && ({})", taken_cond, cond);
    out_.line("if ($c$) {", {{"c", cond}});
    out_.line("  return mpl::fail<std::size_t>(mpl::error_kind::bad_length, start_$n$, \"$path$\", $e$, $a$);",
              {{"n", n}, {"path", e_.field_path(*item)}, {"e", e_.expr(*size, environment)}, {"a", actual}});
    out_.line("}");
  }
}

void BuilderWriter::sized_regions(const ExprEnv& environment) {
  for (const sema::Item* item : frame_.items) {
    if (!in_bucket(*item)) continue;
    const auto* embedded = item->as_embedded();
    if (embedded == nullptr || !embedded->size || reads_outside(*embedded->size) ||
        computed_from_item(*embedded->size, *item)) {
      continue;
    }
    const std::string n = local(*item);
    std::string cond = when_known(*embedded->size, fmt::format("({}) != std::uint64_t{{end_{} - start_{}}}",
                                                               e_.expr(*embedded->size, environment), n, n));
    const std::string taken_cond = taken(*item);
    if (!taken_cond.empty()) cond = fmt::format("({}) && {}", taken_cond, cond);
    out_.line("if ($c$) {", {{"c", cond}});
    out_.line("  const std::uint64_t size = $size$;", {{"size", e_.expr(*embedded->size, environment)}});
    out_.line("  return mpl::fail<std::size_t>(mpl::error_kind::size_mismatch, start_$n$, \"$path$\", end_$n$ - start_$n$, size,",
              {{"n", n}, {"path", e_.field_path(*item)}});
    out_.line("                                size < end_$n$ - start_$n$ ? 1u : 0u);", {{"n", n}});
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
    const std::string n = local(*classify);
    const std::string subject = fmt::format("mpl::bytes{{d + start_{0}, end_{0} - start_{0}}}", local(*s.field));
    const std::string path = e_.field_path(*classify);
    for (std::size_t i = 0; i < classify->cases.size(); ++i) {
      const auto& chosen = *classify->cases[i];
      if (!case_in_bucket(*classify, chosen)) continue;
      if (filled && plan::matches_one_value(chosen)) continue;  // written from the case
      std::string any;
      if (chosen.match != sema::ClassifyCase::Match::kWildcard) any = "!(" + case_condition(chosen, subject) + ")";
      for (std::size_t j = 0; j < i; ++j) {
        const auto& earlier = *classify->cases[j];
        if (earlier.guard && reads_outside(*earlier.guard)) continue;
        std::string m = "(" + case_condition(earlier, subject) + ")";
        if (earlier.guard) m = when_known(*earlier.guard, m + " && (" + e_.expr(*earlier.guard, environment) + ")");
        any += (any.empty() ? "(" : " || (") + m + ")";
      }
      if (!any.empty()) {
        out_.line("if (chosen_$n$ == $i$ && ($any$)) {", {{"n", n}, {"i", std::to_string(i)}, {"any", any}});
        out_.line("  return mpl::fail<std::size_t>(mpl::error_kind::no_branch_matched, start_$n$, \"$path$\");",
                  {{"n", n}, {"path", path}});
        out_.line("}");
      }
      if (chosen.guard && !reads_outside(*chosen.guard)) {
        out_.line("if (chosen_$n$ == $i$ && $g$) {",
                  {{"n", n}, {"i", std::to_string(i)}, {"g", when_known(*chosen.guard, "!(" + e_.expr(*chosen.guard, environment) + ")")}});
        out_.line("  return mpl::fail<std::size_t>(mpl::error_kind::guard_failed, start_$n$, \"$path$\");", {{"n", n}, {"path", path}});
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

// ---- arrays whose end parse() finds from the elements' content

namespace {

bool reads_only_frame(const sema::Expr& e, const std::set<const sema::Item*>& items) {
  switch (e.kind) {
    case sema::Expr::Kind::kParamRef:
    case sema::Expr::Kind::kRemaining:
    case sema::Expr::Kind::kError:
      return false;
    case sema::Expr::Kind::kFieldRef:
      if (e.field == nullptr || items.count(e.field) == 0) return false;
      break;
    default:
      if (e.target != nullptr && items.count(e.target) == 0) return false;
      break;
  }
  for (const auto& o : e.operands) {
    if (!reads_only_frame(*o, items)) return false;
  }
  return true;
}

bool sized_by_remaining(const sema::Expr* e) {
  if (e == nullptr) return false;
  if (e->kind == sema::Expr::Kind::kRemaining) return true;
  for (const auto& o : e->operands) {
    if (sized_by_remaining(o.get())) return true;
  }
  return false;
}

}  // namespace

bool always_writes(const layout::Layout& layout, const sema::Block& block) {
  for (const auto& owned : block.items) {
    const sema::Item& item = *owned;
    if (item.as_field() != nullptr) {
      const auto& info = layout.item(item);
      if (info.fixed_size && info.size > 0) return true;
    } else if (const auto* embedded = item.as_embedded()) {
      if (embedded->target != nullptr && always_writes(layout, embedded->target->body)) return true;
    } else if (const auto* classify = item.as_classify()) {
      bool every = !classify->cases.empty();
      for (const auto& kase : classify->cases) every = every && always_writes(layout, kase->body);
      if (every) return true;
    }
  }
  return false;
}

bool until_checked(const layout::Layout& layout, const sema::Array& array) {
  if (array.bound_kind != sema::Array::Bound::kUntil || !array.bound) return false;
  const auto& items = layout.element_frame(array).items;
  return reads_only_frame(*array.bound, std::set<const sema::Item*>(items.begin(), items.end()));
}

std::string rest_condition(const PacketNames& names, const sema::Block& block, const std::string& mp) {
  std::string any;
  const auto add = [&](const std::string& c) {
    if (c.empty() || any == "true") return;
    any = c == "true" ? c : (any.empty() ? c : any + " || " + c);
  };
  for (const auto& owned : block.items) {
    const sema::Item& item = *owned;
    if (const auto* f = item.as_field()) {
      if (f->type.kind == sema::Type::Kind::kBytes && sized_by_remaining(f->type.size.get())) add("true");
    } else if (const auto* array = item.as_array()) {
      if (array->bound_kind == sema::Array::Bound::kBytes && sized_by_remaining(array->bound.get())) add("true");
    } else if (const auto* embedded = item.as_embedded()) {
      // A packet bounded by size(n) takes only its region.
      if (embedded->target != nullptr && !embedded->size && !rest_condition(PacketNames{}, embedded->target->body, "").empty()) {
        add(mp + Emitter::member(item) + ".takes_rest_()");
      }
    } else if (const auto* classify = item.as_classify()) {
      const bool named = !names.builder_member.empty();
      for (std::size_t i = 0; i < classify->cases.size(); ++i) {
        if (!named) {
          add(rest_condition(names, classify->cases[i]->body, ""));
          continue;
        }
        const std::string member = mp + names.builder_member.at(classify);
        const std::string inner =
            rest_condition(names, classify->cases[i]->body, fmt::format("std::get<{}>({}).", i, member));
        if (!inner.empty()) add(fmt::format("({}.index() == {}{})", member, i, inner == "true" ? "" : " && (" + inner + ")"));
      }
    }
  }
  return any;
}

namespace {

// The packets embedded (without size()) in what `block` writes that can
// read remaining(), however deep.
void embedded_taking_rest(const sema::Block& block, std::set<const sema::Packet*>& out) {
  for (const auto& owned : block.items) {
    if (const auto* embedded = owned->as_embedded()) {
      const sema::Packet* target = embedded->target;
      if (target == nullptr || embedded->size || rest_condition(PacketNames{}, target->body, "").empty()) continue;
      if (out.insert(target).second) embedded_taking_rest(target->body, out);
    } else if (const auto* classify = owned->as_classify()) {
      for (const auto& kase : classify->cases) embedded_taking_rest(kase->body, out);
    }
  }
}

// Every array element of `block` (however deep) that can read remaining():
// the packets its builder asks takes_rest_().
void elements_taking_rest(const sema::Block& block, std::set<const sema::Packet*>& out) {
  for (const auto& owned : block.items) {
    if (const auto* array = owned->as_array()) {
      if (!rest_condition(PacketNames{}, array->element, "").empty()) embedded_taking_rest(array->element, out);
      elements_taking_rest(array->element, out);
    } else if (const auto* classify = owned->as_classify()) {
      for (const auto& kase : classify->cases) elements_taking_rest(kase->body, out);
    }
  }
}

}  // namespace

void Emitter::emit_takes_rest(const layout::Frame& frame) {
  // Only where an array asks: its element builders, and the packets they embed.
  if (frame.array == nullptr) {
    std::set<const sema::Packet*> asked;
    for (const auto& packet : model_.packets) elements_taking_rest(packet->body, asked);
    if (asked.count(frame.packet) == 0) return;
  }
  const std::string cond = rest_condition(names_, *frame.block, "");
  if (cond.empty()) return;
  out_.line("// Whether what this writes reads remaining(): parse() gives it every");
  out_.line("// byte up to the end of its region (an array refuses such an element");
  out_.line("// unless it is the last).");
  out_.line("bool takes_rest_() const noexcept { return $c$; }", {{"c", cond}});
}

// ---- values from the frames around an array element

std::vector<const plan::Capture*> builder_captures(const plan::Plan& plan, const sema::Array& array) {
  std::vector<const plan::Capture*> out;
  const layout::Frame& frame = plan.layout().frame_of(array);
  const auto& items = frame.items;
  const auto at = std::find(items.begin(), items.end(), &array);
  for (const plan::Capture& c : plan.captures(array)) {
    if (c.param != nullptr) {  // the packet's argument, if its write knows it before the walk
      out.push_back(&c);
      continue;
    }
    if (const auto it = std::find(items.begin(), items.end(), c.field); it != items.end()) {
      using Kind = plan::FieldSource::Kind;
      const Kind kind = plan.source(*c.field).kind;
      if (it < at && c.field->type.is_integer() && kind != Kind::kValue && kind != Kind::kChecksum) out.push_back(&c);
    } else if (frame.array != nullptr) {
      for (const plan::Capture* up : builder_captures(plan, *frame.array)) {
        if (up->field == c.field) out.push_back(&c);
      }
    }
  }
  return out;
}

std::string BuilderWriter::outer_for(const sema::Array& array) {
  const std::vector<const plan::Capture*> captures = builder_captures(e_.plan(), array);
  if (captures.empty()) return "";
  std::string values;
  bool params = false;
  for (const plan::Capture* c : captures) {
    std::string v;
    if (c->param != nullptr) {
      params = true;
      v = has_params_ ? fmt::format("early_args ? early_args->{} : {}{{}}", Emitter::param_name(*c->param), c->type)
                      : "outer." + c->member;
    } else {
      const auto own = id_.find(c->field);
      v = own != id_.end() ? "value_" + local(*c->field) : "outer." + outer_.at(c->field);
    }
    values += (values.empty() ? "" : ", ") + v;
  }
  if (params) values += has_params_ ? ", early_args.has_value()" : ", outer.have_args";
  const std::string name = "outer_" + local(array);
  out_.line("const $e$::outer_ $l${$v$};", {{"e", e_.names().element_builder.at(&array)}, {"l", name}, {"v", values}});
  return name;
}

}  // namespace mplc::codegen
