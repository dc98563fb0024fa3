// Hostile specs (issue 18): constant folding with overflow detection, sizes
// and counts that cannot be, C++ name collisions, and the limits on nesting,
// embedding and width. tests/cli/hostile_specs.py runs the same kinds of
// spec through the real mplc and compiles what it generates.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "sema/analysis_for_test.h"

namespace mplc::sema {
namespace {

using Analysis = TextAnalysis;

// The first line of the first diagnostic: "test.mpl:L:C: error: ...".
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// ---------------------------------------------------------------- constant folding

TEST(HostileConstants, FoldsExactlyAcrossTheWholeRange) {
  Analysis max("packet p {\n  x: uint64 const(18446744073709551615);\n}\n");
  EXPECT_EQ(max.rendered(), "");
  EXPECT_EQ(max.field(0).const_int, 18446744073709551615u);

  // -2^63 / -1 is 2^63: no 64-bit type holds both operands and the result,
  // the exact fold does.
  Analysis quotient("packet p {\n  x: uint64 const((0 - 9223372036854775807 - 1) / (0 - 1));\n}\n");
  EXPECT_EQ(quotient.rendered(), "");
  EXPECT_EQ(quotient.field(0).const_int, 9223372036854775808u);

  Analysis back("packet p {\n  x: byte[3 - 5 + 10];\n}\n");
  EXPECT_EQ(back.rendered(), "");
  EXPECT_EQ(*back.field(0).type.size->constant, 8u);
  EXPECT_FALSE(back.field(0).type.size->negative);
}

TEST(HostileConstants, OverflowIsAnErrorNotAWrappedValue) {
  EXPECT_EQ(first_line(Analysis("packet p {\n  x: byte[18446744073709551615 + 1];\n}\n").rendered()),
            "test.mpl:2:11: error: constant expression 18446744073709551615 + 1 overflows: constants must lie "
            "between -9223372036854775808 and 18446744073709551615");
  EXPECT_EQ(first_line(Analysis("packet p {\n  x: byte[4294967296 * 4294967296];\n}\n").rendered()),
            "test.mpl:2:11: error: constant expression 4294967296 * 4294967296 overflows: constants must lie "
            "between -9223372036854775808 and 18446744073709551615");
  // Products of two values near 2^64 overflow 128 bits too.
  EXPECT_NE(Analysis("packet p {\n  x: byte[18446744073709551615 * 18446744073709551615];\n}\n")
                .rendered()
                .find("overflows"),
            std::string::npos);
  EXPECT_NE(Analysis("packet p {\n  x: byte[0 - 9223372036854775807 - 2];\n}\n").rendered().find("overflows"),
            std::string::npos);
  EXPECT_EQ(first_line(Analysis("packet p {\n  x: uint64 const(-18446744073709551615);\n}\n").rendered()),
            "test.mpl:2:19: error: the constant -18446744073709551615 overflows: constants must lie between "
            "-9223372036854775808 and 18446744073709551615");
}

// ---------------------------------------------------------------- sizes and counts

TEST(HostileSizes, NegativeAndOversizedSizesAndCountsAreRefused) {
  EXPECT_EQ(first_line(Analysis("packet p {\n  x: byte[-1];\n}\n").rendered()),
            "test.mpl:2:11: error: the size of byte string 'x' is negative (-1)");
  EXPECT_EQ(first_line(Analysis("packet p {\n  x: byte[0 - 9223372036854775807 - 1];\n}\n").rendered()),
            "test.mpl:2:11: error: the size of byte string 'x' is negative (-9223372036854775808)");
  EXPECT_EQ(first_line(Analysis("packet p {\n  x: byte[9223372036854775808];\n}\n").rendered()),
            "test.mpl:2:11: error: the size of byte string 'x' is 9223372036854775808 bytes, more than the limit of "
            "4294967295");
  EXPECT_EQ(Analysis("packet p {\n  x: byte[4294967295];\n}\n").rendered(), "");
  EXPECT_EQ(first_line(Analysis("packet p {\n  a: array(-1) { x: byte; };\n}\n").rendered()),
            "test.mpl:2:12: error: the count of array 'a' is negative (-1)");
  EXPECT_EQ(first_line(Analysis("packet p {\n  a: array bytes(2 - 3) { x: byte; };\n}\n").rendered()),
            "test.mpl:2:18: error: the byte length of array 'a' is negative (-1)");
}

TEST(HostileSizes, NegativeValuesOfUnsignedFieldsAreRefused) {
  EXPECT_EQ(first_line(Analysis("packet p {\n  x: uint64 const(-1);\n}\n").rendered()),
            "test.mpl:2:19: error: const value -1 is negative; 'x' is unsigned");
  EXPECT_EQ(first_line(Analysis("packet p {\n  x: byte variant { |-1 -> A };\n}\n").rendered()),
            "test.mpl:2:22: error: variant value -1 of 'A' is negative; 'x' is unsigned");
  EXPECT_EQ(first_line(Analysis("packet p {\n  t: byte;\n  classify (t) {\n  |-2:\"A\" -> ();\n  };\n}\n")
                           .rendered()),
            "test.mpl:4:4: error: the match of case 'A' is negative (-2); the subject is unsigned");
}

// ---------------------------------------------------------------- structure

TEST(HostileStructure, EmptyClassifyIsRefused) {
  EXPECT_EQ(first_line(Analysis("packet p {\n  t: byte;\n  classify (t) { };\n}\n").rendered()),
            "test.mpl:3:3: error: classify on 't' has no cases; give it at least one, e.g. |_:\"Other\" -> ();");
}

TEST(HostileStructure, EveryEmbeddingCycleIsRefused) {
  EXPECT_EQ(first_line(Analysis("packet p {\n  n: byte value(array_length(a));\n  a: array(n) { x: packet p(); };\n}\n").rendered()),
            "test.mpl:3:17: error: packet 'p' contains itself (p -> p) through array 'a'; a view holds an "
            "embedded packet by value, so recursive packets are not supported");
  // Through one case only: the other case would end it, but the view still
  // cannot hold itself.
  EXPECT_EQ(first_line(Analysis("packet p {\n  t: byte;\n  classify (t) {\n  |0:\"A\" -> ();\n"
                                "  |_:\"B\" -> q: packet q();\n  };\n}\npacket q {\n  r: packet p();\n}\n")
                           .rendered()),
            "test.mpl:9:3: error: packet 'p' contains itself (p -> q -> p) through classify case 'B'; a view holds "
            "an embedded packet by value, so recursive packets are not supported");
}

std::string chain(std::size_t packets) {
  std::string text;
  for (std::size_t i = 0; i + 1 < packets; ++i) text += fmt::format("packet p{} {{ n: packet p{}(); }}\n", i, i + 1);
  return text + fmt::format("packet p{} {{ x: byte; }}\n", packets - 1);
}

TEST(HostileStructure, EmbeddingChainsAreBounded) {
  EXPECT_EQ(Analysis(chain(kMaxEmbeddingDepth)).rendered(), "");
  Analysis deep(chain(kMaxEmbeddingDepth + 1));
  EXPECT_EQ(first_line(deep.rendered()),
            "test.mpl:1:13: error: packets embedded more than 64 deep: 'p0' embeds 'p1', which holds a chain of 64 "
            "embedded packets");
  // Far past the limit: one error, no recursion.
  EXPECT_EQ(Analysis(chain(20000)).diagnostics.error_count(), 1u);
}

std::string nested_arrays(std::size_t depth) {
  std::string text = "packet p {\n";
  for (std::size_t i = 0; i < depth; ++i) text += "a: array(1) {\n";
  text += "x: byte;\n";
  for (std::size_t i = 0; i < depth; ++i) text += "};\n";
  return text + "}\n";
}

TEST(HostileStructure, NestingIsBoundedWithOneError) {
  EXPECT_EQ(Analysis(nested_arrays(ast::kMaxNestingDepth)).diagnostics.error_count(), 0u);
  Analysis over(nested_arrays(ast::kMaxNestingDepth + 1));
  EXPECT_EQ(first_line(over.rendered()), "test.mpl:2:1: error: arrays and classify cases nested more than 64 "
                                         "levels deep");
  EXPECT_EQ(over.diagnostics.error_count(), 1u);
  EXPECT_EQ(Analysis(nested_arrays(30000)).diagnostics.error_count(), 1u);
}

TEST(HostileStructure, WideBlocksAndClassifiesAreBounded) {
  std::string fields = "packet p {\n";
  for (std::size_t i = 0; i <= ast::kMaxItemsPerBlock; ++i) fields += fmt::format("f{}: byte;\n", i);
  Analysis wide(fields + "}\n");
  EXPECT_EQ(first_line(wide.rendered()), "test.mpl:65538:1: error: more than 65536 items in one block; split it "
                                         "into embedded packets");
  EXPECT_EQ(wide.diagnostics.error_count(), 1u);

  std::string cases = "packet p {\n  t: uint16;\n  classify (t) {\n";
  for (std::size_t i = 0; i <= ast::kMaxCasesPerClassify + 10; ++i) cases += fmt::format("|{}:\"C{}\" -> ();\n", i, i);
  Analysis many(cases + "};\n}\n");
  EXPECT_EQ(first_line(many.rendered()), "test.mpl:4100:1: error: more than 4096 cases in one classify");
  EXPECT_EQ(many.diagnostics.error_count(), 1u);
}

// ---------------------------------------------------------------- C++ names

TEST(HostileNames, NamesThatCollideInCppAreRefusedWithARename) {
  EXPECT_EQ(first_line(Analysis("packet class {\n  x: byte;\n}\n").rendered()),
            "test.mpl:1:8: error: packet name 'class' is reserved in C++ (a keyword or standard macro) and cannot "
            "name the generated struct; rename the packet, e.g. 'class_packet'");
  EXPECT_EQ(first_line(Analysis("packet std {\n  x: byte;\n}\n").rendered()),
            "test.mpl:1:8: error: packet name 'std' would hide the C++ namespace 'std' that the generated code "
            "uses; rename the packet, e.g. 'std_packet'");
  EXPECT_NE(Analysis("packet mpl {\n  x: byte;\n}\n").rendered().find("namespace 'mpl'"), std::string::npos);
  EXPECT_EQ(first_line(Analysis("packet p {\n  t: byte;\n  classify (t) {\n  |0:\"int\" -> ();\n  };\n}\n")
                           .rendered()),
            "test.mpl:4:6: error: classify case 'int' is reserved in C++ (a keyword or standard macro) and cannot "
            "name the generated enumerator and view; rename the case, e.g. 'int_'");
  EXPECT_EQ(first_line(Analysis("packet p {\n  t: byte variant { |0 -> delete };\n}\n").rendered()),
            "test.mpl:2:21: error: variant name 'delete' of 't' is reserved in C++ (a keyword or standard macro) "
            "and cannot name the generated enumerator; rename it, e.g. 'delete_'");
  EXPECT_EQ(first_line(Analysis("packet p {\n  t: byte;\n  as_A: byte;\n  classify (t) {\n  |0:\"A\" -> ();\n  };\n}\n")
                           .rendered()),
            "test.mpl:3:3: error: field 'as_A' collides with the C++ accessor as_A() generated for classify case "
            "'A'; rename the field or the case");
  // Field names are mangled by code generation instead.
  EXPECT_EQ(Analysis("packet p {\n  class: byte;\n  view: byte;\n  builder: byte;\n}\n").rendered(), "");
}

}  // namespace
}  // namespace mplc::sema
