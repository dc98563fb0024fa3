// Resource limits of generated parsers, and regression tests of fuzzing
// findings (each reproduced here before it was fixed). See docs/robustness.md.
#include <gtest/gtest.h>

#include <vector>

#include "robustness.h"

namespace {

std::vector<std::uint8_t> byte_list_of(std::uint32_t count) {
  // Sized once, then the count written: growing a 4-byte vector made GCC 12
  // at -O3 report a false -Warray-bounds inside its memmove.
  std::vector<std::uint8_t> p(4 + std::size_t{count}, 0xab);
  p[0] = static_cast<std::uint8_t>(count >> 24);
  p[1] = static_cast<std::uint8_t>(count >> 16);
  p[2] = static_cast<std::uint8_t>(count >> 8);
  p[3] = static_cast<std::uint8_t>(count);
  return p;
}

TEST(Limits, ArrayElementCountAtTheLimitParses) {
  const auto p = byte_list_of(static_cast<std::uint32_t>(mpl::limits::max_array_elements));
  auto v = robustness::byte_list::parse(mpl::bytes{p.data(), p.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->items().size(), mpl::limits::max_array_elements);
}

TEST(Limits, ArrayElementCountPastTheLimitIsRefused) {
  const auto p = byte_list_of(static_cast<std::uint32_t>(mpl::limits::max_array_elements + 1));
  auto v = robustness::byte_list::parse(mpl::bytes{p.data(), p.size()});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, mpl::error_kind::limit_exceeded);
  EXPECT_STREQ(v.error().field, "byte_list.items");
  EXPECT_EQ(v.error().lo, mpl::limits::max_array_elements);
  EXPECT_EQ(v.error().offset, 4 + mpl::limits::max_array_elements);
}

TEST(Limits, ByteBoundedArrayPastTheLimitIsRefused) {
  std::vector<std::uint8_t> p(mpl::limits::max_array_elements + 1, 7);
  auto v = robustness::byte_run::parse(mpl::bytes{p.data(), p.size()});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, mpl::error_kind::limit_exceeded);
  p.pop_back();
  EXPECT_TRUE(robustness::byte_run::parse(mpl::bytes{p.data(), p.size()}).ok());
}

// tests/fuzz/regressions/ssh/message-guarded-wildcard-fails
TEST(FuzzRegression, GuardedFallbackThatFailsIsNoBranchMatched) {
  const std::vector<std::uint8_t> p{0x20, 0x01};  // a heap buffer: ASan sees a read past it
  auto v = robustness::guarded_fallback::parse(mpl::bytes{p.data(), p.size()}, 1);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, mpl::error_kind::no_branch_matched);
  auto w = robustness::guarded_fallback::parse(mpl::bytes{p.data(), p.size()}, 2);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->kind_case(), robustness::guarded_fallback::kind_case_t::Other);
  EXPECT_EQ(w->size(), 2u);
}

// tests/fuzz/regressions/bgp/capability-fqdn-length-overflow
TEST(FuzzRegression, ValueWiderThanItsFieldIsRefusedByWrite) {
  std::vector<std::uint8_t> data(256, 1);
  robustness::narrow_length::builder b{.data = mpl::bytes{data.data(), data.size()}};
  std::vector<std::uint8_t> out(b.size());
  auto w = b.write(mpl::mutable_bytes{out.data(), out.size()});
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::out_of_range);
  EXPECT_STREQ(w.error().field, "narrow_length.length");
  EXPECT_EQ(w.error().found, 256u);
  data.resize(255);
  b.data = mpl::bytes{data.data(), data.size()};
  out.resize(b.size());
  EXPECT_TRUE(b.write(mpl::mutable_bytes{out.data(), out.size()}).ok());
}

}  // namespace
