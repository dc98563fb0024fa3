#include "mpl/error.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

namespace {

using mpl::error_kind;

static_assert(std::is_trivially_copyable_v<mpl::error>);
static_assert(std::is_trivially_copyable_v<mpl::result<int>>);
static_assert(std::is_trivially_copyable_v<mpl::result<void>>);
struct View {
  const unsigned char* p;
  std::size_t n;
};
static_assert(std::is_trivially_copyable_v<mpl::result<View>>);
static_assert(!std::is_trivially_copyable_v<mpl::result<std::string>>);

// Results work in constant expressions.
constexpr mpl::result<int> half(int x) {
  if (x % 2 != 0) return mpl::make_error(error_kind::bad_length, 3, "pkt.len", static_cast<std::uint64_t>(x));
  return x / 2;
}
static_assert(half(8).ok() && half(8).value() == 4);
static_assert(!half(7).ok() && half(7).error().kind == error_kind::bad_length);
static_assert(half(7).error().offset == 3);

TEST(Error, KindNames) {
  EXPECT_EQ(mpl::to_string(error_kind::truncated), "truncated");
  EXPECT_EQ(mpl::to_string(error_kind::checksum_mismatch), "checksum_mismatch");
  EXPECT_EQ(mpl::to_string(error_kind::buffer_too_small), "buffer_too_small");
  EXPECT_EQ(mpl::to_string(error_kind::size_mismatch), "size_mismatch");
  EXPECT_EQ(mpl::to_string(static_cast<error_kind>(200)), "unknown");
}

TEST(Error, MakeErrorNeverStoresNull) {
  mpl::error e = mpl::make_error(error_kind::custom_invalid, 4, nullptr);
  ASSERT_NE(e.field, nullptr);
  EXPECT_STREQ(e.field, "");
  EXPECT_EQ(e.describe(), "at byte 4: invalid value");
}

TEST(Error, DescribeEachKind) {
  struct Case {
    mpl::error e;
    const char* text;
  };
  const Case cases[] = {
      {mpl::make_error(error_kind::truncated, 20, "ipv4.options", 22, 24),
       "ipv4.options at byte 20: truncated: needs 24 bytes, 22 available"},
      {mpl::make_error(error_kind::const_mismatch, 0, "ipv4.version", 6, 4), "ipv4.version at byte 0: expected 4, found 6"},
      {mpl::make_error(error_kind::out_of_range, 0, "ipv4.ihl", 3, 5, 15),
       "ipv4.ihl at byte 0: value 3 out of range [5, 15]"},
      {mpl::make_error(error_kind::no_branch_matched, 12, "eth.ethertype", 0x1234),
       "eth.ethertype at byte 12: no classify case matched"},
      {mpl::make_error(error_kind::guard_failed, 1, "a"), "a at byte 1: guard condition not satisfied"},
      {mpl::make_error(error_kind::bad_alignment, 7, "opts", 0, 4), "opts at byte 7: not aligned to 4 bytes"},
      {mpl::make_error(error_kind::bad_length, 2, "ipv4.total_length", 17), "ipv4.total_length at byte 2: bad length 17"},
      {mpl::make_error(error_kind::trailing_bytes, 40, "", 3), "at byte 40: 3 trailing bytes"},
      {mpl::make_error(error_kind::custom_invalid, 12, "dns.qname"), "dns.qname at byte 12: invalid value"},
      {mpl::make_error(error_kind::buffer_too_small, 0, "", 10, 20), "at byte 0: buffer too small: needs 20 bytes, has 10"},
      {mpl::make_error(error_kind::limit_exceeded, 30, "dns.qname", 129, 128),
       "dns.qname at byte 30: limit exceeded: 129 > 128"},
      {mpl::make_error(error_kind::checksum_mismatch, 10, "ipv4.checksum", 0x1C, 0xB861),
       "ipv4.checksum at byte 10: checksum mismatch: found 0x001c, expected 0xb861"},
      {mpl::make_error(error_kind::size_mismatch, 4, "extension.body", 2, 6),
       "extension.body at byte 4: content ends at 2 of 6 bytes"},
      {mpl::with_reason(mpl::make_error(error_kind::size_mismatch, 4, "extension.body", 0, 3, 1), "ext_body.value"),
       "extension.body at byte 4: content runs past its 3 bytes at ext_body.value"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.e.describe(), c.text);
    char buf[256];
    EXPECT_EQ(c.e.format(buf, sizeof buf), std::strlen(c.text));
    EXPECT_STREQ(buf, c.text);
  }
}

TEST(Error, FormatTruncatesLikeSnprintf) {
  mpl::error e = mpl::make_error(error_kind::bad_length, 2, "x", 17);
  const std::string full = e.describe();
  for (std::size_t cap = 0; cap <= full.size() + 2; ++cap) {
    char buf[64];
    std::memset(buf, '#', sizeof buf);
    EXPECT_EQ(e.format(buf, cap), full.size());
    if (cap > 0) {
      const std::size_t kept = std::min(cap - 1, full.size());
      EXPECT_EQ(std::string(buf, kept), full.substr(0, kept));
      EXPECT_EQ(buf[kept], '\0');
    }
    EXPECT_EQ(buf[cap], '#') << "wrote past cap " << cap;
  }
}

// Issue 18: sizes computed as negative print as such, not as 2^64 - n.
TEST(Error, NegativeSizesPrintSigned) {
  const auto minus4 = static_cast<std::uint64_t>(std::int64_t{-4});
  EXPECT_EQ(mpl::make_error(error_kind::truncated, 2, "p.body", 14, minus4).describe(),
            "p.body at byte 2: truncated: needs -4 bytes, 14 available");
  EXPECT_EQ(mpl::make_error(error_kind::bad_length, 2, "p.body", minus4).describe(), "p.body at byte 2: bad length -4");
  EXPECT_EQ(mpl::make_error(error_kind::truncated, 2, "p.body", 14, std::uint64_t{1} << 63).describe(),
            "p.body at byte 2: truncated: needs -9223372036854775808 bytes, 14 available");
}

TEST(Error, ReasonSaysWhy) {
  const mpl::error e = mpl::with_reason(mpl::make_error(error_kind::custom_invalid, 7, "m.name"), "label too long");
  EXPECT_EQ(e.describe(), "m.name at byte 7: invalid value: label too long");
  EXPECT_EQ(mpl::with_reason(mpl::make_error(error_kind::limit_exceeded, 7, "m.name", 17, 16), "too many pointers")
                .describe(),
            "m.name at byte 7: limit exceeded: 17 > 16 (too many pointers)");
  EXPECT_STREQ(mpl::with_reason(e, nullptr).reason, "");
  EXPECT_FALSE(e == mpl::make_error(error_kind::custom_invalid, 7, "m.name"));  // the reason counts
}

TEST(Error, ConstantBytesShowTheBytes) {
  const std::string_view marker("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 16);
  std::uint8_t wire[16];
  std::memset(wire, 0xff, sizeof wire);
  wire[3] = 0x00;
  wire[4] = 0x12;
  const mpl::error e = mpl::const_bytes_mismatch(40, "bgp_message.marker", wire, marker);
  EXPECT_EQ(e.kind, error_kind::const_mismatch);
  EXPECT_EQ(e.offset, 40u);
  EXPECT_EQ(e.describe(),
            "bgp_message.marker at byte 40: constant bytes differ from byte 3 of 16: "
            "expected ffffffffffffffff, found 0012ffffffffffff");
  const std::uint8_t magic[4] = {'M', 'P', 'L', '2'};
  EXPECT_EQ(mpl::const_bytes_mismatch(0, "h.magic", magic, "MPL1").describe(),
            "h.magic at byte 0: constant bytes differ from byte 3 of 4: expected 31, found 32");
  // An integer constant still reads as numbers.
  EXPECT_EQ(mpl::make_error(error_kind::const_mismatch, 0, "h.version", 3, 4).describe(),
            "h.version at byte 0: expected 4, found 3");
}

TEST(Error, DescribeLongFieldPath) {
  const std::string path(300, 'f');
  mpl::error e = mpl::make_error(error_kind::guard_failed, 1, path.c_str());
  EXPECT_EQ(e.describe(), path + " at byte 1: guard condition not satisfied");
}

TEST(Error, Equality) {
  std::string a = "p.f", b = "p.f";  // distinct pointers, same path
  EXPECT_EQ(mpl::make_error(error_kind::truncated, 1, a.c_str(), 2, 3), mpl::make_error(error_kind::truncated, 1, b.c_str(), 2, 3));
  EXPECT_NE(mpl::make_error(error_kind::truncated, 1, "p.f"), mpl::make_error(error_kind::truncated, 2, "p.f"));
  EXPECT_NE(mpl::make_error(error_kind::truncated, 1, "p.f"), mpl::make_error(error_kind::bad_length, 1, "p.f"));
}

TEST(Result, HoldsValue) {
  mpl::result<View> r = View{nullptr, 5};
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(r->n, 5u);
  EXPECT_EQ((*r).n, 5u);
  EXPECT_EQ(r.value().n, 5u);
  r->n = 6;
  EXPECT_EQ(r.value().n, 6u);
  mpl::result<int> i = 3;
  EXPECT_EQ(i.value_or(9), 3);
}

TEST(Result, HoldsError) {
  mpl::result<int> r = mpl::make_error(error_kind::truncated, 7, "x", 1, 2);
  ASSERT_FALSE(r.ok());
  ASSERT_FALSE(static_cast<bool>(r));
  EXPECT_EQ(r.error().kind, error_kind::truncated);
  EXPECT_EQ(r.error().offset, 7u);
  EXPECT_STREQ(r.error().field, "x");
  EXPECT_EQ(r.value_or(9), 9);
}

TEST(Result, NonTrivialValueLifetime) {
  auto counter = std::make_shared<int>(0);
  {
    mpl::result<std::shared_ptr<int>> a = counter;
    EXPECT_EQ(counter.use_count(), 2);
    mpl::result<std::shared_ptr<int>> b = a;  // copy
    EXPECT_EQ(counter.use_count(), 3);
    mpl::result<std::shared_ptr<int>> c = std::move(b);
    EXPECT_EQ(counter.use_count(), 3);
    c = mpl::make_error(error_kind::guard_failed, 0, "");  // value -> error releases
    EXPECT_EQ(counter.use_count(), 2);
    EXPECT_FALSE(c.ok());
    c = a;  // error -> value
    EXPECT_EQ(counter.use_count(), 3);
    mpl::result<std::shared_ptr<int>> d = mpl::make_error(error_kind::truncated, 0, "");
    d = std::move(c);
    EXPECT_TRUE(d.ok());
    EXPECT_EQ(counter.use_count(), 3);
    mpl::result<std::shared_ptr<int>> e = mpl::make_error(error_kind::truncated, 1, "");
    mpl::result<std::shared_ptr<int>> f = e;  // error copy
    EXPECT_EQ(f.error().offset, 1u);
    d = f;  // value -> error
    EXPECT_EQ(counter.use_count(), 2);
    std::shared_ptr<int> moved = std::move(a).value();
    EXPECT_EQ(counter.use_count(), 2);  // moved took a's share
    EXPECT_EQ(*a, nullptr);
  }
  EXPECT_EQ(counter.use_count(), 1);
}

TEST(Result, Void) {
  mpl::result<void> ok;
  EXPECT_TRUE(ok.ok());
  ok.value();
  mpl::result<void> bad = mpl::make_error(error_kind::checksum_mismatch, 10, "h.cs", 1, 2);
  EXPECT_FALSE(bad);
  EXPECT_EQ(bad.error().lo, 2u);
}

TEST(ResultDeathTest, ValueOfErrorAborts) {
  mpl::result<int> r = mpl::make_error(error_kind::truncated, 0, "");
  EXPECT_DEATH((void)r.value(), "");
  mpl::result<int> v = 1;
  EXPECT_DEATH((void)v.error(), "");
  mpl::result<void> e = mpl::make_error(error_kind::truncated, 0, "");
  EXPECT_DEATH(e.value(), "");
}

}  // namespace
