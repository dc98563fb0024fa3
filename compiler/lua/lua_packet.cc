// The dissection function of one packet: items in wire order, each read
// through the runtime (lua_runtime.cc), with values kept for the
// expressions that later items need. One function per kind of item.
//
// Inside a packet function: c the cursor, t the tree item to add to (nil
// while measuring a TCP message), a the packet's arguments by parameter
// name; v[id] a field's value, s[id]/e[id] where an item starts/ends
// (bytes from the packet start), n[id] an array's element count.
#include <algorithm>

#include <fmt/format.h>

#include "lua/lua_internal.h"

namespace mplc::lua {

std::string lua_string(const std::string& bytes) {
  std::string out = "\"";
  for (char byte : bytes) {
    const auto ch = static_cast<unsigned char>(byte);
    if (ch >= 0x20 && ch < 0x7F && ch != '"' && ch != '\\') {
      out += static_cast<char>(ch);
    } else {
      out += fmt::format("\\{:03d}", ch);
    }
  }
  return out + "\"";
}

namespace {

std::string spec_name(const sema::Item& item) {
  const auto* field = item.as_field();
  return field != nullptr ? field->accessor : item.name;
}

class PacketWriter {
 public:
  PacketWriter(LuaOut& out, const sema::Packet& packet, const LuaNames& names)
      : out_(out), packet_(packet), names_(names) {}

  void block(const sema::Block& block) {
    for (const auto& owned : block.items) item(*owned);
  }

 private:
  int id(const sema::Item& item) const { return names_.id.at(&item); }
  std::string where(const sema::Item& item) const { return lua_string(packet_.name + "." + spec_name(item)); }

  // ------------------------------------------------------------ expressions

  std::string expr(const sema::Expr& e, const std::string& field) const {
    using K = sema::Expr::Kind;
    switch (e.kind) {
      case K::kInteger: return std::to_string(e.integer);
      case K::kBoolean: return e.boolean ? "true" : "false";
      case K::kString: return lua_string(e.string);
      case K::kFieldRef: {
        const std::string value = fmt::format("v[{}]", id(*e.field));
        return e.type == sema::ExprType::kBool ? "(" + value + " ~= 0)" : value;
      }
      case K::kParamRef: return "a[" + lua_string(e.string) + "]";
      case K::kUnary:
        switch (e.unary_op) {
          case sema::UnaryOp::kNot: return "(not " + expr(*e.operands[0], field) + ")";
          case sema::UnaryOp::kNegate: return "(-" + expr(*e.operands[0], field) + ")";
          case sema::UnaryOp::kComplement: return "(-1 - " + expr(*e.operands[0], field) + ")";
        }
        return "nil";
      case K::kBinary: return binary(e, field);
      case K::kOffset: return fmt::format("e[{}]", id(*e.target));
      case K::kSizeof: return fmt::format("(e[{0}] - s[{0}])", id(*e.target));
      case K::kArrayLength: return fmt::format("n[{}]", id(*e.target));
      case K::kRemaining: return "(c.limit - c.off)";
      case K::kError: break;
    }
    return "nil";
  }

  // Lua 5.2's bit32 works on 32 bits: a value (up to 2^53) is taken as two halves.
  static std::string bitwise(const char* op, const std::string& a, const std::string& b) {
    return fmt::format("(bit32.{0}(math.floor({1} / 4294967296) % 4294967296, math.floor({2} / 4294967296) % "
                       "4294967296) * 4294967296 + bit32.{0}({1} % 4294967296, {2} % 4294967296))",
                       op, a, b);
  }

  std::string binary(const sema::Expr& e, const std::string& field) const {
    const std::string a = expr(*e.operands[0], field);
    const std::string b = expr(*e.operands[1], field);
    const char* op = "";
    switch (e.binary_op) {
      case sema::BinaryOp::kAdd: op = "+"; break;
      case sema::BinaryOp::kSubtract: op = "-"; break;
      case sema::BinaryOp::kMultiply: op = "*"; break;
      case sema::BinaryOp::kDivide: return fmt::format("R.div(c, {}, {}, {})", a, b, field);
      // Written out here rather than as runtime functions, so the runtime
      // every dissector starts with stays as it was.
      case sema::BinaryOp::kRemainder: return fmt::format("({0} - R.div(c, {0}, {1}, {2}) * {1})", a, b, field);
      case sema::BinaryOp::kShiftLeft: return fmt::format("({} * 2 ^ {})", a, b);
      case sema::BinaryOp::kShiftRight: return fmt::format("math.floor({} / 2 ^ {})", a, b);
      case sema::BinaryOp::kBitAnd: return bitwise("band", a, b);
      case sema::BinaryOp::kBitOr: return bitwise("bor", a, b);
      case sema::BinaryOp::kBitXor: return bitwise("bxor", a, b);
      case sema::BinaryOp::kEqual: op = "=="; break;
      case sema::BinaryOp::kNotEqual: op = "~="; break;
      case sema::BinaryOp::kLess: op = "<"; break;
      case sema::BinaryOp::kLessEqual: op = "<="; break;
      case sema::BinaryOp::kGreater: op = ">"; break;
      case sema::BinaryOp::kGreaterEqual: op = ">="; break;
      case sema::BinaryOp::kAnd: op = "and"; break;
      case sema::BinaryOp::kOr: op = "or"; break;
    }
    return fmt::format("({} {} {})", a, op, b);
  }

  // ------------------------------------------------------------ items

  void item(const sema::Item& item) {
    const bool measured = names_.measured.count(&item) > 0;
    if (measured) out_.line(fmt::format("s[{}] = c.off - base", id(item)));
    if (const auto* f = item.as_field()) {
      field(*f);
    } else if (const auto* a = item.as_array()) {
      array(*a);
    } else if (const auto* m = item.as_embedded()) {
      embedded(*m);
    } else if (const auto* k = item.as_classify()) {
      classify(*k);
    }
    if (measured) out_.line(fmt::format("e[{}] = c.off - base", id(item)));
  }

  void field(const sema::Field& f) {
    const std::string w = where(f);
    const std::string v = fmt::format("v[{}]", id(f));
    const std::string pf = names_.proto_field.count(&f) ? fmt::format("F[{}]", names_.proto_field.at(&f)) : "nil";
    const bool value_string = uses_value_string(f);
    const bool ranges = f.variant && (!value_string || std::any_of(f.variant->cases.begin(), f.variant->cases.end(),
                                                                  [](const sema::VariantCase& vc) {
                                                                    return vc.low != vc.high;
                                                                  }));
    const std::string target = ranges ? v + ", item" : v;
    if (ranges) {
      out_.line("do");
      out_.indent();
      out_.line("local item");
    }
    switch (f.type.kind) {
      case sema::Type::Kind::kUint:
        out_.line(fmt::format("{} = R.{}(c, t, {}, {}, {}, {})", target, f.type.is_signed ? "int" : "uint", pf,
                              f.type.width / 8,
                              f.endian == sema::Endian::kLittle ? "true" : "false", w));
        break;
      case sema::Type::Kind::kBits: {
        if (f.run_start) out_.line(fmt::format("R.run(c, {}, {})", f.run_bits / 8, w));
        const std::uint32_t shift = f.run_bits - f.bit_offset - f.type.width;
        const std::uint64_t mask = f.type.width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << f.type.width) - 1;
        out_.line(fmt::format("{} = R.bits(c, t, {}, {}, {}, {}, {})", target, pf, shift, mask & 0xFFFFFFFFu, mask >> 32,
                              bit_mask_exact(f) ? "false" : "true"));
        break;
      }
      case sema::Type::Kind::kBytes:
        out_.line(fmt::format("{} = R.bytes(c, t, {}, {}, {})", v, pf, expr(*f.type.size, w), w));
        break;
      case sema::Type::Kind::kCustom:
        out_.line(fmt::format("{} = R.custom(c, t, {}, {}, {})", v, pf,
                              lua_string(f.type.custom != nullptr ? f.type.custom->cpp_type : f.type.spelling), w));
        break;
      case sema::Type::Kind::kLabel:
      case sema::Type::Kind::kError:
        break;
    }
    if (ranges) {
      std::string list;
      for (const auto& vc : f.variant->cases) {
        if (value_string && vc.low == vc.high) continue;
        list += fmt::format("{}{{{}, {}, {}}}", list.empty() ? "" : ", ", sema::value_text(vc.low, f.type.is_signed),
                            sema::value_text(vc.high, f.type.is_signed), lua_string(vc.name));
      }
      out_.line(fmt::format("R.ranges(item, {}, {{{}}})", v, list));
      out_.dedent();
      out_.line("end");
    }
    checks(f, v, w);
  }

  // The checks a parser makes on a field's value: const, min, max.
  void checks(const sema::Field& f, const std::string& v, const std::string& w) {
    if (f.const_bytes) {
      out_.line(fmt::format("R.check(c, {} == {}, \"const_mismatch\", {}, \"not the constant bytes\")", v,
                            lua_string(*f.const_bytes), w));
    } else if (f.const_value) {
      out_.line(fmt::format("R.check(c, {} == {}, \"const_mismatch\", {}, \"not the constant \" .. {})", v,
                            expr(*f.const_value, w), w, expr(*f.const_value, w)));
    }
    if (f.min) {
      out_.line(fmt::format("R.check(c, {} >= {}, \"out_of_range\", {}, \"below the minimum\")", v, expr(*f.min, w), w));
    }
    if (f.max) {
      out_.line(fmt::format("R.check(c, {} <= {}, \"out_of_range\", {}, \"above the maximum\")", v, expr(*f.max, w), w));
    }
  }

  // Elements are read in a loop of their own shape; each one is a subtree
  // "[i]" of the array's subtree.
  void array(const sema::Array& a) {
    const std::string w = where(a);
    const int k = id(a);
    out_.line("do");
    out_.indent();
    out_.line(fmt::format("local array_start, array_tree = c.off, R.node(c, t, F[{}])", names_.proto_field.at(&a)));
    out_.line("local i = 0");
    switch (a.bound_kind) {
      case sema::Array::Bound::kCount:
        out_.line(fmt::format("local count = {}", expr(*a.bound, w)));
        out_.line("while i < count do");
        element(a, w);
        out_.line("end");
        break;
      case sema::Array::Bound::kBytes:
        out_.line(fmt::format("local length = {}", expr(*a.bound, w)));
        out_.line(fmt::format("R.need(c, length, {})", w));
        out_.line("local outer_limit = c.limit");
        out_.line("c.limit = c.off + length");
        out_.line("while c.off < c.limit do");
        element(a, w);
        out_.line("end");
        out_.line("c.limit = outer_limit");
        break;
      case sema::Array::Bound::kUntil:
        out_.line("local last = false");
        out_.line("while not last do");
        element(a, w);
        out_.indent();
        out_.line(fmt::format("last = {}", expr(*a.bound, w)));
        out_.dedent();
        out_.line("end");
        break;
    }
    out_.line(fmt::format("n[{}] = i", k));
    out_.line("R.close(c, array_tree, array_start)");
    out_.dedent();
    out_.line("end");
  }

  void element(const sema::Array& a, const std::string& w) {
    out_.indent();
    out_.line("local element_start = c.off");
    out_.line("local t = R.element(c, array_tree, i)");
    block(a.element);
    out_.line("R.close(c, t, element_start)");
    out_.line(fmt::format("R.progress(c, element_start, i, {})", w));
    out_.line("i = i + 1");
    out_.dedent();
  }

  void embedded(const sema::Embedded& m) {
    if (m.target == nullptr) return;
    const std::string w = where(m);
    std::string args;
    for (std::size_t i = 0; i < m.args.size() && i < m.target->parameters.size(); ++i) {
      args += fmt::format("{}[{}] = {}", args.empty() ? "" : ", ", lua_string(m.target->parameters[i].name),
                          expr(*m.args[i], w));
    }
    out_.line("do");
    out_.indent();
    // size(n): the packet's subtree covers exactly the n bytes, its
    // remaining() ends there, and its content must fill them.
    if (m.size) {
      out_.line(fmt::format("local size = {}", expr(*m.size, w)));
      out_.line(fmt::format("R.need(c, size, {})", w));
      out_.line("local outer_limit = c.limit");
      out_.line("c.limit = c.off + size");
    }
    out_.line(fmt::format("local start, sub = c.off, R.node(c, t, F[{}])", names_.proto_field.at(&m)));
    out_.line(fmt::format("R.enter(c, {})", w));
    out_.line(fmt::format("P[{}](c, sub, {{{}}})", lua_string(m.target->name), args));
    out_.line("c.depth = c.depth - 1");
    if (m.size) {
      // Reported at the packet's start, as the C++ parser does.
      out_.line("if c.off ~= c.limit then");
      out_.line("  local ended = c.off - start");
      out_.line("  c.off = start");
      out_.line(fmt::format("  R.fail(c, \"size_mismatch\", {}, string.format(\"content ends at %d of %d bytes\", "
                            "ended, size))",
                            w));
      out_.line("end");
      out_.line("c.limit = outer_limit");
    }
    out_.line("R.close(c, sub, start)");
    out_.dedent();
    out_.line("end");
  }

  // The first case that matches (and whose guard holds) is taken; its
  // items go under a "<subject>_case" item whose value is the case label.
  void classify(const sema::Classify& k) {
    const std::string w = lua_string(packet_.name + ".classify");
    out_.line("do");
    out_.indent();
    out_.line(fmt::format("local x = {}", expr(*k.subject, w)));
    bool first = true;
    for (const auto& kase : k.cases) {
      std::string test;
      switch (kase->match) {
        case sema::ClassifyCase::Match::kInteger:
          test = fmt::format("x == {}", sema::value_text(kase->low, k.subject_signed));
          break;
        case sema::ClassifyCase::Match::kRange:
          test = fmt::format("x >= {} and x <= {}", sema::value_text(kase->low, k.subject_signed),
                             sema::value_text(kase->high, k.subject_signed));
          break;
        // The subject may be a bit field (an integer): true is 1, false 0.
        case sema::ClassifyCase::Match::kBoolean:
          test = kase->boolean ? "x == true or x == 1" : "x == false or x == 0";
          break;
        case sema::ClassifyCase::Match::kString: test = "x == " + lua_string(kase->string); break;
        case sema::ClassifyCase::Match::kWildcard: test = "true"; break;
      }
      if (kase->guard || kase->match == sema::ClassifyCase::Match::kBoolean) test = "(" + test + ")";
      if (kase->guard) test += " and " + expr(*kase->guard, w);
      out_.line(fmt::format("{} {} then", first ? "if" : "elseif", test));
      first = false;
      out_.indent();
      out_.line(fmt::format("local case_start, t = c.off, R.node(c, t, F[{}], {})", names_.case_field.at(&k),
                            lua_string(kase->label)));
      out_.line(fmt::format("R.label(c, {})", lua_string(kase->label)));
      block(kase->body);
      out_.line("R.close(c, t, case_start)");
      out_.dedent();
    }
    out_.line("else");
    out_.indent();
    out_.line(fmt::format("R.fail(c, \"no_branch_matched\", {}, \"no case matches \" .. tostring(x))", w));
    out_.dedent();
    out_.line("end");
    out_.dedent();
    out_.line("end");
  }

  LuaOut& out_;
  const sema::Packet& packet_;
  const LuaNames& names_;
};

}  // namespace

void emit_packet_function(LuaOut& out, const sema::Packet& packet, const LuaNames& names) {
  out.line(fmt::format("P[{}] = function(c, t, a)", lua_string(packet.name)));
  out.indent();
  out.line("local base, v, s, e, n = c.off, {}, {}, {}, {}");
  PacketWriter writer(out, packet, names);
  writer.block(packet.body);
  out.dedent();
  out.line("end");
  out.line("");
}

}  // namespace mplc::lua
