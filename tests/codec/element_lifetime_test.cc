// Issue 14: array element views lived inside the iterator, so an element
// or a case view taken from a temporary iterator dangled
// (`range.begin()->as_X()`; ASan: stack-use-after-scope), and advancing an
// iterator changed an element taken from it. Elements are values now
// (mpl/element.h); these tests read them after the iterator is gone, which
// AddressSanitizer (scripts/test.sh runs codec_tests under it) reports if
// anything still points into it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <vector>

#include "gaps.h"

namespace {

namespace rl = gaps::record_list;
using Bytes = std::vector<std::uint8_t>;

// Three records: Number 0x01020304, Pair (kind 7, counted text "hi"), Other.
const Bytes kRecords = {
    3,                           // count
    1, 0x01, 0x02, 0x03, 0x04,   // Number
    2, 7, 2, 'h', 'i',           // Pair: greeting { kind 7, text "hi" }
    9,                           // Other
};

rl::view parsed() {
  auto v = rl::parse(mpl::bytes{kRecords.data(), kRecords.size()});
  EXPECT_TRUE(v.ok()) << v.error().describe();
  return *v;
}

static_assert(std::forward_iterator<rl::records_range::iterator>);

TEST(ElementLifetime, ElementFromATemporaryIteratorStaysValid) {
  const rl::view v = parsed();
  const auto& first = *v.records().begin();  // binds a value, not the iterator's member
  EXPECT_EQ(first.tag(), 1u);
  ASSERT_TRUE(first.as_Number().has_value());
  EXPECT_EQ(first.as_Number()->number(), 0x01020304u);
}

TEST(ElementLifetime, CaseViewFromATemporaryIteratorStaysValid) {
  const rl::view v = parsed();
  const std::optional<rl::Number_view> number = v.records().begin()->as_Number();
  ASSERT_TRUE(number.has_value());
  EXPECT_EQ(number->number(), 0x01020304u);

  auto second = std::next(v.records().begin());
  const std::optional<rl::Pair_view> pair = second->as_Pair();
  ASSERT_TRUE(pair.has_value());
  const auto greeting = pair->pair();  // a copy of the embedded view
  EXPECT_EQ(greeting.kind(), 7u);
}

TEST(ElementLifetime, AdvancingAnIteratorLeavesEarlierElementsAlone) {
  const rl::view v = parsed();
  auto it = v.records().begin();
  const auto first = *it;
  const auto& also_first = *it;
  ++it;
  EXPECT_EQ(first.tag(), 1u);
  EXPECT_EQ(also_first.tag(), 1u);
  EXPECT_EQ((*it).tag(), 2u);
  EXPECT_EQ(it->tag(), 2u);
}

TEST(ElementLifetime, ElementsOutliveTheRangeInAContainer) {
  const rl::view v = parsed();
  std::vector<rl::records_element> kept(v.records().begin(), v.records().end());
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept[0].as_Number()->number(), 0x01020304u);
  EXPECT_EQ(kept[1].as_Pair()->pair().kind(), 7u);
  EXPECT_EQ(kept[2].tag_case(), rl::tag_case_t::Other);
}

TEST(ElementLifetime, RangeAlgorithmsSeeEveryElement) {
  const rl::view v = parsed();
  const rl::records_range records = v.records();
  const auto pair = std::ranges::find_if(records, [](const rl::records_element& e) { return e.tag() == 2; });
  ASSERT_NE(pair, records.end());
  EXPECT_TRUE(pair->as_Pair().has_value());
  EXPECT_EQ(std::ranges::count_if(records, [](const auto& e) { return e.as_Other().has_value(); }), 1);
}

}  // namespace
