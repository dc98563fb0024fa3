// Expressions: name lookup, typing and constant folding.
//
// An expression whose parts could not be resolved becomes kind/type kError;
// the problem was reported where it was found, and every check further up
// treats kError as "already reported" so one typo gives one message.
#include <fmt/format.h>

#include <optional>
#include <string>

#include "sema/analyzer.h"

namespace mplc::sema {

namespace {

std::string_view type_name(ExprType type) {
  switch (type) {
    case ExprType::kInt: return "an integer";
    case ExprType::kBool: return "a boolean";
    case ExprType::kString: return "a string";
    case ExprType::kError: return "an error";
  }
  return "an error";
}

std::string_view binary_spelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSubtract: return "-";
    case BinaryOp::kMultiply: return "*";
    case BinaryOp::kDivide: return "/";
    case BinaryOp::kRemainder: return "%";
    case BinaryOp::kShiftLeft: return "<<";
    case BinaryOp::kShiftRight: return ">>";
    case BinaryOp::kBitAnd: return "&";
    case BinaryOp::kBitOr: return "|";
    case BinaryOp::kBitXor: return "^";
    case BinaryOp::kEqual: return "==";
    case BinaryOp::kNotEqual: return "!=";
    case BinaryOp::kLess: return "<";
    case BinaryOp::kLessEqual: return "<=";
    case BinaryOp::kGreater: return ">";
    case BinaryOp::kGreaterEqual: return ">=";
    case BinaryOp::kAnd: return "&&";
    case BinaryOp::kOr: return "||";
  }
  return "?";
}

BinaryOp convert(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kAdd: return BinaryOp::kAdd;
    case ast::BinaryOp::kSubtract: return BinaryOp::kSubtract;
    case ast::BinaryOp::kMultiply: return BinaryOp::kMultiply;
    case ast::BinaryOp::kDivide: return BinaryOp::kDivide;
    case ast::BinaryOp::kRemainder: return BinaryOp::kRemainder;
    case ast::BinaryOp::kShiftLeft: return BinaryOp::kShiftLeft;
    case ast::BinaryOp::kShiftRight: return BinaryOp::kShiftRight;
    case ast::BinaryOp::kBitAnd: return BinaryOp::kBitAnd;
    case ast::BinaryOp::kBitOr: return BinaryOp::kBitOr;
    case ast::BinaryOp::kBitXor: return BinaryOp::kBitXor;
    case ast::BinaryOp::kEqual: return BinaryOp::kEqual;
    case ast::BinaryOp::kNotEqual: return BinaryOp::kNotEqual;
    case ast::BinaryOp::kLess: return BinaryOp::kLess;
    case ast::BinaryOp::kLessEqual: return BinaryOp::kLessEqual;
    case ast::BinaryOp::kGreater: return BinaryOp::kGreater;
    case ast::BinaryOp::kGreaterEqual: return BinaryOp::kGreaterEqual;
    case ast::BinaryOp::kAnd: return BinaryOp::kAnd;
    case ast::BinaryOp::kOr: return BinaryOp::kOr;
    case ast::BinaryOp::kRange: break;
  }
  return BinaryOp::kAdd;
}

ExprPtr make(Expr::Kind kind, ExprType type, SourceRange range) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->type = type;
  e->range = range;
  return e;
}

std::string_view item_description(const Item& item) {
  switch (item.kind) {
    case Item::Kind::kArray: return "an array";
    case Item::Kind::kEmbedded: return "an embedded packet";
    case Item::Kind::kClassify: return "a classify";
    case Item::Kind::kField: break;
  }
  switch (static_cast<const Field&>(item).type.kind) {
    case Type::Kind::kBytes: return "a byte string";
    case Type::Kind::kLabel: return "a label";
    case Type::Kind::kCustom: return "a custom-type field";
    default: return "an integer field";
  }
}

// Constants are folded in 128 bits, wide enough that no single operation on
// two values of the constant range overflows, so the range check after each
// operation catches every overflow exactly.
__extension__ using Exact = __int128;

Exact exact_value(const Expr& e) {
  return e.negative ? static_cast<Exact>(*e.constant) - (static_cast<Exact>(1) << 64) : static_cast<Exact>(*e.constant);
}

// Stores `value` in `e`; false if it is outside the constant range.
bool store_constant(Expr& e, Exact value) {
  if (value < static_cast<Exact>(kLowestConstant) || value > static_cast<Exact>(kHighestConstant)) return false;
  e.constant = static_cast<std::uint64_t>(value);
  e.negative = value < 0;
  return true;
}

// A constant is an int64 when its value is one (a literal is signed, as in
// C), a uint64 above INT64_MAX.
bool constant_is_signed(const Expr& e) {
  return e.negative || *e.constant <= static_cast<std::uint64_t>(INT64_MAX);
}

std::string shown(Exact v) {
  return v < 0 ? fmt::format("-{}", static_cast<std::uint64_t>(-v)) : fmt::format("{}", static_cast<std::uint64_t>(v));
}

// Why a constant right operand `b` of `op` is refused, if it is: a divisor
// of zero, a shift by a negative or huge amount.
std::optional<std::string> right_operand_error(BinaryOp op, Exact b) {
  switch (op) {
    case BinaryOp::kDivide: if (b == 0) return std::string("division by zero"); return std::nullopt;
    case BinaryOp::kRemainder: if (b == 0) return std::string("remainder by zero"); return std::nullopt;
    case BinaryOp::kShiftLeft: case BinaryOp::kShiftRight:
      if (b < 0 || b >= 128) return fmt::format("shift by {}: a shift amount must lie between 0 and 127", shown(b));
      return std::nullopt;
    default: return std::nullopt;
  }
}

// Why folding `a op b` is refused, if it is: where generated code, which
// works on the 64-bit pattern of a value, would compute something else
// (>> and % of a negative number).
std::optional<std::string> fold_error(BinaryOp op, Exact a, Exact b) {
  switch (op) {
    case BinaryOp::kShiftRight:
      if (a < 0) {
        return fmt::format("right shift of the negative number {}: '>>' takes a non-negative left operand", shown(a));
      }
      return std::nullopt;
    case BinaryOp::kRemainder:
      if (a < 0 || b < 0) {
        return fmt::format("remainder of a negative number ({}): '%' takes non-negative operands", shown(a < 0 ? a : b));
      }
      return std::nullopt;
    default: return std::nullopt;
  }
}

const std::vector<std::string> kFunctions = {"offset", "sizeof", "array_length", "remaining"};

}  // namespace

bool Analyzer::is_boolean(const Expr& expr) {
  if (expr.type == ExprType::kBool) return true;
  return expr.kind == Expr::Kind::kFieldRef && expr.field->type.kind == Type::Kind::kBits &&
         expr.field->type.width == 1;
}

Item* Analyzer::lookup_item(const std::string& name, SourceRange range, const ExprContext& context) {
  auto found = names_.find(name);
  if (found == names_.end()) {
    bool is_param = false;
    for (const Parameter& p : packet_->parameters) is_param = is_param || p.name == name;
    if (is_param) {
      diags_.error(range, fmt::format("'{}' is a parameter, not a field", name));
      return nullptr;
    }
    // One report per unknown name and packet: later uses stay silent.
    if (!unknown_reported_.insert(name).second) return nullptr;
    if (name == "remaining") {
      diags_.error(range, "unknown field 'remaining'; remaining() is a function: write remaining()");
      return nullptr;
    }
    if (name == "offset" || name == "sizeof" || name == "array_length") {
      diags_.error(range, fmt::format("unknown field '{0}'; {0}() is a function: write {0}(field)", name));
      return nullptr;
    }
    // A suggestion costs a pass over every name: only for errors still shown.
    std::string suggestion;
    if (diags_.will_show_error()) {
      std::vector<std::string> candidates;
      for (const auto& [candidate, items] : names_) candidates.push_back(candidate);
      for (const Parameter& p : packet_->parameters) candidates.push_back(p.name);
      suggestion = nearest_name(name, candidates);
    }
    diags_.error(range, suggestion.empty()
                            ? fmt::format("unknown field '{}'", name)
                            : fmt::format("unknown field '{}'; did you mean '{}'?", name, suggestion));
    return nullptr;
  }
  Item* best = nullptr;
  std::size_t best_depth = 0;
  Item* later = nullptr;
  Item* hidden = nullptr;
  for (Item* candidate : found->second) {
    bool in_scope = false;
    for (std::size_t depth = scopes_.size(); depth-- > 0;) {
      if (scopes_[depth].block != candidate->parent) continue;
      in_scope = true;
      if (candidate->index < scopes_[depth].position) {
        // The innermost, latest definition wins (repeated const padding).
        if (best == nullptr || depth > best_depth ||
            (depth == best_depth && candidate->index > best->index)) {
          best = candidate;
          best_depth = depth;
        }
      } else if (later == nullptr) {
        later = candidate;
      }
      break;
    }
    if (!in_scope && hidden == nullptr) hidden = candidate;
  }
  if (best != nullptr) return best;
  if (later != nullptr) {
    if (context.allow_later) return later;
    diags_.error(range, fmt::format("field '{}' is used before it is defined", name));
    diags_.note(later->range, fmt::format("'{}' is defined here", name));
    return nullptr;
  }
  if (hidden == nullptr) return nullptr;  // unreachable: every candidate is in one of the three groups
  const Block& block = *hidden->parent;
  if (block.kind == Block::Kind::kArrayElement) {
    diags_.error(range, fmt::format("field '{}' is not visible here: it is inside the elements of array '{}'",
                                    name, block.array->name));
  } else {
    diags_.error(range,
                 fmt::format("field '{}' is not visible here: it is inside a classify branch", name));
  }
  diags_.note(hidden->range, fmt::format("'{}' is defined here", name));
  return nullptr;
}

ExprPtr Analyzer::resolve(const ast::Expr& syntax, const ExprContext& context) {
  switch (syntax.kind) {
    case ast::Expr::Kind::kInteger: {
      ExprPtr e = make(Expr::Kind::kInteger, ExprType::kInt, syntax.range);
      e->integer = syntax.integer_value;
      e->constant = syntax.integer_value;
      e->is_signed = constant_is_signed(*e);
      return e;
    }
    case ast::Expr::Kind::kBoolean: {
      ExprPtr e = make(Expr::Kind::kBoolean, ExprType::kBool, syntax.range);
      e->boolean = syntax.boolean_value;
      return e;
    }
    case ast::Expr::Kind::kString: {
      ExprPtr e = make(Expr::Kind::kString, ExprType::kString, syntax.range);
      e->string = syntax.text;
      return e;
    }
    case ast::Expr::Kind::kName: {
      if (names_.find(syntax.text) == names_.end()) {
        for (std::size_t i = 0; i < packet_->parameters.size(); ++i) {
          const Parameter& p = packet_->parameters[i];
          if (p.name != syntax.text) continue;
          ExprPtr e = make(Expr::Kind::kParamRef,
                           p.type == Parameter::Type::kInt ? ExprType::kInt : ExprType::kBool,
                           syntax.range);
          e->param_index = i;
          e->string = p.name;
          return e;
        }
      }
      Item* item = lookup_item(syntax.text, syntax.range, context);
      if (item == nullptr) return make(Expr::Kind::kError, ExprType::kError, syntax.range);
      const Field* field = item->as_field();
      // A field of an unknown type was reported where it was declared.
      if (field != nullptr && field->type.kind == Type::Kind::kError) {
        return make(Expr::Kind::kError, ExprType::kError, syntax.range);
      }
      if (field == nullptr || !field->type.is_integer()) {
        diags_.error(syntax.range, fmt::format("'{}' is {} and has no integer value", syntax.text,
                                               item_description(*item)));
        return make(Expr::Kind::kError, ExprType::kError, syntax.range);
      }
      ExprPtr e = make(Expr::Kind::kFieldRef, ExprType::kInt, syntax.range);
      e->field = field;
      e->is_signed = field->type.is_signed;
      return e;
    }
    case ast::Expr::Kind::kUnary: {
      ExprPtr operand = resolve(*syntax.operands[0], context);
      if (operand->type == ExprType::kError) return make(Expr::Kind::kError, ExprType::kError, syntax.range);
      const bool logical = syntax.unary_op == ast::UnaryOp::kNot;
      const bool negate = syntax.unary_op == ast::UnaryOp::kNegate;
      const char* spelling = logical ? "!" : negate ? "-" : "~";
      bool ok = logical ? is_boolean(*operand) : operand->type == ExprType::kInt;
      if (!ok) {
        diags_.error(operand->range, fmt::format("operand of '{}' must be {}, not {}", spelling,
                                                 logical ? "a boolean" : "an integer", type_name(operand->type)));
        return make(Expr::Kind::kError, ExprType::kError, syntax.range);
      }
      ExprPtr e = make(Expr::Kind::kUnary, logical ? ExprType::kBool : ExprType::kInt, syntax.range);
      e->unary_op = logical ? UnaryOp::kNot : negate ? UnaryOp::kNegate : UnaryOp::kComplement;
      // ~x is -x - 1: the complement of x in unbounded two's complement,
      // which agrees with the 64-bit complement the generated code takes.
      if (!logical && operand->constant &&
          !store_constant(*e, negate ? -exact_value(*operand) : -exact_value(*operand) - 1)) {
        diags_.error(syntax.range, fmt::format("the constant {}{} overflows: constants must lie between {} and {}",
                                               spelling, render(*operand), kLowestConstant, kHighestConstant));
        return make(Expr::Kind::kError, ExprType::kError, syntax.range);
      }
      e->is_signed = e->constant ? constant_is_signed(*e) : !logical && operand->is_signed;
      e->operands.push_back(std::move(operand));
      return e;
    }
    case ast::Expr::Kind::kBinary: {
      if (syntax.binary_op == ast::BinaryOp::kRange) {
        diags_.error(syntax.range, "a range 'a..b' is only allowed as a classify or variant match");
        return make(Expr::Kind::kError, ExprType::kError, syntax.range);
      }
      ExprPtr left = resolve(*syntax.operands[0], context);
      ExprPtr right = resolve(*syntax.operands[1], context);
      if (left->type == ExprType::kError || right->type == ExprType::kError) {
        return make(Expr::Kind::kError, ExprType::kError, syntax.range);
      }
      BinaryOp op = convert(syntax.binary_op);
      ExprType result = ExprType::kBool;
      bool ok = true;
      const Expr* bad = nullptr;
      std::string_view wanted = "an integer";
      switch (op) {
        case BinaryOp::kAdd: case BinaryOp::kSubtract: case BinaryOp::kMultiply: case BinaryOp::kDivide:
        case BinaryOp::kRemainder: case BinaryOp::kShiftLeft: case BinaryOp::kShiftRight:
        case BinaryOp::kBitAnd: case BinaryOp::kBitOr: case BinaryOp::kBitXor:
        case BinaryOp::kLess: case BinaryOp::kLessEqual: case BinaryOp::kGreater: case BinaryOp::kGreaterEqual:
          result = op < BinaryOp::kEqual ? ExprType::kInt : ExprType::kBool;
          if (left->type != ExprType::kInt) bad = left.get();
          else if (right->type != ExprType::kInt) bad = right.get();
          break;
        case BinaryOp::kEqual: case BinaryOp::kNotEqual:
          ok = (left->type == ExprType::kInt && right->type == ExprType::kInt) ||
               (is_boolean(*left) && is_boolean(*right));
          if (!ok) {
            wanted = left->type == ExprType::kBool ? "a boolean" : "an integer";
            bad = left->type == ExprType::kString ? left.get() : right.get();
            if (left->type == ExprType::kString) wanted = "an integer";
          }
          break;
        case BinaryOp::kAnd: case BinaryOp::kOr:
          wanted = "a boolean";
          if (!is_boolean(*left)) bad = left.get();
          else if (!is_boolean(*right)) bad = right.get();
          break;
      }
      if (bad != nullptr) {
        diags_.error(bad->range, fmt::format("operand of '{}' must be {}, not {}", binary_spelling(op), wanted,
                                             type_name(bad->type)));
        return make(Expr::Kind::kError, ExprType::kError, syntax.range);
      }
      ExprPtr e = make(Expr::Kind::kBinary, result, syntax.range);
      e->binary_op = op;
      // A constant divisor of zero or shift amount out of range is wrong
      // whatever the other operand is, so it is refused even when that
      // operand is a field.
      if (right->constant) {
        if (std::optional<std::string> why = right_operand_error(op, exact_value(*right))) {
          diags_.error(right->range, *why);
          return make(Expr::Kind::kError, ExprType::kError, syntax.range);
        }
      }
      if (result == ExprType::kInt && left->constant && right->constant) {
        Exact a = exact_value(*left), b = exact_value(*right), value = 0;
        if (std::optional<std::string> why = fold_error(op, a, b)) {
          diags_.error(syntax.range,
                       fmt::format("in {} {} {}: {}", render(*left), binary_spelling(op), render(*right), *why));
          return make(Expr::Kind::kError, ExprType::kError, syntax.range);
        }
        switch (op) {
          case BinaryOp::kAdd: value = a + b; break;
          case BinaryOp::kSubtract: value = a - b; break;
          case BinaryOp::kMultiply:
            // Two values near 2^64 would overflow even 128 bits.
            if (__builtin_mul_overflow(a, b, &value)) value = static_cast<Exact>(kHighestConstant) + 1;
            break;
          case BinaryOp::kDivide: value = a / b; break;  // truncated toward zero; b != 0 (checked above)
          case BinaryOp::kRemainder: value = a % b; break;  // fold_error() refused b == 0 and a < 0
          case BinaryOp::kShiftLeft:
            // a * 2^b, so an overflow is caught like a product's (b < 128).
            if (a != 0 && (b >= 64 || __builtin_mul_overflow(a, static_cast<Exact>(1) << b, &value))) {
              value = static_cast<Exact>(kHighestConstant) + 1;
            }
            break;
          case BinaryOp::kShiftRight: value = a >> b; break;  // a >= 0, 0 <= b < 128
          case BinaryOp::kBitAnd: value = a & b; break;
          case BinaryOp::kBitOr: value = a | b; break;
          case BinaryOp::kBitXor: value = a ^ b; break;
          default: break;
        }
        if (!store_constant(*e, value)) {
          diags_.error(syntax.range,
                       fmt::format("constant expression {} {} {} overflows: constants must lie between {} and {}",
                                   render(*left), binary_spelling(op), render(*right), kLowestConstant,
                                   kHighestConstant));
          return make(Expr::Kind::kError, ExprType::kError, syntax.range);
        }
      }
      if (result == ExprType::kInt) {
        // C's rules between int64_t and uint64_t: a shift has the type of its
        // left operand; any other operation is signed only if both are.
        const bool shift = op == BinaryOp::kShiftLeft || op == BinaryOp::kShiftRight;
        e->is_signed = e->constant ? constant_is_signed(*e)
                                   : left->is_signed && (shift || right->is_signed);
      }
      e->operands.push_back(std::move(left));
      e->operands.push_back(std::move(right));
      return e;
    }
    case ast::Expr::Kind::kCall: break;
  }

  // Function calls.
  const std::string& function = syntax.text;
  bool known = false;
  for (const std::string& f : kFunctions) known = known || f == function;
  if (!known) {
    std::string suggestion = nearest_name(function, kFunctions);
    diags_.error(syntax.range,
                 suggestion.empty()
                     ? fmt::format("unknown function '{}'; the functions are offset, sizeof, array_length, remaining",
                                   function)
                     : fmt::format("unknown function '{}'; did you mean '{}'?", function, suggestion));
    return make(Expr::Kind::kError, ExprType::kError, syntax.range);
  }
  std::size_t wanted = function == "remaining" ? 0 : 1;
  if (syntax.operands.size() != wanted) {
    diags_.error(syntax.range, fmt::format("'{}' takes {} argument{}, {} given", function, wanted,
                                           wanted == 1 ? "" : "s", syntax.operands.size()));
    return make(Expr::Kind::kError, ExprType::kError, syntax.range);
  }
  if (function == "remaining") {
    if (context.in_value) {
      diags_.error(syntax.range,
                   "value(...) cannot use remaining(): the builder cannot compute it before the end of the region is known");
      return make(Expr::Kind::kError, ExprType::kError, syntax.range);
    }
    if (context.in_size) {
      diags_.error(syntax.range, "size(...) cannot use remaining(): a sized region ends where its size says; "
                                 "to run to the end of the enclosing region, leave size(...) out");
      return make(Expr::Kind::kError, ExprType::kError, syntax.range);
    }
    return make(Expr::Kind::kRemaining, ExprType::kInt, syntax.range);
  }
  const ast::Expr& argument = *syntax.operands[0];
  if (argument.kind != ast::Expr::Kind::kName) {
    diags_.error(argument.range, fmt::format("the argument of '{}' must be a field name", function));
    return make(Expr::Kind::kError, ExprType::kError, syntax.range);
  }
  Item* item = lookup_item(argument.text, argument.range, context);
  if (item == nullptr) return make(Expr::Kind::kError, ExprType::kError, syntax.range);
  Expr::Kind kind = function == "offset" ? Expr::Kind::kOffset
                    : function == "sizeof" ? Expr::Kind::kSizeof
                                           : Expr::Kind::kArrayLength;
  if (kind == Expr::Kind::kArrayLength && item->kind != Item::Kind::kArray) {
    diags_.error(argument.range, fmt::format("'array_length' needs an array, but '{}' is {}", argument.text,
                                             item_description(*item)));
    return make(Expr::Kind::kError, ExprType::kError, syntax.range);
  }
  ExprPtr e = make(kind, ExprType::kInt, syntax.range);
  e->target = item;
  return e;
}

std::string Analyzer::render(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kInteger: return std::to_string(e.integer);
    case Expr::Kind::kBoolean: return e.boolean ? "true" : "false";
    case Expr::Kind::kString: {
      std::string out = "\"";
      for (char c : e.string) {
        auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
          out += '\\';
          out += c;
        } else if (u < 0x20 || u >= 0x7f) {
          out += fmt::format("\\x{:02x}", u);
        } else {
          out += c;
        }
      }
      return out + "\"";
    }
    case Expr::Kind::kFieldRef: return e.field->name;
    case Expr::Kind::kParamRef: return e.string;
    case Expr::Kind::kUnary:
      return fmt::format("{}{}",
                         e.unary_op == UnaryOp::kNegate ? "-" : e.unary_op == UnaryOp::kNot ? "!" : "~",
                         render(*e.operands[0]));
    case Expr::Kind::kBinary:
      return fmt::format("({} {} {})", render(*e.operands[0]), binary_spelling(e.binary_op),
                         render(*e.operands[1]));
    case Expr::Kind::kOffset: return fmt::format("offset({})", e.target->name);
    case Expr::Kind::kSizeof: return fmt::format("sizeof({})", e.target->name);
    case Expr::Kind::kArrayLength: return fmt::format("array_length({})", e.target->name);
    case Expr::Kind::kRemaining: return "remaining()";
    case Expr::Kind::kError: return "<error>";
  }
  return "<error>";
}

}  // namespace mplc::sema
