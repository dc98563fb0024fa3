// The bitwise, shift and remainder operators in generated code (issue 14,
// tests/codec/operators.mpl): what the builder computes equals the same
// expression computed here on std::uint64_t, the parser reads it back, and
// edge cases (shifts by 63 and by more than 63, all-ones values) hold; a
// size divided by a zero field is a parse error.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "operators.h"

namespace {

namespace ops = operators::ops;
using Bytes = std::vector<std::uint8_t>;

// The language's shifts: by 64 or more, every bit is shifted out.
std::uint64_t shl(std::uint64_t x, std::uint64_t n) { return n >= 64 ? 0 : x << n; }
std::uint64_t shr(std::uint64_t x, std::uint64_t n) { return n >= 64 ? 0 : x >> n; }

struct Case {
  std::uint8_t flags;
  std::uint8_t shift;
  std::uint64_t wide;
  std::size_t option_words;
  std::size_t items;
};

void round_trip(const Case& c) {
  SCOPED_TRACE(testing::Message() << "flags " << int{c.flags} << " shift " << int{c.shift} << " wide " << c.wide);
  const Bytes options(c.option_words * 4, 0x5a);
  std::vector<ops::items_element_builder> items;
  for (std::size_t i = 0; i < c.items; ++i) items.push_back({.v = static_cast<std::uint8_t>(i + 1)});
  ops::builder b;
  b.flags = c.flags;
  b.shift = c.shift;
  b.wide = c.wide;
  b.options = mpl::bytes{options.data(), options.size()};
  b.items = items;
  if ((c.flags & 0x81) == 0x81 && c.flags % 3 == 0) b.body = ops::Both{.extra = 0xbeef};
  else if ((c.flags & 0x81) == 0x81) b.body = ops::Either{};
  else b.body = ops::Neither{};

  Bytes out(b.size(), 0);
  auto w = b.write(mpl::mutable_bytes{out.data(), out.size()});
  ASSERT_TRUE(w.ok()) << w.error().describe();
  auto v = ops::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();

  const std::uint64_t wide = c.wide;
  EXPECT_EQ(v->kind(), 0xAu);
  EXPECT_EQ(v->words(), c.option_words);
  EXPECT_EQ(v->options().size(), options.size());
  EXPECT_EQ(v->length24(), (options.size() << 16 | 0xBEEF) & 0xFFFFFF);
  EXPECT_EQ(v->shifted_left(), shl(wide, c.shift));
  EXPECT_EQ(v->shifted_right(), shr(wide, c.shift));
  EXPECT_EQ(v->mixed(), ((wide & 0xFFFF) ^ (wide >> 48)) | shl(1, c.shift % 16));
  EXPECT_EQ(v->remainder(), options.size() % 7);
  EXPECT_EQ(v->complement(), static_cast<std::uint8_t>(~c.flags));
  EXPECT_EQ(v->count(), c.items | (c.flags & 0xF0));
  EXPECT_EQ(v->items().size(), c.items);
  const bool both = (c.flags & 0x81) == 0x81 && c.flags % 3 == 0;
  EXPECT_EQ(v->as_Both().has_value(), both);
  if (both) {
    EXPECT_EQ(v->as_Both()->extra(), 0xbeefu);
  }
  EXPECT_EQ(v->as_Either().has_value(), (c.flags & 0x81) == 0x81 && !both);
  EXPECT_EQ(v->as_Neither().has_value(), (c.flags & 0x81) != 0x81);

  // Rebuilding from the view gives the same bytes.
  ops::builder again = ops::builder::from(*v);
  Bytes out2(again.size(), 0);
  ASSERT_TRUE(again.write(mpl::mutable_bytes{out2.data(), out2.size()}).ok());
  EXPECT_EQ(out2, out);
}

TEST(Operators, BuilderComputesWhatCComputesAndParserReadsItBack) {
  constexpr std::uint64_t kAllOnes = std::numeric_limits<std::uint64_t>::max();
  const Case cases[] = {
      {0x00, 0, 0, 0, 0},
      {0x81, 63, 1, 1, 3},            // 129 % 3 == 0: Both; 1 << 63
      {0x83, 63, kAllOnes, 3, 15},    // guard fails: Either; all ones shifted by 63
      {0xF1, 64, kAllOnes, 2, 1},     // a shift by 64 shifts every bit out
      {0x7E, 127, 0x8000000000000000u, 0, 2},
      {0x80, 17, 0x123456789abcdef0u, 3, 0},
  };
  for (const Case& c : cases) round_trip(c);
}

TEST(Operators, ArraySizeAndClassifySubjectAreComputedFromTheWire) {
  // kind 0xA, words 1; flags 0x81 (129 % 3 == 0: Both); shift 0; wide 0;
  // one 4-byte option; the computed fields; count 0x82 & 0x0F = 2 items.
  Bytes wire = {0xA1, 0x81, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x04, 0xBE, 0xEF, 1, 2, 3, 4};
  const std::uint8_t zeros_and_ones[] = {0, 0, 0, 0, 0, 0, 0, 0,  // shifted_left
                                         0, 0, 0, 0, 0, 0, 0, 0,  // shifted_right
                                         0, 0, 0, 0, 0, 0, 0, 1,  // mixed: 1 << 0
                                         4, 0x7e, 0x82, 9, 8, 0xbe, 0xef};
  wire.insert(wire.end(), std::begin(zeros_and_ones), std::end(zeros_and_ones));
  auto v = ops::parse(mpl::bytes{wire.data(), wire.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->length24(), 0x04BEEFu);  // uint24: three bytes, big-endian
  ASSERT_EQ(v->items().size(), 2u);
  ASSERT_TRUE(v->as_Both().has_value());
  EXPECT_EQ(v->as_Both()->extra(), 0xbeefu);
  // One byte short: the computed array count and the case need every byte.
  wire.pop_back();
  EXPECT_FALSE(ops::parse(mpl::bytes{wire.data(), wire.size()}).ok());
}

TEST(Operators, ASizeDividedByAZeroFieldIsAParseErrorNamingTheField) {
  namespace divided = operators::divided;
  const Bytes ok = {5, 'a', 'b', 'c', 'd', 'x'};  // 12 % 5 + 12 / 5 = 4 bytes, then the rest
  auto v = divided::parse(mpl::bytes{ok.data(), ok.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->data().size(), 4u);
  EXPECT_EQ(v->rest().size(), 1u);
  for (std::size_t length = 1; length <= 6; ++length) {
    Bytes zero(length, 0);  // unit 0
    auto bad = divided::parse(mpl::bytes{zero.data(), zero.size()});
    ASSERT_FALSE(bad.ok()) << length;
    EXPECT_EQ(bad.error().kind, mpl::error_kind::bad_length);
    EXPECT_EQ(std::string(bad.error().field), "divided.data");
    EXPECT_EQ(bad.error().offset, 1u);
  }
}

TEST(Operators, ShiftsInTheRuntimeAreDefinedForEveryAmount) {
  static_assert(mpl::shift_left(1, 63) == 0x8000000000000000u);
  static_assert(mpl::shift_left(1, 64) == 0);
  static_assert(mpl::shift_right(0xFFFFFFFFFFFFFFFFu, 63) == 1);
  static_assert(mpl::shift_right(0xFFFFFFFFFFFFFFFFu, 1000) == 0);
  static_assert(mpl::rem_or_zero(7, 0) == 0);
  for (std::uint64_t n = 0; n < 200; ++n) {
    EXPECT_EQ(mpl::shift_left(1, n), shl(1, n));
    EXPECT_EQ(mpl::shift_right(0xFFFFFFFFFFFFFFFFu, n), shr(0xFFFFFFFFFFFFFFFFu, n));
  }
}

}  // namespace
