// What a frame's builder computes and where each field's value comes from
// (plan.h: FramePlan::values, FieldSource).
#include <functional>
#include <set>

#include "plan/plan.h"

namespace mplc::plan {

bool matches_one_value(const sema::ClassifyCase& k) {
  return k.match == sema::ClassifyCase::Match::kInteger || k.match == sema::ClassifyCase::Match::kBoolean ||
         k.match == sema::ClassifyCase::Match::kString;
}

namespace {

// A classify of the field's own block over `field` with a case matching one
// value: the builder fills the subject from the chosen case when that case
// matches one value.
const sema::Classify* classify_filling(const sema::Field& field) {
  // From the field's own list rather than a scan of its block, which made
  // planning quadratic in the number of fields.
  for (const sema::Classify* c : field.classified_by) {
    if (c->parent != field.parent) continue;
    for (const auto& k : c->cases) {
      if (matches_one_value(*k)) return c;
    }
  }
  return nullptr;
}

// Whether the user still supplies the subject (some case matches more than one value).
bool subject_member_needed(const sema::Classify& c) {
  for (const auto& k : c.cases) {
    if (!matches_one_value(*k)) return true;
  }
  return false;
}

}  // namespace

std::map<const sema::Field*, FieldSource> builder_sources(const layout::Frame& frame) {
  std::map<const sema::Field*, FieldSource> sources;
  for (const sema::Item* item : frame.items) {
    const auto* f = item->as_field();
    // Labels and the like hold no value.
    if (f == nullptr || !(f->type.is_integer() || f->type.kind == sema::Type::Kind::kBytes ||
                          f->type.kind == sema::Type::Kind::kCustom)) {
      continue;
    }
    FieldSource s;
    s.classify = classify_filling(*f);
    using Kind = FieldSource::Kind;
    if (f->const_int || f->const_bytes) {
      s.kind = Kind::kConst;
    } else if (f->value) {
      s.kind = Kind::kValue;
    } else if (f->checksum) {
      s.kind = Kind::kChecksum;
    } else if (s.classify != nullptr) {
      s.kind = subject_member_needed(*s.classify) ? Kind::kCaseOrUser : Kind::kCase;
    }
    sources[f] = s;
  }
  return sources;
}

std::vector<const sema::Field*> value_order(const layout::Frame& frame) {
  // Depth first over the fields each value(...) names: a field lands after
  // every value field it reads (sema refused cycles).
  std::vector<const sema::Field*> order;
  std::set<const sema::Field*> seen;
  std::function<void(const sema::Expr&)> deps;
  std::function<void(const sema::Field&)> visit = [&](const sema::Field& f) {
    if (!f.value || seen.count(&f) != 0) return;
    seen.insert(&f);
    deps(*f.value);
    order.push_back(&f);
  };
  deps = [&](const sema::Expr& x) {
    if (x.kind == sema::Expr::Kind::kFieldRef && x.field != nullptr) visit(*x.field);
    for (const auto& o : x.operands) deps(*o);
  };
  for (const sema::Item* item : frame.items) {
    if (const auto* f = item->as_field()) visit(*f);
  }
  return order;
}

}  // namespace mplc::plan
