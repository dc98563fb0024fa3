// The validation program of a frame: which checks run, on which item, in
// what order (plan.h, Check). codegen/validate_gen.cc prints one C++
// statement group per step.
#include "plan/plan.h"

#include <algorithm>

namespace mplc::plan {

namespace {

class Programmer {
 public:
  Programmer(const layout::Layout& layout, const PlanOptions& options) : layout_(layout), options_(options) {}

  std::vector<Check> block(const sema::Block& block) {
    std::vector<Check> program;
    for (const auto& owned : block.items) item(*owned, program);
    return program;
  }

 private:
  void item(const sema::Item& item, std::vector<Check>& program) {
    const layout::ItemLayout& info = layout_.item(item);
    const auto add = [&](Check::Kind kind) -> Check& {
      program.push_back(Check{kind, &item, info.start, 0, {}});
      return program.back();
    };
    // Bounds: once per run of fixed-size items, at its first item (or, in
    // the benchmark mode, before every fixed-size item of nonzero size).
    if (options_.per_field_bounds) {
      if (info.fixed_size && (info.size > 0 || info.end.delta > info.start.delta)) {
        add(Check::Kind::kBounds).bytes = info.end.delta - info.start.delta;
      }
    } else if (info.run_bytes > 0) {
      add(Check::Kind::kBounds).bytes = info.run_bytes;
    }
    if (const auto* field = item.as_field()) {
      const sema::Type& type = field->type;
      if (type.is_integer()) {
        if (field->const_int) add(Check::Kind::kConst);
        // An unsigned min(0) alone excludes nothing.
        const bool excludes = type.is_signed ? (field->min_int || field->max_int)
                                             : ((field->min_int && *field->min_int > 0) || field->max_int);
        if (excludes) add(Check::Kind::kRange);
      } else if (type.kind == sema::Type::Kind::kBytes) {
        // A byte[remaining()] ends at the region's end: nothing to measure.
        if (!info.fixed_size && info.end_slot >= 0) add(Check::Kind::kLength);
        if (field->const_bytes) add(Check::Kind::kConstBytes);
      } else if (type.kind == sema::Type::Kind::kCustom) {
        add(Check::Kind::kCustom);
      }
    } else if (item.as_array() != nullptr) {
      add(Check::Kind::kArray);
    } else if (const auto* embedded = item.as_embedded()) {
      if (embedded->target != nullptr) add(Check::Kind::kEmbedded).region_size = embedded->size.get();
    } else if (const auto* classify = item.as_classify()) {
      std::vector<std::vector<Check>> cases;
      for (const auto& kase : classify->cases) cases.push_back(block(kase->body));
      add(Check::Kind::kClassify).cases = std::move(cases);
    }
    if (info.align_slot >= 0) add(Check::Kind::kAlign).at = info.data_end;
  }

  const layout::Layout& layout_;
  const PlanOptions& options_;
};

}  // namespace

std::vector<Check> validation_program(const layout::Layout& layout, const layout::Frame& frame,
                                      const PlanOptions& options) {
  return Programmer(layout, options).block(*frame.block);
}

std::uint64_t plain_element_size(const layout::Layout& layout, const layout::Frame& frame,
                                 const std::vector<Check>& program) {
  if (frame.array == nullptr) return 0;
  for (const Check& check : program) {
    if (check.kind != Check::Kind::kBounds) return 0;
  }
  std::uint64_t size = 0;
  for (const sema::Item* item : frame.items) {
    const layout::ItemLayout& info = layout.item(*item);
    if (!info.fixed_size || info.align_slot >= 0 || info.end.slot != layout::Position::kFrameStart) return 0;
    size = std::max(size, info.end.delta);
  }
  return size;
}

}  // namespace mplc::plan
