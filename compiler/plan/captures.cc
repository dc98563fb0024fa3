// What an array element carries in from outside itself (plan.h, Capture).
#include "plan/plan.h"

#include <algorithm>

namespace mplc::plan {

namespace {

// Whether `frame` is `outer` or nested (through arrays) inside it.
bool within(const layout::Layout& layout, const layout::Frame* frame, const layout::Frame& outer) {
  while (frame != nullptr) {
    if (frame == &outer) return true;
    frame = frame->array != nullptr ? &layout.frame_of(*frame->array) : nullptr;
  }
  return false;
}

struct Collector {
  const layout::Layout& layout;
  const layout::Frame& element;
  std::vector<bool> params;
  std::vector<const sema::Field*> fields;

  void expr(const sema::Expr* e) {
    if (e == nullptr) return;
    if (e->kind == sema::Expr::Kind::kParamRef) params[e->param_index] = true;
    if (e->kind == sema::Expr::Kind::kFieldRef && e->field != nullptr &&
        !within(layout, &layout.frame_of(*e->field), element) &&
        std::find(fields.begin(), fields.end(), e->field) == fields.end()) {
      fields.push_back(e->field);
    }
    for (const auto& o : e->operands) expr(o.get());
  }

  void block(const sema::Block& b) {
    for (const auto& owned : b.items) {
      if (const auto* f = owned->as_field()) {
        expr(f->type.size.get());
        expr(f->value.get());
        expr(f->const_value.get());
        expr(f->default_value.get());
        expr(f->min.get());
        expr(f->max.get());
      } else if (const auto* a = owned->as_array()) {
        expr(a->bound.get());
        block(a->element);
      } else if (const auto* e = owned->as_embedded()) {
        for (const auto& arg : e->args) expr(arg.get());
        expr(e->size.get());
      } else if (const auto* c = owned->as_classify()) {
        expr(c->subject.get());
        for (const auto& k : c->cases) {
          expr(k->guard.get());
          block(k->body);
        }
      }
    }
  }
};

}  // namespace

std::vector<Capture> element_captures(const layout::Layout& layout, const sema::Array& array) {
  const sema::Packet& packet = *array.element.packet;
  Collector c{layout, layout.element_frame(array), std::vector<bool>(packet.parameters.size(), false), {}};
  c.block(array.element);
  std::vector<Capture> out;
  for (std::size_t i = 0; i < packet.parameters.size(); ++i) {
    if (!c.params[i]) continue;
    const auto& p = packet.parameters[i];
    out.push_back({&p, nullptr, "p_" + p.name + "_", p.type == sema::Parameter::Type::kBool ? "bool" : "std::uint64_t"});
  }
  for (const sema::Field* f : c.fields) {
    // Two captured fields may share a name (one shadowing the other in
    // different parts of the subtree): number the later ones.
    std::string member = "o_" + f->accessor + "_";
    for (int k = 2; std::any_of(out.begin(), out.end(), [&](const Capture& x) { return x.member == member; }); ++k) {
      member = "o_" + f->accessor + "_" + std::to_string(k) + "_";
    }
    out.push_back({nullptr, f, member, "std::uint64_t"});
  }
  return out;
}

}  // namespace mplc::plan
