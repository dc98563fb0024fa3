#include "syntax/parse.h"

#include <string_view>
#include <type_traits>

#include <fmt/format.h>

namespace mplc {

namespace syntax {
// Defined with the grammar (parser.yy), where the generated parser and
// scanner classes are visible; this file stays free of generated headers so
// it can be held to the strict warning set.
ast::File parse_text(FileId file, const std::string& text, Diagnostics& diagnostics);
}  // namespace syntax

ast::File parse_file(FileId file, const SourceManager& sources, Diagnostics& diagnostics) {
  return syntax::parse_text(file, sources.text(file), diagnostics);
}

namespace {

// The dump prints expressions back in MPL syntax, canonical spellings only,
// with every nested operation parenthesised so the tree's shape is visible.

std::string quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\0': out += "\\0"; break;
      default: {
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte >= 0x7f) {
          out += fmt::format("\\x{:02x}", byte);
        } else {
          out += c;
        }
      }
    }
  }
  out += '"';
  return out;
}

std::string_view binary_spelling(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kAdd: return "+";
    case ast::BinaryOp::kSubtract: return "-";
    case ast::BinaryOp::kMultiply: return "*";
    case ast::BinaryOp::kDivide: return "/";
    case ast::BinaryOp::kRemainder: return "%";
    case ast::BinaryOp::kShiftLeft: return "<<";
    case ast::BinaryOp::kShiftRight: return ">>";
    case ast::BinaryOp::kBitAnd: return "&";
    case ast::BinaryOp::kBitOr: return "|";
    case ast::BinaryOp::kBitXor: return "^";
    case ast::BinaryOp::kEqual: return "==";
    case ast::BinaryOp::kNotEqual: return "!=";
    case ast::BinaryOp::kLess: return "<";
    case ast::BinaryOp::kLessEqual: return "<=";
    case ast::BinaryOp::kGreater: return ">";
    case ast::BinaryOp::kGreaterEqual: return ">=";
    case ast::BinaryOp::kAnd: return "&&";
    case ast::BinaryOp::kOr: return "||";
    case ast::BinaryOp::kRange: return "..";
  }
  return "?";
}

std::string expr_text(const ast::Expr* expr, bool nested = false);

std::string expr_list(const std::vector<ast::ExprPtr>& exprs) {
  std::string out;
  for (std::size_t i = 0; i < exprs.size(); ++i) {
    if (i > 0) out += ", ";
    out += expr_text(exprs[i].get());
  }
  return out;
}

std::string expr_text(const ast::Expr* expr, bool nested) {
  if (expr == nullptr) return "<missing>";
  switch (expr->kind) {
    case ast::Expr::Kind::kInteger: return std::to_string(expr->integer_value);
    case ast::Expr::Kind::kBoolean: return expr->boolean_value ? "true" : "false";
    case ast::Expr::Kind::kString: return quote(expr->text);
    case ast::Expr::Kind::kName: return expr->text;
    case ast::Expr::Kind::kUnary: {
      std::string_view op = expr->unary_op == ast::UnaryOp::kNot      ? "!"
                            : expr->unary_op == ast::UnaryOp::kNegate ? "-"
                                                                      : "~";
      const ast::Expr* operand = expr->operands.empty() ? nullptr : expr->operands[0].get();
      return fmt::format("{}{}", op, expr_text(operand, true));
    }
    case ast::Expr::Kind::kBinary: {
      if (expr->operands.size() != 2) return "<malformed>";
      std::string_view op = binary_spelling(expr->binary_op);
      std::string text = expr->binary_op == ast::BinaryOp::kRange
                             ? fmt::format("{}{}{}", expr_text(expr->operands[0].get(), true), op,
                                           expr_text(expr->operands[1].get(), true))
                             : fmt::format("{} {} {}", expr_text(expr->operands[0].get(), true), op,
                                           expr_text(expr->operands[1].get(), true));
      return nested ? fmt::format("({})", text) : text;
    }
    case ast::Expr::Kind::kCall: return fmt::format("{}({})", expr->text, expr_list(expr->operands));
  }
  return "<malformed>";
}

std::string_view attribute_name(ast::Attribute::Kind kind) {
  switch (kind) {
    case ast::Attribute::Kind::kValue: return "value";
    case ast::Attribute::Kind::kConst: return "const";
    case ast::Attribute::Kind::kDefault: return "default";
    case ast::Attribute::Kind::kMin: return "min";
    case ast::Attribute::Kind::kMax: return "max";
    case ast::Attribute::Kind::kAlign: return "align";
    case ast::Attribute::Kind::kVariant: return "variant";
    case ast::Attribute::Kind::kEndian: return "endian";
    case ast::Attribute::Kind::kChecksum: return "checksum";
    case ast::Attribute::Kind::kPseudoHeader: return "pseudo_header";
    case ast::Attribute::Kind::kSize: return "size";
  }
  return "?";
}

std::string attribute_text(const ast::Attribute& attribute) {
  if (attribute.kind != ast::Attribute::Kind::kVariant) {
    return fmt::format("{}({})", attribute_name(attribute.kind), expr_list(attribute.args));
  }
  std::string out = "variant {";
  for (const ast::VariantCase& c : attribute.cases) {
    out += fmt::format(" |{} {} {}", expr_text(c.match.get()), c.is_default ? "=>" : "->", c.label);
  }
  out += " }";
  return out;
}

std::string attributes_text(const std::vector<ast::Attribute>& attributes) {
  std::string out;
  for (const ast::Attribute& attribute : attributes) out += " " + attribute_text(attribute);
  return out;
}

std::string_view bound_name(ast::ArrayField::Bound bound) {
  switch (bound) {
    case ast::ArrayField::Bound::kCount: return "count";
    case ast::ArrayField::Bound::kBytes: return "bytes";
    case ast::ArrayField::Bound::kUntil: return "until";
  }
  return "?";
}

class Dumper {
 public:
  std::string take() { return std::move(out_); }

  void file(const ast::File& file) {
    if (file.endian) line(0, file.endian == ast::Endian::kLittle ? "endian little" : "endian big");
    for (const ast::Import& import : file.imports) line(0, "import " + quote(import.path));
    for (const ast::CustomType& custom : file.custom_types) {
      line(0, fmt::format("custom {} = {}{}", custom.name, quote(custom.cpp_type),
                          custom.header.empty() ? "" : " header " + quote(custom.header)));
    }
    for (const ast::Packet& packet : file.packets) this->packet(packet);
  }

 private:
  void line(int depth, std::string_view text) {
    out_.append(static_cast<std::size_t>(depth) * 2, ' ');
    out_ += text;
    out_ += '\n';
  }

  void packet(const ast::Packet& packet) {
    std::string head = "packet " + packet.name;
    if (!packet.parameters.empty()) {
      head += " (";
      for (std::size_t i = 0; i < packet.parameters.size(); ++i) {
        const ast::Parameter& p = packet.parameters[i];
        if (i > 0) head += ", ";
        head += fmt::format("{} {}", p.type == ast::Parameter::Type::kInt ? "int" : "bool", p.name);
      }
      head += ")";
    }
    head += attributes_text(packet.attributes);
    line(0, head);
    statements(packet.body, 1);
  }

  void statements(const ast::StatementList& list, int depth) {
    for (const ast::Statement& statement : list) {
      std::visit([&](const auto& node) { this->node(node, depth); }, statement.node);
    }
  }

  void node(const ast::Field& field, int depth) {
    std::string type = field.type.name;
    if (field.type.size) type += fmt::format("[{}]", expr_text(field.type.size.get()));
    line(depth, fmt::format("field {}: {}{}", field.name, type, attributes_text(field.attributes)));
  }

  void node(const ast::ArrayField& array, int depth) {
    line(depth, fmt::format("array {}: {}({}){}", array.name, bound_name(array.bound_kind),
                            expr_text(array.bound.get()), attributes_text(array.attributes)));
    statements(array.body, depth + 1);
  }

  void node(const ast::EmbeddedPacket& embedded, int depth) {
    line(depth, fmt::format("packet {}: {}({}){}", embedded.name, embedded.packet,
                            expr_list(embedded.args), attributes_text(embedded.attributes)));
  }

  void node(const ast::Classify& classify, int depth) {
    line(depth, fmt::format("classify ({})", expr_text(classify.subject.get())));
    for (const ast::ClassifyCase& c : classify.cases) {
      std::string head = fmt::format("case {}: {}", c.match ? expr_text(c.match.get()) : "_",
                                     quote(c.label));
      if (c.guard) head += fmt::format(" when ({})", expr_text(c.guard.get()));
      line(depth + 1, head);
      statements(c.body, depth + 2);
    }
  }

  void node(const ast::Empty&, int depth) { line(depth, "()"); }

  std::string out_;
};

}  // namespace

std::string dump_ast(const ast::File& file) {
  Dumper dumper;
  dumper.file(file);
  return dumper.take();
}

}  // namespace mplc
