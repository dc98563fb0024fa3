// Regressions of issue 14 (tests/codec/gaps.mpl): sibling classifies parse,
// build and mutate; a checksum inside a classify case is filled, updated and
// recomputed; a builder refuses a computed length outside its min()/max();
// a custom type whose view is not its value_type rebuilds through from();
// builder locals never hide a member of their name.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

#include "gaps.h"

namespace {

namespace gre = gaps::gre;
namespace twin = gaps::twin_flags;
using Bytes = std::vector<std::uint8_t>;

template <typename Builder>
mpl::result<std::size_t> write(const Builder& b, Bytes& out) {
  out.assign(b.size(), 0);
  return b.write(mpl::mutable_bytes{out.data(), out.size()});
}

bool internet_sum_holds(const Bytes& b) { return mpl::internet_checksum(mpl::bytes{b.data(), b.size()}) == 0; }

// RFC 2890 header with key and sequence number, no checksum, carrying IPv4.
const Bytes kKeyAndSequence = {
    0x30, 0x00,              // K and S set, version 0
    0x08, 0x00,              // protocol type: IPv4
    0x00, 0x00, 0x12, 0x34,  // key
    0x00, 0x00, 0x00, 0x09,  // sequence number
    0x45, 0x00,              // payload (two bytes)
};

TEST(SiblingClassifies, EachFlagTakesItsOwnCase) {
  auto v = gre::parse(mpl::bytes{kKeyAndSequence.data(), kKeyAndSequence.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->checksum_present_case(), gre::checksum_present_case_t::NoChecksum);
  EXPECT_FALSE(v->as_WithChecksum().has_value());
  ASSERT_TRUE(v->as_WithKey().has_value());
  EXPECT_EQ(v->as_WithKey()->key(), 0x1234u);
  ASSERT_TRUE(v->as_WithSequence().has_value());
  EXPECT_EQ(v->as_WithSequence()->sequence_number(), 9u);
  EXPECT_EQ(v->payload().size(), 2u);
}

TEST(SiblingClassifies, EveryCombinationRoundTrips) {
  const std::array<std::uint8_t, 3> payload{1, 2, 3};
  for (int mask = 0; mask < 8; ++mask) {
    gre::builder b;
    b.protocol_type = 0x6558;
    b.payload = mpl::bytes{payload.data(), payload.size()};
    if ((mask & 1) != 0) b.checksum_present_body = gre::WithChecksum{};
    else b.checksum_present_body = gre::NoChecksum{};
    if ((mask & 2) != 0) b.key_present_body = gre::WithKey{.key = 0xdeadbeef};
    else b.key_present_body = gre::NoKey{};
    if ((mask & 4) != 0) b.sequence_present_body = gre::WithSequence{.sequence_number = 77};
    else b.sequence_present_body = gre::NoSequence{};
    Bytes out;
    auto w = write(b, out);
    ASSERT_TRUE(w.ok()) << w.error().describe();
    EXPECT_EQ(out.size(), 4u + 3u + ((mask & 1) != 0 ? 4u : 0u) + ((mask & 2) != 0 ? 4u : 0u) + ((mask & 4) != 0 ? 4u : 0u));
    auto v = gre::parse(mpl::bytes{out.data(), out.size()});
    ASSERT_TRUE(v.ok()) << "mask " << mask << ": " << v.error().describe();
    EXPECT_EQ(v->checksum_present(), (mask & 1) != 0 ? 1u : 0u);
    EXPECT_EQ(v->as_WithChecksum().has_value(), (mask & 1) != 0);
    EXPECT_EQ(v->as_WithKey().has_value(), (mask & 2) != 0);
    EXPECT_EQ(v->as_WithSequence().has_value(), (mask & 4) != 0);
    if ((mask & 1) != 0) {
      EXPECT_TRUE(internet_sum_holds(out)) << "mask " << mask;
    }
    if ((mask & 2) != 0) {
      EXPECT_EQ(v->as_WithKey()->key(), 0xdeadbeefu);
    }
    if ((mask & 4) != 0) {
      EXPECT_EQ(v->as_WithSequence()->sequence_number(), 77u);
    }
    // from() rebuilds the same bytes.
    Bytes again;
    ASSERT_TRUE(write(gre::builder::from(*v), again).ok());
    EXPECT_EQ(again, out) << "mask " << mask;
  }
}

TEST(SiblingClassifies, SharedLabelsGetQualifiedAccessors) {
  const Bytes wire = {0x80, 0x01, 0x02};  // a set, b clear: x = 0x0102
  auto v = twin::parse(mpl::bytes{wire.data(), wire.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  ASSERT_TRUE(v->as_a_On().has_value());
  EXPECT_EQ(v->as_a_On()->x(), 0x0102u);
  EXPECT_FALSE(v->as_a_Off().has_value());
  EXPECT_TRUE(v->as_b_Off().has_value());
  EXPECT_FALSE(v->as_b_On().has_value());
  const twin::builder b{.a_body = twin::Off{}, .b_body = twin::b_On{.y = 7}};
  Bytes out;
  ASSERT_TRUE(write(b, out).ok());
  EXPECT_EQ(out, (Bytes{0x40, 0x00, 0x07}));
}

TEST(ChecksumInCase, SettersKeepTheChecksumRight) {
  const std::array<std::uint8_t, 5> payload{9, 8, 7, 6, 5};
  const gre::builder b{.protocol_type = 0x0800,
                       .checksum_present_body = gre::WithChecksum{},
                       .key_present_body = gre::WithKey{.key = 1},
                       .sequence_present_body = gre::NoSequence{},
                       .payload = mpl::bytes{payload.data(), payload.size()}};
  Bytes out;
  ASSERT_TRUE(write(b, out).ok());
  ASSERT_TRUE(internet_sum_holds(out));
  auto m = gre::parse_mutable(mpl::mutable_bytes{out.data(), out.size()});
  ASSERT_TRUE(m.ok()) << m.error().describe();
  // A field outside the case, a field of a sibling case: both update it.
  m->update_protocol_type(0x86dd);
  EXPECT_TRUE(internet_sum_holds(out));
  m->as_WithKey()->update_key(0xcafef00d);
  EXPECT_TRUE(internet_sum_holds(out));
  EXPECT_EQ(m->as_WithKey()->key(), 0xcafef00du);
  // set_ leaves it stale; recompute_ on the case repairs it.
  m->as_WithKey()->set_key(5);
  EXPECT_FALSE(internet_sum_holds(out));
  m->as_WithChecksum()->recompute_checksum();
  EXPECT_TRUE(internet_sum_holds(out));
}

TEST(ChecksumInCase, AbsentChecksumIsLeftAlone) {
  Bytes out = kKeyAndSequence;
  auto m = gre::parse_mutable(mpl::mutable_bytes{out.data(), out.size()});
  ASSERT_TRUE(m.ok());
  m->update_protocol_type(0x86dd);
  m->as_WithKey()->update_key(0x55);
  Bytes expected = kKeyAndSequence;
  expected[2] = 0x86;
  expected[3] = 0xdd;
  expected[6] = 0x00;
  expected[7] = 0x55;
  EXPECT_EQ(out, expected);  // no checksum bytes were invented in the key
}

TEST(ComputedFieldLimits, BuilderRefusesALengthBelowMin) {
  const std::array<std::uint8_t, 3> short_data{1, 2, 3};
  gaps::min_length::builder b;
  b.data = mpl::bytes{short_data.data(), short_data.size()};
  Bytes out;
  auto w = write(b, out);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::out_of_range);
  EXPECT_STREQ(w.error().field, "min_length.len");
  EXPECT_EQ(w.error().found, 3u);
  const std::array<std::uint8_t, 65> long_data{};
  b.data = mpl::bytes{long_data.data(), long_data.size()};
  w = write(b, out);
  ASSERT_FALSE(w.ok());
  EXPECT_STREQ(w.error().field, "min_length.len");
  EXPECT_EQ(w.error().found, 65u);
  // Every length parse() accepts is written, and parses back.
  for (std::size_t n = 4; n <= 64; ++n) {
    const Bytes data(n, 0xab);
    b.data = mpl::bytes{data.data(), data.size()};
    ASSERT_TRUE(write(b, out).ok()) << n;
    auto v = gaps::min_length::parse(mpl::bytes{out.data(), out.size()});
    ASSERT_TRUE(v.ok()) << n << ": " << v.error().describe();
    EXPECT_EQ(v->len(), n);
  }
}

}  // namespace

namespace {

// A custom type whose view type is not its value_type (gaps_custom.h)
// compiles and rebuilds through from().
TEST(CustomViewType, FromGoesThroughValueTypeOf) {
  const Bytes wire = {7, 5, 'h', 'e', 'l', 'l', 'o'};
  auto v = gaps::greeting::parse(mpl::bytes{wire.data(), wire.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->text(), "hello");
  Bytes out;
  ASSERT_TRUE(write(gaps::greeting::builder::from(*v), out).ok());
  EXPECT_EQ(out, wire);
  const gaps::greeting::builder b{.kind = 1, .text = {.text = "hi"}};
  ASSERT_TRUE(write(b, out).ok());
  EXPECT_EQ(out, (Bytes{1, 2, 'h', 'i'}));
}

TEST(BuilderLocals, WriteReadsEveryMemberNotALocalOfItsName) {
  namespace names = gaps::local_names;
  const std::array<std::uint8_t, 3> data{0xA1, 0xA2, 0xA3};
  names::builder b;
  b.time = 0x0102;
  b.start_time = 0x0304;
  b.value_time = 5;
  b.pos_field = 6;
  b.class_ = 7;
  b.kind = 1;
  b.flags = 2;
  b.body = names::One{.x = 0x0809};
  b.data = mpl::bytes{data.data(), data.size()};
  Bytes out;
  const auto written = write(b, out);
  ASSERT_TRUE(written.ok()) << written.error().describe();
  EXPECT_EQ(out, (Bytes{0x01, 0x02, 0x03, 0x04, 5, 6, 7, 3, 0x12, 0x08, 0x09, 0xA1, 0xA2, 0xA3}));
  auto v = names::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->start_time(), 0x0304u);
  EXPECT_EQ(v->end_time(), 3u);
  ASSERT_TRUE(v->as_Two() == std::nullopt);
  ASSERT_TRUE(v->as_One().has_value());
  EXPECT_EQ(v->as_One()->x(), 0x0809u);

  // The other case, whose `x` has locals of its own (Two_x).
  b.kind = 3;
  b.flags = 4;
  b.body = names::Two{.x = 9};
  ASSERT_TRUE(write(b, out).ok());
  EXPECT_EQ(out, (Bytes{0x01, 0x02, 0x03, 0x04, 5, 6, 7, 3, 0x34, 9, 0xA1, 0xA2, 0xA3}));
  // A case its subject does not select is refused.
  b.flags = 5;
  const auto refused = write(b, out);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, mpl::error_kind::no_branch_matched);
}

}  // namespace
