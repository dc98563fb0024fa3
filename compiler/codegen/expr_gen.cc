// Expressions as C++: every integer is computed as std::uint64_t with
// wrap-around, exactly as the language defines constant folding, so a
// "negative" size becomes a huge one that the bounds checks reject. A signed
// value (int8..int64 fields, literals) is its sign-extended bit pattern, and
// the few operations that differ on signed operands call mpl::s* helpers.
#include <fmt/format.h>

#include "codegen/emitter.h"

namespace mplc::codegen {

namespace {

const char* binary_operator(sema::BinaryOp op) {
  switch (op) {
    case sema::BinaryOp::kAdd: return "+";
    case sema::BinaryOp::kSubtract: return "-";
    case sema::BinaryOp::kMultiply: return "*";
    case sema::BinaryOp::kDivide: return "/";
    case sema::BinaryOp::kRemainder: return "%";
    case sema::BinaryOp::kShiftLeft: return "<<";
    case sema::BinaryOp::kShiftRight: return ">>";
    case sema::BinaryOp::kBitAnd: return "&";
    case sema::BinaryOp::kBitOr: return "|";
    case sema::BinaryOp::kBitXor: return "^";
    case sema::BinaryOp::kEqual: return "==";
    case sema::BinaryOp::kNotEqual: return "!=";
    case sema::BinaryOp::kLess: return "<";
    case sema::BinaryOp::kLessEqual: return "<=";
    case sema::BinaryOp::kGreater: return ">";
    case sema::BinaryOp::kGreaterEqual: return ">=";
    case sema::BinaryOp::kAnd: return "&&";
    case sema::BinaryOp::kOr: return "||";
  }
  return "?";
}

}  // namespace

std::string Emitter::expr(const sema::Expr& e, const ExprEnv& env) {
  using K = sema::Expr::Kind;
  if (e.constant && e.type == sema::ExprType::kInt) return fmt::format("std::uint64_t{{{}u}}", *e.constant);
  switch (e.kind) {
    case K::kInteger: return fmt::format("std::uint64_t{{{}u}}", e.integer);
    case K::kBoolean: return e.boolean ? "true" : "false";
    case K::kString: return "false";  // only as classify/const literals, never evaluated
    case K::kFieldRef:
      if (e.type == sema::ExprType::kBool) return fmt::format("({} != 0)", env.field(*e.field));
      return env.field(*e.field);
    case K::kParamRef: return env.param(e.param_index);
    case K::kUnary:
      if (e.unary_op == sema::UnaryOp::kNot) return fmt::format("!({})", expr(*e.operands[0], env));
      if (e.unary_op == sema::UnaryOp::kComplement) return fmt::format("(~{})", expr(*e.operands[0], env));
      return fmt::format("(std::uint64_t{{0}} - {})", expr(*e.operands[0], env));
    case K::kBinary: {
      const std::string a = expr(*e.operands[0], env);
      const std::string b = expr(*e.operands[1], env);
      // Signed operands (language.md, "Signed integers"): the operations
      // whose result differs from the unsigned one on the same bit patterns.
      const bool both_signed = e.operands[0]->is_signed && e.operands[1]->is_signed;
      if (both_signed || (e.binary_op == sema::BinaryOp::kShiftRight && e.operands[0]->is_signed)) {
        switch (e.binary_op) {
          case sema::BinaryOp::kDivide: return fmt::format("mpl::sdiv_or_zero({}, {})", a, b);
          case sema::BinaryOp::kRemainder: return fmt::format("mpl::srem_or_zero({}, {})", a, b);
          case sema::BinaryOp::kShiftRight: return fmt::format("mpl::sshift_right({}, {})", a, b);
          case sema::BinaryOp::kLess: return fmt::format("mpl::sless({}, {})", a, b);
          case sema::BinaryOp::kGreater: return fmt::format("mpl::sless({}, {})", b, a);
          case sema::BinaryOp::kLessEqual: return fmt::format("!mpl::sless({}, {})", b, a);
          case sema::BinaryOp::kGreaterEqual: return fmt::format("!mpl::sless({}, {})", a, b);
          default: break;
        }
      }
      // Division or remainder by zero yields 0 rather than undefined
      // behaviour: a malformed packet must never crash the parser (a size
      // or bound with a zero divisor is refused first: divisor_checks()).
      if (e.binary_op == sema::BinaryOp::kDivide) return fmt::format("mpl::div_or_zero({}, {})", a, b);
      if (e.binary_op == sema::BinaryOp::kRemainder) return fmt::format("mpl::rem_or_zero({}, {})", a, b);
      // A shift by 64 or more gives 0, the exact result modulo 2^64,
      // instead of C++'s undefined behaviour.
      if (e.binary_op == sema::BinaryOp::kShiftLeft) return fmt::format("mpl::shift_left({}, {})", a, b);
      if (e.binary_op == sema::BinaryOp::kShiftRight) return fmt::format("mpl::shift_right({}, {})", a, b);
      return fmt::format("({} {} {})", a, binary_operator(e.binary_op), b);
    }
    case K::kOffset: return env.offset(*e.target);
    case K::kSizeof: return env.size_of(*e.target);
    case K::kArrayLength: return env.array_length(*e.target);
    case K::kRemaining: return env.remaining();
    case K::kError: return "std::uint64_t{0}";
  }
  return "std::uint64_t{0}";
}

std::string Emitter::capture_value(const Capture& c, const layout::Frame& from, const std::string& prefix) const {
  // A parameter is p_<name>_ in a packet view and in every element carrying it.
  if (c.field == nullptr) return prefix + c.member;
  if (&layout_.frame_of(*c.field) == &from) return load_wide(*c.field, prefix);
  // A field further out: `from` is an element that carries it as well,
  // under a member name of its own.
  if (from.array != nullptr) {
    for (const Capture& own : plan_.captures(*from.array)) {
      if (own.field == c.field) return prefix + own.member;
    }
  }
  return "std::uint64_t{0}";  // not reached: the captures collect the whole subtree
}

// Where a field starts in its frame: the named constant of the frame's
// `offsets` (view::offsets::ttl) when the offset is fixed, else the slot
// expression ("off_[1] + 4").
std::string Emitter::field_start(const sema::Field& field, const std::string& prefix) const {
  const layout::Position& start = layout_.item(field).start;
  if (start.slot != layout::Position::kFrameStart) return pos(start, prefix);
  const std::string& name = names_.offset_constant.at(&field);
  // With no prefix the code is a member of the frame's class (or of a class
  // deriving from it); a branch view reaches its frame's class by name.
  if (prefix.empty()) return "offsets::" + name;
  const layout::Frame& frame = layout_.frame_of(field);
  return (frame.array == nullptr ? std::string("view") : names_.element_view.at(frame.array)) + "::offsets::" + name;
}

std::string Emitter::load_raw(const sema::Field& field, const std::string& prefix) const {
  const std::string at = field_start(field, prefix);
  const std::string data = prefix + "data_";
  const std::string type = uint_type(field.type.width);
  if (field.type.kind == sema::Type::Kind::kBits) {
    return fmt::format("static_cast<{}>(mpl::get_bits<{}, {}>({} + {}))", type, field.bit_offset, field.type.width,
                       data, at);
  }
  if (field.type.width == 8) return fmt::format("{}[{}]", data, at);
  const char* fn = field.endian == sema::Endian::kLittle ? "load_le" : "load_be";
  return fmt::format("mpl::{}<{}>({} + {})", fn, type, data, at);
}

std::string Emitter::load(const sema::Field& field, const std::string& prefix) const {
  if (field.variant) return fmt::format("static_cast<{}>({})", names_.variant_enum.at(&field), load_raw(field, prefix));
  if (field.type.is_signed) return fmt::format("static_cast<{}>({})", value_type(field), load_raw(field, prefix));
  return load_raw(field, prefix);
}

std::string Emitter::load_wide(const sema::Field& field, const std::string& prefix) const {
  if (field.type.is_signed) return fmt::format("mpl::sign_extend<{}>({})", field.type.width, load_raw(field, prefix));
  return fmt::format("std::uint64_t{{{}}}", load_raw(field, prefix));
}

// Expressions evaluated by validation inside a frame's member functions:
// fields are loads from the frame (already bounds-checked, since a name
// may only refer to an earlier field), offsets come from the layout.
ExprEnv Emitter::view_env(const layout::Frame& frame, const std::string& prefix) {
  ExprEnv env;
  env.field = [this, &frame, prefix](const sema::Field& f) -> std::string {
    if (&layout_.frame_of(f) == &frame) return load_wide(f, prefix);
    // A field of an enclosing frame: the copy this element carries.
    if (frame.array != nullptr) {
      for (const Capture& c : plan_.captures(*frame.array)) {
        if (c.field == &f) return prefix + c.member;
      }
    }
    unsupported(f, "referring to field '" + f.name + "' from another frame");
    return "std::uint64_t{0}";
  };
  // An element reads the copies it carries (plan.h, Capture).
  env.param = [&frame, prefix](std::size_t i) -> std::string {
    const auto& p = frame.packet->parameters[i];
    if (p.type == sema::Parameter::Type::kBool) return fmt::format("{}p_{}_", prefix, p.name);
    return fmt::format("std::uint64_t{{{}p_{}_}}", prefix, p.name);
  };
  env.offset = [this, &frame, prefix](const sema::Item& item) -> std::string {
    if (&layout_.frame_of(item) != &frame) {
      unsupported(item, "offset() of an item in another frame");
      return "std::uint64_t{0}";
    }
    return fmt::format("std::uint64_t{{{}pkt_off_ + {}}}", prefix, pos(layout_.item(item).end, prefix));
  };
  env.size_of = [this, &frame, prefix](const sema::Item& item) -> std::string {
    if (&layout_.frame_of(item) != &frame) {
      unsupported(item, "sizeof() of an item in another frame");
      return "std::uint64_t{0}";
    }
    const auto& info = layout_.item(item);
    if (info.fixed_size) return fmt::format("std::uint64_t{{{}u}}", info.size);
    return fmt::format("std::uint64_t{{({}) - ({})}}", pos(info.end, prefix), pos(info.start, prefix));
  };
  env.array_length = [this, prefix](const sema::Item& item) -> std::string {
    return fmt::format("std::uint64_t{{{}count_[{}]}}", prefix, layout_.item(item).count_index);
  };
  env.remaining = [this, prefix]() -> std::string {
    return fmt::format("std::uint64_t{{{}region_ - ({})}}", prefix, remaining_at_);
  };
  return env;
}

}  // namespace mplc::codegen
