// The limits of code generation: the plan's verdicts on what the back end
// cannot generate, each a located error (plan.h, make_plan()).
//
// A *frame* is a packet body or an array element, with the classify cases
// inside it: the unit the generated code lays out, validates and builds in
// one piece. Views reach the values an element reads from enclosing frames
// through copies the element carries (plan.h, Capture), but only
// integer values, and builders write an element before the packet around it
// is complete. Hence the verdicts below.
#include "plan/plan.h"

#include <fmt/format.h>

#include <string>

namespace mplc::plan {

using namespace sema;

namespace {

// The packet body or array element block that `block` is laid out in.
const Block& frame_of(const Block& block) {
  const Block* b = &block;
  while (b->kind == Block::Kind::kClassifyCase && b->parent != nullptr) b = b->parent;
  return *b;
}

const Block& frame_of(const Item& item) { return frame_of(*item.parent); }

class Checker {
 public:
  explicit Checker(Diagnostics& diagnostics) : diags_(diagnostics) {}

  void block(const Block& b) {
    for (const auto& owned : b.items) item(*owned);
  }

 private:
  void item(const Item& it) {
    const Block& frame = frame_of(it);
    if (const auto* f = it.as_field()) {
      if (f->type.kind == Type::Kind::kBytes && f->type.size) read(*f->type.size, frame);
      if (f->value) built(*f, *f->value, frame);
      if (f->checksum && frame.kind == Block::Kind::kArrayElement) {
        diags_.error(f->checksum->range,
                     "checksum(...) inside an array element is not supported: a checksum covers a packet, "
                     "and an element is not one; declare it in a packet the element embeds "
                     "('x: packet p();'), whose builder fills it");
      }
    } else if (const auto* a = it.as_array()) {
      if (a->bound) read(*a->bound, a->bound_kind == Array::Bound::kUntil ? a->element : frame);
      block(a->element);
    } else if (const auto* e = it.as_embedded()) {
      for (const auto& arg : e->args) read(*arg, frame);
      if (e->size) read(*e->size, frame);
    } else if (const auto* c = it.as_classify()) {
      if (c->subject) read(*c->subject, frame);
      for (const auto& kase : c->cases) {
        if (kase->guard) read(*kase->guard, frame);
        block(kase->body);
      }
    }
  }

  // An expression the view evaluates in `frame`: integer fields of
  // enclosing frames and parameters are carried in; positions are not.
  void read(const Expr& e, const Block& frame) {
    if ((e.kind == Expr::Kind::kOffset || e.kind == Expr::Kind::kSizeof || e.kind == Expr::Kind::kArrayLength) &&
        e.target != nullptr && &frame_of(*e.target) != &frame) {
      diags_.error(e.range, fmt::format("{}() of '{}' here is not supported: '{}' lies outside the array "
                                        "element evaluating it, and an element carries in only integer field "
                                        "values and parameters, not positions; give the size a field of its own",
                                        function(e.kind), e.target->name, e.target->name));
    }
    for (const auto& o : e.operands) read(*o, frame);
  }

  // The value(...) of `field`, computed by the builder of `frame`.
  void built(const Field& field, const Expr& e, const Block& frame) {
    std::string outside;
    if (e.kind == Expr::Kind::kFieldRef && e.field != nullptr && &frame_of(*e.field) != &frame) {
      outside = "field '" + e.field->name + "'";
    } else if (e.kind == Expr::Kind::kParamRef && frame.kind == Block::Kind::kArrayElement) {
      outside = "packet parameter '" + e.string + "'";
    } else if ((e.kind == Expr::Kind::kOffset || e.kind == Expr::Kind::kSizeof ||
                e.kind == Expr::Kind::kArrayLength) &&
               e.target != nullptr && &frame_of(*e.target) != &frame) {
      outside = fmt::format("{}({})", function(e.kind), e.target->name);
    }
    if (!outside.empty()) {
      diags_.error(e.range, fmt::format("value(...) of '{}' reads {} from outside its array element: an element's "
                                        "builder is written on its own, without the enclosing packet's fields, "
                                        "parameters or positions; compute it from the element's own fields",
                                        field.name, outside));
      return;
    }
    for (const auto& o : e.operands) built(field, *o, frame);
  }

  static const char* function(Expr::Kind kind) {
    switch (kind) {
      case Expr::Kind::kOffset: return "offset";
      case Expr::Kind::kSizeof: return "sizeof";
      default: return "array_length";
    }
  }

  Diagnostics& diags_;
};

}  // namespace

void check_supported(const Model& model, Diagnostics& diagnostics) {
  Checker checker(diagnostics);
  for (const auto& packet : model.packets) {
    if (packet->in_root) checker.block(packet->body);
  }
}

}  // namespace mplc::plan
