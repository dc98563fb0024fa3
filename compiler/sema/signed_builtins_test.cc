// Signed integers and the Melange built-in types in analysis (issue 14):
// types and ranges, the signedness of expressions, and a user declaration
// of a built-in name taking precedence. Error texts are in the diagnostics
// catalogue (tests/diagnostics/sema/signed-*.mpl); generated code is
// checked by tests/codec/signed_ints_test.cc and melange_builtins_test.cc.
#include <gtest/gtest.h>

#include <string>

#include "sema/analysis_for_test.h"

namespace mplc::sema {
namespace {

using Analysis = TextAnalysis;

TEST(SemaSigned, TypesAndNegativeConstants) {
  Analysis a(
      "packet p {\n"
      "  a: int8 min(-128) max(127);\n"
      "  b: int16 const(-2);\n"
      "  c: int32 default(-5);\n"
      "  d: int64 min(-9223372036854775808);\n"
      "  e: int16 endian(little) variant { |-3..-1 -> Neg |0 => Zero };\n"
      "}\n");
  ASSERT_EQ(a.rendered(), "");
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(a.field(i).type.kind, Type::Kind::kUint);
    EXPECT_TRUE(a.field(i).type.is_signed);
  }
  EXPECT_EQ(a.field(0).type.width, 8u);
  EXPECT_EQ(static_cast<std::int64_t>(*a.field(0).min_int), -128);
  EXPECT_EQ(static_cast<std::int64_t>(*a.field(1).const_int), -2);
  EXPECT_EQ(static_cast<std::int64_t>(*a.field(2).default_int), -5);
  EXPECT_EQ(*a.field(3).min_int, std::uint64_t{1} << 63);
  EXPECT_EQ(static_cast<std::int64_t>(a.field(4).variant->cases[0].low), -3);
  EXPECT_EQ(a.field(4).endian, Endian::kLittle);
}

TEST(SemaSigned, OutOfRangeAndUnsignedNegativeStillRefused) {
  EXPECT_NE(Analysis("packet p { a: int8 const(128); }\n").rendered(), "");
  EXPECT_NE(Analysis("packet p { a: int8 const(-129); }\n").rendered(), "");
  EXPECT_NE(Analysis("packet p { a: int64 const(9223372036854775808); }\n").rendered(), "");
  EXPECT_NE(Analysis("packet p { a: uint8 const(-1); }\n").rendered(), "");
  EXPECT_NE(Analysis("packet p { t: uint8; classify (t) { |-1:\"N\" -> (); |_:\"O\" -> (); }; }\n").rendered(), "");
  // Signed ranges overlap as signed numbers.
  EXPECT_NE(Analysis("packet p { t: int8; classify (t) { |-5..5:\"A\" -> (); |-1:\"B\" -> (); }; }\n").rendered(), "");
  EXPECT_EQ(Analysis("packet p { t: int8; classify (t) { |-5..-1:\"A\" -> (); |0..5:\"B\" -> (); }; }\n").rendered(), "");
}

// C's rules between int64_t and uint64_t: signed only when every operand is.
TEST(SemaSigned, ExpressionSignedness) {
  Analysis a(
      "packet p {\n"
      "  s: int8;\n"
      "  u: uint8;\n"
      "  v1: int16 value(s + 1);\n"
      "  v2: int16 value(s + u);\n"
      "  v3: int16 value(-s);\n"
      "  v4: int16 value(s >> u);\n"
      "  v5: int16 value(u << s);\n"
      "  v6: int16 value(s * sizeof(u));\n"
      "}\n");
  ASSERT_EQ(a.rendered(), "");
  EXPECT_TRUE(a.field(2).value->is_signed);
  EXPECT_FALSE(a.field(3).value->is_signed);
  EXPECT_TRUE(a.field(4).value->is_signed);
  EXPECT_TRUE(a.field(5).value->is_signed);   // a shift takes its left operand's type
  EXPECT_FALSE(a.field(6).value->is_signed);
  EXPECT_FALSE(a.field(7).value->is_signed);  // sizeof() is unsigned
}

TEST(SemaMelangeBuiltins, UsedWithoutDeclaration) {
  Analysis a(
      "packet p {\n"
      "  a: string8; b: string32; c: mpint; d: boolean; e: dns_label; f: dns_label_comp;\n"
      "}\n");
  ASSERT_EQ(a.rendered(), "");
  const char* types[] = {"mpl::melange::string8", "mpl::melange::string32", "mpl::ssh::mpint",
                         "mpl::melange::boolean", "mpl::dns_name_uncompressed", "mpl::dns_name"};
  for (std::size_t i = 0; i < 6; ++i) {
    ASSERT_EQ(a.field(i).type.kind, Type::Kind::kCustom) << i;
    EXPECT_EQ(a.field(i).type.custom->cpp_type, types[i]);
  }
}

TEST(SemaMelangeBuiltins, UserDeclarationTakesPrecedence) {
  Analysis a(
      "custom boolean = \"app::Flag\" header \"app/flag.h\";\n"
      "packet p { a: boolean; b: boolean; c: string8; }\n");
  ASSERT_EQ(a.rendered(), "");
  EXPECT_EQ(a.field(0).type.custom->cpp_type, "app::Flag");
  EXPECT_EQ(a.field(1).type.custom, a.field(0).type.custom);
  EXPECT_EQ(a.field(2).type.custom->cpp_type, "mpl::melange::string8");
  // One custom type per name, declared once however often it is used.
  EXPECT_EQ(a.model->custom_types.size(), 2u);
}

}  // namespace
}  // namespace mplc::sema
