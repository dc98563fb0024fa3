#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "syntax/parse.h"

namespace mplc {
namespace {

using ast::BinaryOp;
using ast::Expr;

// One parse of one text; holds the sources the diagnostics point into.
struct Parse {
  explicit Parse(std::string text) : diagnostics(sources) {
    id = sources.add("test.mpl", std::move(text));
    file = parse_file(id, sources, diagnostics);
  }
  std::string errors() const { return diagnostics.render_all(); }
  std::string dump() const { return dump_ast(file); }
  const ast::Packet& packet(std::size_t i = 0) const { return file.packets.at(i); }
  template <typename T>
  const T& statement(std::size_t i, std::size_t packet_index = 0) const {
    return std::get<T>(packet(packet_index).body.at(i).node);
  }
  std::string text_of(SourceRange range) const {
    return sources.text(id).substr(range.begin, range.end - range.begin);
  }

  SourceManager sources;
  Diagnostics diagnostics;
  FileId id = 0;
  ast::File file;
};

// The first attribute expression of field `index` of the first packet: the
// shortest way to get at a parsed expression.
const Expr& value_of(const Parse& p, std::size_t index = 0) {
  return *p.statement<ast::Field>(index).attributes.at(0).args.at(0);
}

// Parses `expression` as value(...) of a field and returns its dump form.
std::string expr_dump(const std::string& expression) {
  Parse p("packet p { f: uint8 value(" + expression + "); }");
  EXPECT_FALSE(p.diagnostics.has_errors()) << p.errors();
  std::string dump = p.dump();
  std::string prefix = "packet p\n  field f: uint8 value(";
  EXPECT_EQ(dump.substr(0, prefix.size()), prefix);
  return dump.substr(prefix.size(), dump.size() - prefix.size() - 2);
}

// ---------------------------------------------------------------- top level

TEST(ParserTest, EmptyFileIsValid) {
  Parse p("");
  EXPECT_FALSE(p.diagnostics.has_errors());
  EXPECT_TRUE(p.file.packets.empty());
  EXPECT_EQ(p.file.file, p.id);
}

TEST(ParserTest, Directives) {
  Parse p(
      "endian little;\n"
      "import \"ip/ipv4.mpl\";\n"
      "custom dns_name = \"mpl::dns::Name\";\n"
      "packet a {}\n");
  ASSERT_FALSE(p.diagnostics.has_errors()) << p.errors();
  ASSERT_TRUE(p.file.endian.has_value());
  EXPECT_EQ(*p.file.endian, ast::Endian::kLittle);
  EXPECT_EQ(p.text_of(p.file.endian_range), "endian little;");
  ASSERT_EQ(p.file.imports.size(), 1u);
  EXPECT_EQ(p.file.imports[0].path, "ip/ipv4.mpl");
  EXPECT_EQ(p.text_of(p.file.imports[0].range), "import \"ip/ipv4.mpl\";");
  ASSERT_EQ(p.file.custom_types.size(), 1u);
  EXPECT_EQ(p.file.custom_types[0].name, "dns_name");
  EXPECT_EQ(p.file.custom_types[0].cpp_type, "mpl::dns::Name");
  ASSERT_EQ(p.file.packets.size(), 1u);
  EXPECT_EQ(p.packet().name, "a");
}

TEST(ParserTest, CustomTypeWithItsHeader) {
  Parse p("custom mpint = \"mpl::ssh::mpint\" header \"mpl/ssh.h\";\npacket a {}\n");
  ASSERT_FALSE(p.diagnostics.has_errors()) << p.errors();
  ASSERT_EQ(p.file.custom_types.size(), 1u);
  EXPECT_EQ(p.file.custom_types[0].cpp_type, "mpl::ssh::mpint");
  EXPECT_EQ(p.file.custom_types[0].header, "mpl/ssh.h");
  EXPECT_EQ(p.file.custom_types[0].header.empty(), false);
}

TEST(ParserTest, CustomTypeWithAnUnknownWordBeforeItsHeader) {
  Parse p("custom mpint = \"mpl::ssh::mpint\" include \"mpl/ssh.h\";\n");
  EXPECT_EQ(p.errors(),
            "test.mpl:1:34: error: unexpected 'include' in a custom type declaration; the form is custom "
            "name = \"cpp::Type\" header \"path/to/type.h\";\n"
            "custom mpint = \"mpl::ssh::mpint\" include \"mpl/ssh.h\";\n"
            "                                 ^~~~~~~\n");
}

TEST(ParserTest, EndianBig) {
  Parse p("endian big;");
  ASSERT_FALSE(p.diagnostics.has_errors()) << p.errors();
  EXPECT_EQ(p.file.endian, ast::Endian::kBig);
}

TEST(ParserTest, PacketParametersAttributesAndRanges) {
  Parse p("packet auth (bool passwd_ns, int len) endian(little) { (); };\npacket b() {}");
  ASSERT_FALSE(p.diagnostics.has_errors()) << p.errors();
  ASSERT_EQ(p.file.packets.size(), 2u);
  const ast::Packet& auth = p.packet();
  EXPECT_EQ(auth.name, "auth");
  EXPECT_EQ(p.text_of(auth.name_range), "auth");
  ASSERT_EQ(auth.parameters.size(), 2u);
  EXPECT_EQ(auth.parameters[0].type, ast::Parameter::Type::kBool);
  EXPECT_EQ(auth.parameters[0].name, "passwd_ns");
  EXPECT_EQ(p.text_of(auth.parameters[0].range), "bool passwd_ns");
  EXPECT_EQ(auth.parameters[1].type, ast::Parameter::Type::kInt);
  EXPECT_EQ(auth.parameters[1].name, "len");
  ASSERT_EQ(auth.attributes.size(), 1u);
  EXPECT_EQ(auth.attributes[0].kind, ast::Attribute::Kind::kEndian);
  ASSERT_EQ(auth.attributes[0].args.size(), 1u);
  EXPECT_EQ(auth.attributes[0].args[0]->kind, Expr::Kind::kName);
  EXPECT_EQ(auth.attributes[0].args[0]->text, "little");
  ASSERT_EQ(auth.body.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<ast::Empty>(auth.body[0].node));
  EXPECT_EQ(p.text_of(auth.range),
            "packet auth (bool passwd_ns, int len) endian(little) { (); }");
  EXPECT_TRUE(p.packet(1).parameters.empty());
  EXPECT_TRUE(p.packet(1).body.empty());
}

// ---------------------------------------------------------------- statements

TEST(ParserTest, FieldTypesAndAttributes) {
  Parse p(
      "packet p {\n"
      "  version: bit[4] const(4);\n"
      "  b: byte;\n"
      "  data: byte[len * 2] min(1) max(10) default(3) align(32);\n"
      "  t: uint16 endian(little) variant { |1 -> One |2..5 => Many };\n"
      "  cs: uint16 checksum(internet, header_end);\n"
      "  payload: byte[remaining()] pseudo_header(src, dst, protocol);\n"
      "  mark: label;\n"
      "  name: dns_name value(1);\n"
      "}\n");
  ASSERT_FALSE(p.diagnostics.has_errors()) << p.errors();
  const auto& version = p.statement<ast::Field>(0);
  EXPECT_EQ(version.name, "version");
  EXPECT_EQ(p.text_of(version.name_range), "version");
  EXPECT_EQ(version.type.name, "bit");
  ASSERT_NE(version.type.size, nullptr);
  EXPECT_EQ(version.type.size->integer_value, 4u);
  EXPECT_EQ(p.text_of(version.type.range), "bit[4]");
  ASSERT_EQ(version.attributes.size(), 1u);
  EXPECT_EQ(version.attributes[0].kind, ast::Attribute::Kind::kConst);
  EXPECT_EQ(p.text_of(version.attributes[0].range), "const(4)");

  const auto& b = p.statement<ast::Field>(1);
  EXPECT_EQ(b.type.name, "byte");
  EXPECT_EQ(b.type.size, nullptr);
  EXPECT_TRUE(b.attributes.empty());

  const auto& data = p.statement<ast::Field>(2);
  ASSERT_NE(data.type.size, nullptr);
  EXPECT_EQ(data.type.size->kind, Expr::Kind::kBinary);
  EXPECT_EQ(data.type.size->binary_op, BinaryOp::kMultiply);
  ASSERT_EQ(data.attributes.size(), 4u);
  EXPECT_EQ(data.attributes[0].kind, ast::Attribute::Kind::kMin);
  EXPECT_EQ(data.attributes[1].kind, ast::Attribute::Kind::kMax);
  EXPECT_EQ(data.attributes[2].kind, ast::Attribute::Kind::kDefault);
  EXPECT_EQ(data.attributes[3].kind, ast::Attribute::Kind::kAlign);
  EXPECT_EQ(data.attributes[3].args[0]->integer_value, 32u);

  const auto& t = p.statement<ast::Field>(3);
  ASSERT_EQ(t.attributes.size(), 2u);
  EXPECT_EQ(t.attributes[0].kind, ast::Attribute::Kind::kEndian);
  const ast::Attribute& variant = t.attributes[1];
  EXPECT_EQ(variant.kind, ast::Attribute::Kind::kVariant);
  EXPECT_TRUE(variant.args.empty());
  ASSERT_EQ(variant.cases.size(), 2u);
  EXPECT_EQ(variant.cases[0].match->integer_value, 1u);
  EXPECT_EQ(variant.cases[0].label, "One");
  EXPECT_FALSE(variant.cases[0].is_default);
  EXPECT_EQ(p.text_of(variant.cases[0].range), "|1 -> One");
  EXPECT_EQ(variant.cases[1].match->binary_op, BinaryOp::kRange);
  EXPECT_EQ(variant.cases[1].label, "Many");
  EXPECT_TRUE(variant.cases[1].is_default);

  const auto& cs = p.statement<ast::Field>(4);
  ASSERT_EQ(cs.attributes.size(), 1u);
  EXPECT_EQ(cs.attributes[0].kind, ast::Attribute::Kind::kChecksum);
  ASSERT_EQ(cs.attributes[0].args.size(), 2u);
  EXPECT_EQ(cs.attributes[0].args[0]->kind, Expr::Kind::kName);
  EXPECT_EQ(cs.attributes[0].args[0]->text, "internet");
  EXPECT_EQ(cs.attributes[0].args[1]->text, "header_end");

  const auto& payload = p.statement<ast::Field>(5);
  EXPECT_EQ(payload.type.size->kind, Expr::Kind::kCall);
  EXPECT_EQ(payload.type.size->text, "remaining");
  EXPECT_TRUE(payload.type.size->operands.empty());
  ASSERT_EQ(payload.attributes.size(), 1u);
  EXPECT_EQ(payload.attributes[0].kind, ast::Attribute::Kind::kPseudoHeader);
  ASSERT_EQ(payload.attributes[0].args.size(), 3u);
  EXPECT_EQ(payload.attributes[0].args[2]->text, "protocol");

  EXPECT_EQ(p.statement<ast::Field>(6).type.name, "label");
  EXPECT_EQ(p.statement<ast::Field>(7).type.name, "dns_name");
}

TEST(ParserTest, Arrays) {
  Parse p(
      "packet p {\n"
      "  a: array (count) { x: uint8; y: uint16; };\n"
      "  b: array bytes (len - 4) { opt: byte; } align(32);\n"
      "  c: array until (kind == 0) { kind: byte; };\n"
      "}\n");
  ASSERT_FALSE(p.diagnostics.has_errors()) << p.errors();
  const auto& a = p.statement<ast::ArrayField>(0);
  EXPECT_EQ(a.name, "a");
  EXPECT_EQ(p.text_of(a.name_range), "a");
  EXPECT_EQ(a.bound_kind, ast::ArrayField::Bound::kCount);
  EXPECT_EQ(a.bound->text, "count");
  ASSERT_EQ(a.body.size(), 2u);
  EXPECT_EQ(std::get<ast::Field>(a.body[1].node).name, "y");
  EXPECT_TRUE(a.attributes.empty());

  const auto& b = p.statement<ast::ArrayField>(1);
  EXPECT_EQ(b.bound_kind, ast::ArrayField::Bound::kBytes);
  EXPECT_EQ(b.bound->binary_op, BinaryOp::kSubtract);
  ASSERT_EQ(b.attributes.size(), 1u);
  EXPECT_EQ(b.attributes[0].kind, ast::Attribute::Kind::kAlign);

  const auto& c = p.statement<ast::ArrayField>(2);
  EXPECT_EQ(c.bound_kind, ast::ArrayField::Bound::kUntil);
  EXPECT_EQ(c.bound->binary_op, BinaryOp::kEqual);
  ASSERT_EQ(c.body.size(), 1u);
}

TEST(ParserTest, EmbeddedPackets) {
  Parse p("packet p { rr: packet dns_rr(); ip: packet ipv4(len - 20, true) align(32); }");
  ASSERT_FALSE(p.diagnostics.has_errors()) << p.errors();
  const auto& rr = p.statement<ast::EmbeddedPacket>(0);
  EXPECT_EQ(rr.name, "rr");
  EXPECT_EQ(rr.packet, "dns_rr");
  EXPECT_EQ(p.text_of(rr.packet_range), "dns_rr");
  EXPECT_TRUE(rr.args.empty());
  const auto& ip = p.statement<ast::EmbeddedPacket>(1);
  ASSERT_EQ(ip.args.size(), 2u);
  EXPECT_EQ(ip.args[0]->binary_op, BinaryOp::kSubtract);
  EXPECT_EQ(ip.args[1]->kind, Expr::Kind::kBoolean);
  EXPECT_TRUE(ip.args[1]->boolean_value);
  ASSERT_EQ(ip.attributes.size(), 1u);
}

TEST(ParserTest, ClassifyCases) {
  Parse p(
      "packet p (bool flag) {\n"
      "  t: byte;\n"
      "  classify (t) {\n"
      "  |1:\"One\" -> a: uint8;\n"
      "  |2..4:\"Few\" when (flag) -> b: uint8; c: uint8;\n"
      "  |true:\"Yes\" -> ();\n"
      "  |\"abc\":\"Text\" -> classify (flag) { |false:\"No\" -> (); };\n"
      "  |_:\"Other\" -> ();\n"
      "  };\n"
      "}\n");
  ASSERT_FALSE(p.diagnostics.has_errors()) << p.errors();
  const auto& classify = p.statement<ast::Classify>(1);
  EXPECT_EQ(classify.subject->text, "t");
  ASSERT_EQ(classify.cases.size(), 5u);
  const ast::ClassifyCase& one = classify.cases[0];
  EXPECT_EQ(one.match->integer_value, 1u);
  EXPECT_EQ(one.label, "One");
  EXPECT_EQ(p.text_of(one.label_range), "\"One\"");
  EXPECT_EQ(one.guard, nullptr);
  ASSERT_EQ(one.body.size(), 1u);
  EXPECT_EQ(p.text_of(one.range), "|1:\"One\" -> a: uint8;");

  const ast::ClassifyCase& few = classify.cases[1];
  EXPECT_EQ(few.match->binary_op, BinaryOp::kRange);
  EXPECT_EQ(few.match->operands[0]->integer_value, 2u);
  EXPECT_EQ(few.match->operands[1]->integer_value, 4u);
  ASSERT_NE(few.guard, nullptr);
  EXPECT_EQ(few.guard->text, "flag");
  EXPECT_EQ(few.body.size(), 2u);

  EXPECT_EQ(classify.cases[2].match->kind, Expr::Kind::kBoolean);
  EXPECT_TRUE(classify.cases[2].match->boolean_value);
  EXPECT_TRUE(std::holds_alternative<ast::Empty>(classify.cases[2].body.at(0).node));

  EXPECT_EQ(classify.cases[3].match->kind, Expr::Kind::kString);
  EXPECT_EQ(classify.cases[3].match->text, "abc");
  const auto& nested = std::get<ast::Classify>(classify.cases[3].body.at(0).node);
  ASSERT_EQ(nested.cases.size(), 1u);
  EXPECT_FALSE(nested.cases[0].match->boolean_value);

  EXPECT_EQ(classify.cases[4].match, nullptr);  // the wildcard
  EXPECT_EQ(classify.cases[4].label, "Other");
}

TEST(ParserTest, ContextualWordsAreOrdinaryNames) {
  Parse p(
      "packet p {\n"
      "  value: uint8 value(value);\n"
      "  checksum: uint16 checksum(internet);\n"
      "  endian: byte; bytes: byte; until: byte; big: byte; little: byte;\n"
      "  variant: uint8 variant { |1 -> value };\n"
      "}\n");
  ASSERT_FALSE(p.diagnostics.has_errors()) << p.errors();
  EXPECT_EQ(p.statement<ast::Field>(0).name, "value");
  EXPECT_EQ(value_of(p, 0).text, "value");
  EXPECT_EQ(p.statement<ast::Field>(1).name, "checksum");
  EXPECT_EQ(p.statement<ast::Field>(1).attributes[0].kind, ast::Attribute::Kind::kChecksum);
  EXPECT_EQ(p.statement<ast::Field>(4).name, "until");
  EXPECT_EQ(p.statement<ast::Field>(7).attributes[0].cases[0].label, "value");
}

TEST(ParserTest, ReservedWordsAreNotNames) {
  Parse p("packet p { classify: uint8; }");
  EXPECT_EQ(p.errors(),
            "test.mpl:1:20: error: unexpected ':', expecting '('\n"
            "packet p { classify: uint8; }\n"
            "                   ^\n");
}

// ---------------------------------------------------------------- expressions

TEST(ParserTest, Precedence) {
  EXPECT_EQ(expr_dump("a + b * c"), "a + (b * c)");
  EXPECT_EQ(expr_dump("a * b + c"), "(a * b) + c");
  EXPECT_EQ(expr_dump("a - b - c"), "(a - b) - c");
  EXPECT_EQ(expr_dump("a / b / c"), "(a / b) / c");
  EXPECT_EQ(expr_dump("(a - (b - c))"), "a - (b - c)");
  EXPECT_EQ(expr_dump("-a * b"), "-a * b");
  EXPECT_EQ(expr_dump("-(a * b)"), "-(a * b)");
  EXPECT_EQ(expr_dump("a || b && c"), "a || (b && c)");
  EXPECT_EQ(expr_dump("a && b || c"), "(a && b) || c");
  EXPECT_EQ(expr_dump("a + 1 < b * 2 && !c"), "((a + 1) < (b * 2)) && !c");
  EXPECT_EQ(expr_dump("1..2 + 3"), "1..(2 + 3)");
  // C's levels, tightest first: unary, * / %, + -, << >>, < <= > >=, == !=, &, ^, |, &&, ||.
  EXPECT_EQ(expr_dump("a % b * c"), "(a % b) * c");
  EXPECT_EQ(expr_dump("a << b + c"), "a << (b + c)");
  EXPECT_EQ(expr_dump("a << b >> c"), "(a << b) >> c");
  EXPECT_EQ(expr_dump("a < b << c"), "a < (b << c)");
  EXPECT_EQ(expr_dump("a < b == c > d"), "(a < b) == (c > d)");
  EXPECT_EQ(expr_dump("a & b == c"), "a & (b == c)");
  EXPECT_EQ(expr_dump("a | b ^ c & d"), "a | (b ^ (c & d))");
  EXPECT_EQ(expr_dump("a ^ b | c"), "(a ^ b) | c");
  EXPECT_EQ(expr_dump("a & b && c | d"), "(a & b) && (c | d)");
  EXPECT_EQ(expr_dump("~a & -b"), "~a & -b");
  EXPECT_EQ(expr_dump("~(a & b)"), "~(a & b)");
}

TEST(ParserTest, ComparisonsDoNotChain) {
  Parse p("packet p { f: uint8 value(a < b < c); }");
  EXPECT_EQ(p.errors(),
            "test.mpl:1:33: error: unexpected '<', expecting '(' or ')' or ','\n"
            "packet p { f: uint8 value(a < b < c); }\n"
            "                                ^\n");
}

TEST(ParserTest, BothOperatorSpellingsBuildTheSameTree) {
  EXPECT_EQ(expr_dump("a && b"), "a && b");
  EXPECT_EQ(expr_dump("a and b"), "a && b");
  EXPECT_EQ(expr_dump("a || b"), "a || b");
  EXPECT_EQ(expr_dump("a or b"), "a || b");
  EXPECT_EQ(expr_dump("!a"), "!a");
  EXPECT_EQ(expr_dump("not a"), "!a");
  EXPECT_EQ(expr_dump("a == 1"), "a == 1");
  EXPECT_EQ(expr_dump("a = 1"), "a == 1");
  EXPECT_EQ(expr_dump("not a or b and c = 2"), "!a || (b && (c == 2))");

  Parse p("packet p { f: uint8 value(x and not y); g: uint8 value(x = y); }");
  ASSERT_FALSE(p.diagnostics.has_errors()) << p.errors();
  const Expr& conj = value_of(p, 0);
  EXPECT_EQ(conj.kind, Expr::Kind::kBinary);
  EXPECT_EQ(conj.binary_op, BinaryOp::kAnd);
  EXPECT_EQ(conj.operands[1]->kind, Expr::Kind::kUnary);
  EXPECT_EQ(conj.operands[1]->unary_op, ast::UnaryOp::kNot);
  EXPECT_EQ(value_of(p, 1).binary_op, BinaryOp::kEqual);
}

TEST(ParserTest, AllOperators) {
  EXPECT_EQ(expr_dump("a != b"), "a != b");
  EXPECT_EQ(expr_dump("a <= b"), "a <= b");
  EXPECT_EQ(expr_dump("a >= b"), "a >= b");
  EXPECT_EQ(expr_dump("a > b"), "a > b");
  EXPECT_EQ(expr_dump("-a"), "-a");
  EXPECT_EQ(expr_dump("1..5"), "1..5");
  EXPECT_EQ(expr_dump("offset(x) / 4"), "offset(x) / 4");
  EXPECT_EQ(expr_dump("sizeof(a) + array_length(b) + remaining()"),
            "(sizeof(a) + array_length(b)) + remaining()");
  EXPECT_EQ(expr_dump("f(1, g(2), 3 + 4)"), "f(1, g(2), 3 + 4)");
}

TEST(ParserTest, ExpressionRanges) {
  Parse p("packet p { f: uint8 value(offset(x) / (a + 4)); }");
  ASSERT_FALSE(p.diagnostics.has_errors()) << p.errors();
  const Expr& e = value_of(p);
  EXPECT_EQ(p.text_of(e.range), "offset(x) / (a + 4)");
  EXPECT_EQ(p.text_of(e.operands[0]->range), "offset(x)");
  EXPECT_EQ(p.text_of(e.operands[0]->operands[0]->range), "x");
  EXPECT_EQ(p.text_of(e.operands[1]->range), "(a + 4)");
  EXPECT_EQ(e.range.file, p.id);
}

TEST(ParserTest, IntegerBases) {
  Parse p(
      "packet p {\n"
      "  a: uint16 const(1500); b: uint16 const(0x86dd); c: uint16 const(0X86DD);\n"
      "  d: uint8 const(0o17); e: uint8 const(017); f: uint8 const(0b1010);\n"
      "  g: uint8 const(0); h: uint8 const(0B11);\n"
      "  i: uint64 const(18446744073709551615); j: uint64 const(0xffffffffffffffff);\n"
      "  k: uint64 const(0x00000000000000000001); l: uint64 const(0o1777777777777777777777);\n"
      "}\n");
  ASSERT_FALSE(p.diagnostics.has_errors()) << p.errors();
  const std::vector<std::uint64_t> expected = {1500,   0x86dd, 0x86dd, 15,         15, 10,
                                               0,      3,      UINT64_MAX, UINT64_MAX, 1,
                                               UINT64_MAX};
  ASSERT_EQ(p.packet().body.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(value_of(p, i).kind, Expr::Kind::kInteger);
    EXPECT_EQ(value_of(p, i).integer_value, expected[i]) << "field " << i;
  }
}

TEST(ParserTest, IntegerErrors) {
  Parse p(
      "packet p {\n"
      "  a: uint64 const(18446744073709551616);\n"
      "  b: uint64 const(0x10000000000000000);\n"
      "  c: uint64 const(0b11111111111111111111111111111111111111111111111111111111111111111);\n"
      "  d: uint8 const(09);\n"
      "  e: uint8 const(0x);\n"
      "  f: uint8 const(12ab);\n"
      "  g: uint8 const(0o8);\n"
      "}\n");
  EXPECT_EQ(p.diagnostics.all().size(), 7u);
  EXPECT_EQ(p.diagnostics.render(p.diagnostics.all().at(0)),
            "test.mpl:2:19: error: integer literal does not fit in 64 bits\n"
            "  a: uint64 const(18446744073709551616);\n"
            "                  ^~~~~~~~~~~~~~~~~~~~\n");
  EXPECT_EQ(p.diagnostics.all().at(1).message, "integer literal does not fit in 64 bits");
  EXPECT_EQ(p.diagnostics.all().at(2).message, "integer literal does not fit in 64 bits");
  EXPECT_EQ(p.diagnostics.all().at(3).message, "invalid integer literal '09'");
  EXPECT_EQ(p.diagnostics.all().at(4).message, "invalid integer literal '0x'");
  EXPECT_EQ(p.diagnostics.all().at(5).message, "invalid integer literal '12ab'");
  EXPECT_EQ(p.diagnostics.all().at(6).message, "invalid integer literal '0o8'");
  // The bad literals still become fields: no syntax errors follow.
  EXPECT_EQ(p.packet().body.size(), 7u);
  EXPECT_EQ(value_of(p, 0).integer_value, 0u);
}

// ---------------------------------------------------------------- strings, comments

TEST(ParserTest, StringEscapes) {
  Parse p(R"(packet p { s: byte[9] const("a\"b\\c\n\r\t\0\x41\xfF"); })");
  ASSERT_FALSE(p.diagnostics.has_errors()) << p.errors();
  const Expr& s = value_of(p);
  EXPECT_EQ(s.kind, Expr::Kind::kString);
  EXPECT_EQ(s.text, std::string("a\"b\\c\n\r\t\0A\xff", 11));
  EXPECT_EQ(p.text_of(s.range), R"("a\"b\\c\n\r\t\0\x41\xfF")");
  EXPECT_EQ(p.dump(),
            "packet p\n  field s: byte[9] const(\"a\\\"b\\\\c\\n\\r\\t\\0A\\xff\")\n");
}

TEST(ParserTest, StringErrors) {
  Parse p(
      "packet p {\n"
      "  a: byte[2] const(\"\\q\");\n"
      "  b: byte[2] const(\"\\x4\");\n"
      "  c: byte[2] const(\"ab);\n"
      "  d: uint8;\n"
      "}\n");
  EXPECT_EQ(p.errors(),
            "test.mpl:2:21: error: unknown escape sequence '\\q'\n"
            "  a: byte[2] const(\"\\q\");\n"
            "                    ^~\n"
            "test.mpl:3:21: error: '\\x' must be followed by two hexadecimal digits\n"
            "  b: byte[2] const(\"\\x4\");\n"
            "                    ^~\n"
            "test.mpl:4:20: error: unterminated string\n"
            "  c: byte[2] const(\"ab);\n"
            "                   ^\n"
            "test.mpl:5:3: error: unexpected identifier 'd', expecting ')' or ','\n"
            "  d: uint8;\n"
            "  ^\n");
}

TEST(ParserTest, UnterminatedStringAtEndOfFileIsReportedOnce) {
  Parse p("packet p { s: byte[2] const(\"ab");
  EXPECT_EQ(p.errors(),
            "test.mpl:1:29: error: unterminated string\n"
            "packet p { s: byte[2] const(\"ab\n"
            "                            ^\n");
}

TEST(ParserTest, Comments) {
  Parse p(
      "// leading comment\n"
      "packet /* inline */ p { // trailing\n"
      "  a: /* multi\n"
      "        line * / still comment */ uint8; // x: uint8;\n"
      "  /* a /* not nested */ b: uint8;\n"
      "}\n"
      "// last line without newline");
  ASSERT_FALSE(p.diagnostics.has_errors()) << p.errors();
  ASSERT_EQ(p.packet().body.size(), 2u);
  EXPECT_EQ(p.statement<ast::Field>(0).type.name, "uint8");
  EXPECT_EQ(p.statement<ast::Field>(1).name, "b");
}

TEST(ParserTest, UnterminatedComment) {
  Parse p("packet p { a: uint8; }\n/* never closed\npacket q {}\n");
  EXPECT_EQ(p.errors(),
            "test.mpl:2:1: error: unterminated comment\n"
            "/* never closed\n"
            "^~\n");
  ASSERT_EQ(p.file.packets.size(), 1u);
}

TEST(ParserTest, StrayCharacters) {
  Parse p("packet p { a: uint8 @; b: uint8 \x01; c: byte & d; }");
  ASSERT_EQ(p.diagnostics.all().size(), 3u) << p.errors();
  EXPECT_EQ(p.diagnostics.all()[0].message, "unexpected character '@'");
  EXPECT_EQ(p.diagnostics.all()[1].message, "unexpected character '\\x01'");
  // `&` is an operator now, but no type can be followed by one.
  EXPECT_EQ(p.diagnostics.all()[2].message, "unexpected '&', expecting identifier or '[' or ';'");
}

TEST(ParserTest, BitwiseOperatorsParse) {
  Parse p("packet p { flags: uint8; x: uint8 value(flags & 3); y: uint8 value(flags % 4 ^ ~1); }");
  EXPECT_FALSE(p.diagnostics.has_errors()) << p.errors();
  EXPECT_EQ(value_of(p, 1).binary_op, BinaryOp::kBitAnd);
  EXPECT_EQ(value_of(p, 2).binary_op, BinaryOp::kBitXor);
  EXPECT_EQ(value_of(p, 2).operands[0]->binary_op, BinaryOp::kRemainder);
  EXPECT_EQ(value_of(p, 2).operands[1]->unary_op, ast::UnaryOp::kComplement);
}

// `|` both starts a case and is an operator: a case's match may use it.
TEST(ParserTest, BitwiseOrInsideCaseAndVariantMatches) {
  Parse p("packet p { f: uint8 variant { |1 | 2 -> Three |0 => Other };\n"
          "  classify (f) { |1 | 4:\"Five\" -> (); |_:\"Rest\" -> (); }; }");
  ASSERT_FALSE(p.diagnostics.has_errors()) << p.errors();
  EXPECT_EQ(expr_dump("a | b | c"), "(a | b) | c");
}

// ---------------------------------------------------------------- contextual word errors

TEST(ParserTest, UnknownAttributeSuggestsNearest) {
  Parse p("packet p { a: uint8 vale(3); }");
  EXPECT_EQ(p.errors(),
            "test.mpl:1:21: error: unknown attribute 'vale'; did you mean 'value'?\n"
            "packet p { a: uint8 vale(3); }\n"
            "                    ^~~~\n");
  ASSERT_EQ(p.packet().body.size(), 1u);  // the field is kept, the attribute dropped
  EXPECT_TRUE(p.statement<ast::Field>(0).attributes.empty());
}

TEST(ParserTest, UnknownAttributeListsKnownOnes) {
  Parse p("packet p { a: uint8 frobnicate(3); b: uint8 checksun(internet); }");
  ASSERT_EQ(p.diagnostics.all().size(), 2u);
  EXPECT_EQ(p.diagnostics.all()[0].message,
            "unknown attribute 'frobnicate'; expected 'value', 'const', 'default', 'min', "
            "'max', 'align', 'variant', 'endian', 'checksum', 'pseudo_header' and 'size'");
  EXPECT_EQ(p.diagnostics.all()[1].message,
            "unknown attribute 'checksun'; did you mean 'checksum'?");
}

TEST(ParserTest, MisusedAttributeForms) {
  Parse p(
      "packet p endian(little) value(3) {\n"
      "  a: uint8 variant(1);\n"
      "  b: uint8 value { |1 -> A };\n"
      "  c: uint16 endian(lttle);\n"
      "  d: uint16 endian(1);\n"
      "  e: array byts (3) { x: byte; };\n"
      "}\n");
  std::vector<std::string> messages;
  for (const Diagnostic& d : p.diagnostics.all()) messages.push_back(d.message);
  EXPECT_EQ(messages, (std::vector<std::string>{
                          "only 'endian' can be applied to a packet",
                          "'variant' takes its cases in braces, e.g. variant { |1 -> Name }",
                          "attribute 'value' takes its arguments in parentheses",
                          "unknown byte order 'lttle'; did you mean 'little'?",
                          "'endian' takes one byte order: endian(big) or endian(little)",
                          "unknown array bound 'byts'; did you mean 'bytes'?",
                      }));
  ASSERT_EQ(p.packet().attributes.size(), 1u);
  EXPECT_EQ(p.packet().body.size(), 5u);
  EXPECT_EQ(p.statement<ast::ArrayField>(4).bound_kind, ast::ArrayField::Bound::kCount);
}

TEST(ParserTest, DirectiveErrors) {
  Parse p(
      "endian big;\n"
      "endian little;\n"
      "endian middle;\n"
      "byteorder big;\n"
      "packet a {}\n"
      "import \"late.mpl\";\n");
  EXPECT_EQ(p.errors(),
            "test.mpl:2:1: error: the file's byte order is already set\n"
            "endian little;\n"
            "^~~~~~~~~~~~~~\n"
            "test.mpl:1:1: note: set here\n"
            "endian big;\n"
            "^~~~~~~~~~~\n"
            "test.mpl:3:8: error: unknown byte order 'middle'; expected 'big' and 'little'\n"
            "endian middle;\n"
            "       ^~~~~~\n"
            "test.mpl:4:1: error: unknown directive 'byteorder'\n"
            "byteorder big;\n"
            "^~~~~~~~~\n"
            "test.mpl:6:1: error: 'import' must come before the first packet\n"
            "import \"late.mpl\";\n"
            "^~~~~~~~~~~~~~~~~~\n");
  EXPECT_EQ(p.file.endian, ast::Endian::kBig);
}

// ---------------------------------------------------------------- syntax errors

TEST(ParserTest, MissingColon) {
  Parse p("packet p {\n  y uint8;\n}\n");
  EXPECT_EQ(p.errors(),
            "test.mpl:2:5: error: unexpected identifier 'uint8', expecting ':'\n"
            "  y uint8;\n"
            "    ^~~~~\n");
}

TEST(ParserTest, MissingSemicolonKeepsTheField) {
  Parse p("packet p {\n  a: uint8\n}\npacket q { b: uint8; }\n");
  EXPECT_EQ(p.errors(),
            "test.mpl:3:1: error: unexpected '}', expecting identifier or '[' or ';'\n"
            "}\n"
            "^\n");
  ASSERT_EQ(p.file.packets.size(), 2u);
  EXPECT_EQ(p.statement<ast::Field>(0).name, "a");
  EXPECT_EQ(p.statement<ast::Field>(0, 1).name, "b");
}

TEST(ParserTest, MissingSemicolonBeforeTheNextFieldIsNamed) {
  // `b` reads as an attribute of `a`; the hint names the likely mistake.
  Parse p("packet p {\n  a: uint8\n  b: uint16;\n}\n");
  EXPECT_EQ(p.errors(),
            "test.mpl:3:4: error: unexpected ':', expecting '{' or '(' (is a ';' missing after the "
            "previous field?)\n"
            "  b: uint16;\n"
            "   ^\n");
}

TEST(ParserTest, MissingExpression) {
  Parse p("packet p { a: uint8 value(1 +); }");
  EXPECT_EQ(p.errors(),
            "test.mpl:1:30: error: unexpected ')', expecting expression\n"
            "packet p { a: uint8 value(1 +); }\n"
            "                             ^\n");
}

TEST(ParserTest, UnexpectedEndOfFile) {
  Parse p("packet p { a: uint8;");
  EXPECT_EQ(p.errors(),
            "test.mpl:1:21: error: unexpected end of file, expecting identifier or "
            "'classify' or '}' or '('\n"
            "packet p { a: uint8;\n"
            "                    ^\n");
}

TEST(ParserTest, MultipleErrorsInOneFileAreAllReported) {
  Parse p(
      "packet a {\n"
      "  x uint8;\n"                                 // 2: missing ':'
      "  y: uint8;\n"
      "  z: byte[len;\n"                             // 4: missing ']'
      "  w: uint8;\n"
      "  classify (y) {\n"
      "  |1 \"One\" -> q: uint8;\n"                  // 7: missing ':'
      "  |2:\"Two\" -> r: uint8 +;\n"                // 8: stray operator
      "  };\n"
      "}\n"
      "packet b ( int n { m: uint8; }\n"             // 11: missing ')'
      "packet c { k: uint8 }\n"                      // 12: missing ';'
      "packet d { ok: uint8; }\n");
  std::vector<std::uint32_t> lines;
  for (const Diagnostic& d : p.diagnostics.all()) {
    lines.push_back(p.sources.line_column(d.range.file, d.range.begin).line);
  }
  EXPECT_EQ(lines, (std::vector<std::uint32_t>{2, 4, 7, 8, 11, 12})) << p.errors();
  // What parsed is kept.
  std::vector<std::string> packets;
  for (const ast::Packet& packet : p.file.packets) packets.push_back(packet.name);
  EXPECT_EQ(packets, (std::vector<std::string>{"a", "c", "d"}));
  EXPECT_EQ(p.statement<ast::Field>(0, 0).name, "y");
  EXPECT_EQ(p.statement<ast::Field>(0, 1).name, "k");
}

TEST(ParserTest, StrayClosingBraceKeepsThePacket) {
  Parse p("packet a { x: uint8; } }\npacket b {}");
  EXPECT_EQ(p.errors(),
            "test.mpl:1:24: error: unexpected '}'\n"
            "packet a { x: uint8; } }\n"
            "                       ^\n");
  ASSERT_EQ(p.file.packets.size(), 2u);
}

// ---------------------------------------------------------------- whole specs

constexpr const char* kEthernetSpec = R"(// Ethernet, IPv4 and ICMP in the style of the MPL paper.
packet ethernet {
  dest_mac: byte[6];
  src_mac: byte[6];
  length: uint16 value(offset(end_of_packet) - offset(length));
  classify (length) {
  |0..1500:"E802_2" ->
     data: byte[length];
  |1536..65535:"E802_3" ->
     eth_type: uint16 variant { |0x0800 -> IPv4 |0x86dd -> IPv6 |0x0806 => ARP };
     data: byte[remaining()];
  };
  end_of_packet: label;
}

packet ipv4 {
  version: bit[4] const(4);
  ihl: bit[4] value(offset(options) / 4) min(5);
  tos_precedence: bit[3] variant {
    |0 => Routine |1 -> Priority |2 -> Immediate |3 -> Flash
    |4 -> Flash_override |5 -> Critical |6 -> Internetwork_control |7 -> Network_control
  };
  tos_delay: bit[1] variant { |0 => Normal |1 -> Low };
  tos_throughput: bit[1] variant { |0 => Normal |1 -> High };
  tos_reliability: bit[1] variant { |0 => Normal |1 -> High };
  tos_reserved: bit[2] const(0);
  length: uint16 value(offset(data));
  id: uint16;
  reserved: bit[1] const(0);
  dont_fragment: bit[1] default(0);
  can_fragment: bit[1] default(0);
  frag_offset: bit[13] default(0);
  ttl: byte default(64);
  protocol: byte variant { |1 -> ICMP |2 -> IGMP |6 -> TCP |17 -> UDP };
  checksum: uint16 checksum(internet, header_end);
  src: uint32;
  dest: uint32;
  options: byte[(ihl * 4) - offset(dest)] align(32);
  header_end: label;
  data: byte[length - (ihl * 4)] pseudo_header(src, dest, protocol);
}

packet icmp {
  ptype: byte;
  code: byte default(0);
  checksum: uint16 checksum(internet);
  classify (ptype) {
  |0:"EchoReply" ->
     identifier: uint16;
     sequence: uint16;
     data: byte[remaining()];
  |8:"EchoRequest" ->
     identifier: uint16;
     sequence: uint16;
     data: byte[remaining()];
  |3:"DestinationUnreachable" when (code <= 15) ->
     reserved: uint32 const(0);
     ip_header: packet ipv4();
  |_:"Unknown" -> ();
  };
}
)";

TEST(ParserTest, PaperStyleSpecs) {
  Parse p(kEthernetSpec);
  ASSERT_FALSE(p.diagnostics.has_errors()) << p.errors();
  ASSERT_EQ(p.file.packets.size(), 3u);
  EXPECT_EQ(p.packet(0).body.size(), 5u);
  const auto& ethernet_classify = p.statement<ast::Classify>(3, 0);
  ASSERT_EQ(ethernet_classify.cases.size(), 2u);
  EXPECT_EQ(ethernet_classify.cases[1].body.size(), 2u);
  const auto& ipv4 = p.packet(1);
  EXPECT_EQ(ipv4.body.size(), 21u);
  const auto& ihl = p.statement<ast::Field>(1, 1);
  EXPECT_EQ(ihl.attributes.at(0).kind, ast::Attribute::Kind::kValue);
  EXPECT_EQ(ihl.attributes.at(1).kind, ast::Attribute::Kind::kMin);
  EXPECT_EQ(p.statement<ast::Field>(2, 1).attributes.at(0).cases.size(), 8u);
  const auto& checksum = p.statement<ast::Field>(15, 1);
  EXPECT_EQ(checksum.name, "checksum");
  EXPECT_EQ(checksum.attributes.at(0).kind, ast::Attribute::Kind::kChecksum);
  const auto& icmp_classify = p.statement<ast::Classify>(3, 2);
  ASSERT_EQ(icmp_classify.cases.size(), 4u);
  EXPECT_NE(icmp_classify.cases[2].guard, nullptr);
  EXPECT_EQ(std::get<ast::EmbeddedPacket>(icmp_classify.cases[2].body.at(1).node).packet, "ipv4");
  EXPECT_EQ(icmp_classify.cases[3].match, nullptr);
}

TEST(ParserTest, DumpFormat) {
  Parse p(
      "endian little;\n"
      "import \"base.mpl\";\n"
      "custom name = \"my::Name\";\n"
      "packet p (int n, bool b) endian(big) {\n"
      "  v: bit[4] const(4) variant { |1 -> A |2 => B };\n"
      "  w: bit[4];\n"
      "  items: array bytes (n - 2) { k: byte; } align(16);\n"
      "  rr: packet q(n + 1, !b);\n"
      "  classify (v) {\n"
      "  |1..3:\"Low\" when (b and w = 0) -> ();\n"
      "  |_:\"Rest\" -> s: byte[2] const(\"a\\n\");\n"
      "  };\n"
      "}\n");
  ASSERT_FALSE(p.diagnostics.has_errors()) << p.errors();
  EXPECT_EQ(p.dump(),
            "endian little\n"
            "import \"base.mpl\"\n"
            "custom name = \"my::Name\"\n"
            "packet p (int n, bool b) endian(big)\n"
            "  field v: bit[4] const(4) variant { |1 -> A |2 => B }\n"
            "  field w: bit[4]\n"
            "  array items: bytes(n - 2) align(16)\n"
            "    field k: byte\n"
            "  packet rr: q(n + 1, !b)\n"
            "  classify (v)\n"
            "    case 1..3: \"Low\" when (b && (w == 0))\n"
            "      ()\n"
            "    case _: \"Rest\"\n"
            "      field s: byte[2] const(\"a\\n\")\n");
}

// ---------------------------------------------------------------- robustness

// Every diagnostic must point into the file, and rendering must work.
void expect_sane(const Parse& p) {
  auto size = static_cast<std::uint32_t>(p.sources.text(p.id).size());
  for (const Diagnostic& d : p.diagnostics.all()) {
    EXPECT_LE(d.range.begin, d.range.end);
    EXPECT_LE(d.range.end, size);
    EXPECT_EQ(d.range.file, p.id);
  }
  EXPECT_FALSE(p.errors().empty() && p.diagnostics.has_errors());
  EXPECT_FALSE(p.dump().empty() && !p.file.packets.empty());
}

TEST(ParserTest, EveryTruncationParsesOrReports) {
  std::string spec = kEthernetSpec;
  // Byte spans [open brace, closing brace] of each packet: a cut inside one
  // leaves the packet unclosed, which must be reported.
  std::vector<std::pair<std::size_t, std::size_t>> bodies;
  for (std::size_t at = spec.find("packet "); at != std::string::npos;
       at = spec.find("\npacket ", at + 1)) {
    std::size_t open = spec.find('{', at);
    std::size_t close = spec.find("\n}\n", open) + 1;
    bodies.emplace_back(open, close);
  }
  ASSERT_EQ(bodies.size(), 3u);
  for (std::size_t length = 0; length <= spec.size(); ++length) {
    Parse p(spec.substr(0, length));
    expect_sane(p);
    for (auto [open, close] : bodies) {
      if (length > open && length <= close) {
        EXPECT_TRUE(p.diagnostics.has_errors()) << "cut at " << length;
      }
    }
  }
}

TEST(ParserTest, RandomBytesNeverCrash) {
  std::mt19937 random(20070321);
  std::uniform_int_distribution<int> length(0, 120);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    int n = length(random);
    for (int j = 0; j < n; ++j) text += static_cast<char>(byte(random));
    Parse p(text);
    expect_sane(p);
  }
}

TEST(ParserTest, RandomTokenSoupNeverCrashes) {
  // Random sequences of real tokens reach far deeper into the grammar (and
  // its error recovery) than random bytes do.
  const std::vector<std::string> tokens = {
      "packet", "classify", "array", "when", "import", "custom", "int", "bool", "true",
      "false", "and", "or", "not", "_", "{", "}", "(", ")", "[", "]", ";", ":", ",", "|",
      "->", "=>", "..", "==", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "!",
      "&&", "||", "x", "value", "variant", "endian", "little", "bytes", "uint8", "7",
      "0x1f", "\"s\"", "/* c */", "// c\n", "\""};
  std::mt19937 random(42);
  std::uniform_int_distribution<std::size_t> pick(0, tokens.size() - 1);
  std::uniform_int_distribution<int> length(0, 60);
  int clean = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string text;
    int n = length(random);
    for (int j = 0; j < n; ++j) text += tokens[pick(random)] + " ";
    Parse p(text);
    expect_sane(p);
    if (!p.diagnostics.has_errors()) ++clean;
  }
  // Almost every soup is malformed; the point is that none crashes or hangs.
  EXPECT_LT(clean, 2000);
}

// Hostile depth: a long operator chain or a run of prefix operators would
// build a tree deep enough to overflow the stack when walked or destroyed.
// It is cut at ast::kMaxExpressionDepth with one error, whatever its length.
TEST(ParserTest, OverlyDeepExpressionsAreOneErrorNotACrash) {
  for (const char* piece : {"a+", "!", "-", "f("}) {
    std::string expression;
    for (int i = 0; i < 100000; ++i) expression += piece;
    expression += "1";
    if (std::string(piece) == "f(") expression += std::string(100000, ')');
    Parse p("packet p { a: uint8; b: uint8 value(" + expression + "); }");
    ASSERT_EQ(p.diagnostics.error_count(), 1u) << piece;
    EXPECT_NE(p.errors().find("error: expression nested more than 256 levels deep"), std::string::npos)
        << p.errors().substr(0, 300);
  }
}

TEST(ParserTest, ExpressionsUpToTheDepthLimitParse) {
  std::string expression = "1";
  for (std::uint32_t i = 1; i < ast::kMaxExpressionDepth; ++i) expression = "!" + expression;
  Parse p("packet p { a: bit[1]; b: uint8 value(" + expression + "); c: bit[7]; }");
  EXPECT_EQ(p.errors().find("nested more than"), std::string::npos) << p.errors().substr(0, 300);
}

TEST(ParserTest, DeepNestingParses) {
  std::string expression;
  for (int i = 0; i < 200; ++i) expression += "(";
  expression += "1";
  for (int i = 0; i < 200; ++i) expression += ")";
  Parse p("packet p { a: uint8 value(" + expression + "); }");
  ASSERT_FALSE(p.diagnostics.has_errors()) << p.errors();
  EXPECT_EQ(value_of(p).integer_value, 1u);
}

}  // namespace
}  // namespace mplc
