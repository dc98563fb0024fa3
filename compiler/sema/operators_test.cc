// Bitwise, shift and remainder operators: typing and exact constant folding
// (issue 14); uint24. Parsing and precedence are in syntax/parser_test.cc; what the
// generated code computes is checked by tests/operators/.
#include <gtest/gtest.h>

#include <string>

#include "sema/analysis_for_test.h"

namespace mplc::sema {
namespace {

using Analysis = TextAnalysis;

// The folded const() of a one-field packet `x: uint64 const(<expression>)`,
// as the signed value it stands for; fails the test on any diagnostic.
__extension__ using Exact = __int128;
Exact fold(const std::string& expression) {
  Analysis a("packet p {\n  x: uint64 const(" + expression + ");\n}\n");
  EXPECT_EQ(a.rendered(), "") << expression;
  if (a.diagnostics.has_errors()) return -12345;
  const Expr& e = *a.field(0).const_value;
  EXPECT_TRUE(e.constant.has_value()) << expression;
  if (!e.constant) return -12345;
  return e.negative ? static_cast<Exact>(*e.constant) - (static_cast<Exact>(1) << 64)
                    : static_cast<Exact>(*e.constant);
}

// The first line of the diagnostics for `x: uint64 const(<expression>)`.
std::string error(const std::string& expression) {
  std::string all = Analysis("packet p {\n  x: uint64 const(" + expression + ");\n}\n").rendered();
  return all.substr(0, all.find('\n'));
}

TEST(SemaOperators, FoldLikeC) {
  EXPECT_EQ(fold("0xF0 & 0x3C"), 0x30);
  EXPECT_EQ(fold("0xF0 | 0x0F"), 0xFF);
  EXPECT_EQ(fold("0xFF ^ 0x0F"), 0xF0);
  EXPECT_EQ(fold("1 << 63"), static_cast<Exact>(1) << 63);
  EXPECT_EQ(fold("0xFFFFFFFFFFFFFFFF >> 63"), 1);
  EXPECT_EQ(fold("1000 >> 100"), 0);
  EXPECT_EQ(fold("17 % 5"), 2);
  // A uint64 const may not be negative: negative intermediates are shifted back.
  EXPECT_EQ(fold("~0 + 1"), 0);
  EXPECT_EQ(fold("~0xFF & 0xFFFF"), 0xFF00);
  // Precedence as in C: & binds tighter than ^, ^ than |; shifts looser than +.
  EXPECT_EQ(fold("1 | 2 ^ 3 & 6"), 1 | (2 ^ (3 & 6)));
  EXPECT_EQ(fold("1 << 2 + 1"), 8);
  EXPECT_EQ(fold("7 + 10 % 4 * 3"), 7 + 10 % 4 * 3);
  // Negative operands of & | ^ are taken in unbounded two's complement.
  EXPECT_EQ(fold("-8 & 0xFF"), 0xF8);
  EXPECT_EQ(fold("(-1 ^ 5) + 6"), 0);
  EXPECT_EQ(fold("(-9223372036854775807 - 1 | 1) + 9223372036854775807"), 0);
}

TEST(SemaOperators, OverflowAndUndefinedCasesAreLocatedErrors) {
  EXPECT_EQ(error("1 << 64"),
            "test.mpl:2:19: error: constant expression 1 << 64 overflows: constants must lie between "
            "-9223372036854775808 and 18446744073709551615");
  // The bad operand is underlined, not the whole expression.
  EXPECT_EQ(error("1 << 200"), "test.mpl:2:24: error: shift by 200: a shift amount must lie between 0 and 127");
  EXPECT_EQ(error("4 >> -1"), "test.mpl:2:24: error: shift by -1: a shift amount must lie between 0 and 127");
  EXPECT_EQ(error("-4 >> 1"),
            "test.mpl:2:19: error: in -4 >> 1: right shift of the negative number -4: '>>' takes a non-negative "
            "left operand");
  EXPECT_EQ(error("7 % (3 - 3)"), "test.mpl:2:23: error: remainder by zero");
  EXPECT_EQ(error("-7 % 2"),
            "test.mpl:2:19: error: in -7 % 2: remainder of a negative number (-7): '%' takes non-negative "
            "operands");
  EXPECT_EQ(error("~18446744073709551615"),
            "test.mpl:2:19: error: the constant ~18446744073709551615 overflows: constants must lie between "
            "-9223372036854775808 and 18446744073709551615");
  EXPECT_EQ(error("-1 ^ 18446744073709551615"),
            "test.mpl:2:19: error: constant expression -1 ^ 18446744073709551615 overflows: constants must lie "
            "between -9223372036854775808 and 18446744073709551615");
}

// A constant zero divisor or bad shift amount is wrong whatever the field
// beside it holds.
TEST(SemaOperators, ConstantRightOperandsAreCheckedBesideFields) {
  const std::string head = "packet p {\n  n: uint8;\n  x: uint64 value(";
  auto first = [&](const std::string& e) {
    std::string all = Analysis(head + e + ");\n}\n").rendered();
    return all.substr(0, all.find('\n'));
  };
  EXPECT_EQ(first("n % 0"), "test.mpl:3:23: error: remainder by zero");
  EXPECT_EQ(first("n / 0"), "test.mpl:3:23: error: division by zero");
  EXPECT_EQ(first("n << 128"), "test.mpl:3:24: error: shift by 128: a shift amount must lie between 0 and 127");
  EXPECT_EQ(first("n >> 127"), "");
}

TEST(SemaOperators, OperandsMustBeIntegers) {
  EXPECT_EQ(error("true & 1"), "test.mpl:2:19: error: operand of '&' must be an integer, not a boolean");
  EXPECT_EQ(error("~true"), "test.mpl:2:20: error: operand of '~' must be an integer, not a boolean");
}

TEST(SemaOperators, EveryPlaceTakesThem) {
  Analysis a(R"(packet p {
  flags: uint8;
  data: byte[(flags & 0x0F) << 2];
  low: bit[4] value(sizeof(data) >> 2 & 0xF);
  high: bit[4] const(0xA5 >> 4);
  n: uint8 value(array_length(items) % 256);
  items: array (n ^ 0) { v: uint8; };
  classify (flags & 0x80) {
    |0x80:"High" when (flags % 2 == 1) -> h: uint8;
    |_:"Other" -> ();
  };
}
)");
  // (A warning says the builder cannot fill `flags`: a plain field used as a size.)
  EXPECT_FALSE(a.diagnostics.has_errors()) << a.rendered();
  EXPECT_EQ(*a.field(3).const_value->constant, 0xAu);
}

// uint24 (TLS's length type) is bit[24]: 3 bytes, big-endian, no size.
TEST(SemaUint24, IsTwentyFourBitField) {
  Analysis a("packet p {\n  length: uint24 value(sizeof(body));\n  body: byte[length];\n}\n");
  EXPECT_EQ(a.rendered(), "");
  EXPECT_EQ(a.field(0).type.kind, Type::Kind::kBits);
  EXPECT_EQ(a.field(0).type.width, 24u);
  EXPECT_EQ(Analysis("packet p {\n  x: uint24[3];\n}\n").rendered().substr(0, 56),
            "test.mpl:2:13: error: type 'uint24' takes no size\n  x: u");
  EXPECT_NE(Analysis("packet p {\n  x: uint12;\n}\n").rendered().find("write bit[12]"), std::string::npos);
}

}  // namespace
}  // namespace mplc::sema
