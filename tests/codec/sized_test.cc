// Sized regions (docs/language.md §10.1, tests/codec/sized.mpl): an embedded
// packet with size(n) is parsed in exactly n bytes. Good input parses and its
// accessors, sizeof() and what follows use the bound; every truncation is an
// error; a length too long or too short names the embedded field; remaining()
// inside counts to the bound; builders fill the length, refuse one the user
// set that disagrees, and rebuild what they parse; regions nest.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sized.h"

namespace {

using Bytes = std::vector<std::uint8_t>;
namespace sz = ::sized;

template <class Builder>
Bytes write(const Builder& b) {
  Bytes out(b.size(), 0xEE);
  auto w = b.write(mpl::mutable_bytes{out.data(), out.size()});
  EXPECT_TRUE(w.ok()) << w.error().describe();
  if (w.ok()) {
    EXPECT_EQ(*w, out.size());
  }
  return out;
}

template <class Builder>
mpl::error write_error(const Builder& b) {
  Bytes out(b.size() + 16, 0);
  auto w = b.write(mpl::mutable_bytes{out.data(), out.size()});
  EXPECT_FALSE(w.ok());
  return w.ok() ? mpl::error{} : w.error();
}

std::string text(mpl::bytes b) { return std::string(b.begin(), b.end()); }

// Every strict prefix of `full` fails as truncated (a sized region never
// reads past the buffer, and no shorter input is a whole packet).
template <class Parse>
void every_prefix_truncated(const Bytes& full, Parse parse) {
  for (std::size_t n = 0; n < full.size(); ++n) {
    SCOPED_TRACE(testing::Message() << "prefix of " << n << " bytes");
    auto r = parse(mpl::bytes{full.data(), n});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, mpl::error_kind::truncated) << r.error().describe();
  }
}

// ------------------------------------------------------------------ parsing

TEST(Sized, ParsesEachCaseWithinItsBound) {
  const Bytes number = {0x00, 0x01, 0x00, 0x02, 0x12, 0x34};
  auto v = sz::extension::parse(number);
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->length(), 2);
  ASSERT_TRUE(v->body().as_Number());
  EXPECT_EQ(v->body().as_Number()->number(), 0x1234);
  EXPECT_EQ(v->body().size(), 2u);
  EXPECT_EQ(v->size(), 6u);

  const Bytes opaque = {0x00, 0x09, 0x00, 0x00};
  auto o = sz::extension::parse(opaque);
  ASSERT_TRUE(o.ok()) << o.error().describe();
  EXPECT_TRUE(o->body().as_Opaque());
  EXPECT_EQ(o->size(), 4u);
}

TEST(Sized, RemainingInsideCountsToTheBound) {
  // Two bytes after the region belong to whatever follows, not to `name`.
  const Bytes name = {0x00, 0x02, 0x00, 0x03, 'a', 'b', 'c', 'z', 'z'};
  auto v = sz::extension::parse(name);
  ASSERT_TRUE(v.ok()) << v.error().describe();
  ASSERT_TRUE(v->body().as_Name());
  EXPECT_EQ(text(v->body().as_Name()->name()), "abc");
  EXPECT_EQ(v->size(), 7u);
  EXPECT_EQ(v->bytes().size(), 7u);
}

TEST(Sized, WhatFollowsStartsAtTheBound) {
  // count 2; a Name of 3 bytes; a Number; trailer 0x7F.
  const Bytes list = {0x02, 0x00, 0x02, 0x00, 0x03, 'x', 'y', 'z', 0x00, 0x01, 0x00, 0x02, 0xBE, 0xEF, 0x7F};
  auto v = sz::extension_list::parse(list);
  ASSERT_TRUE(v.ok()) << v.error().describe();
  std::vector<std::size_t> sizes;
  for (const auto& e : v->items()) sizes.push_back(e.ext().size());
  EXPECT_EQ(sizes, (std::vector<std::size_t>{7, 6}));
  EXPECT_EQ(v->trailer(), 0x7F);
  EXPECT_EQ(v->size(), list.size());
  every_prefix_truncated(list, [](mpl::bytes b) { return sz::extension_list::parse(b); });
}

TEST(Sized, EveryTruncationIsAnError) {
  every_prefix_truncated({0x00, 0x01, 0x00, 0x02, 0x12, 0x34}, [](mpl::bytes b) { return sz::extension::parse(b); });
  every_prefix_truncated({0x00, 0x02, 0x00, 0x03, 'a', 'b', 'c'}, [](mpl::bytes b) { return sz::extension::parse(b); });
  every_prefix_truncated({0x07, 0x06, 0xAA, 0xAA, 0xBB, 0xBB}, [](mpl::bytes b) { return sz::option::parse(b); });
  // The length is read, the region it gives is not all there: truncated at the body.
  const Bytes short_body = {0x00, 0x02, 0x00, 0x05, 'a', 'b'};
  auto r = sz::extension::parse(short_body);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().describe(), "extension.body at byte 4: truncated: needs 5 bytes, 2 available");
}

TEST(Sized, ALengthLongerThanTheContentIsAnError) {
  const Bytes number = {0x00, 0x01, 0x00, 0x04, 0x12, 0x34, 0x56, 0x78};
  auto r = sz::extension::parse(number);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, mpl::error_kind::size_mismatch);
  EXPECT_EQ(r.error().describe(), "extension.body at byte 4: content ends at 2 of 4 bytes");

  const Bytes opaque = {0x00, 0x09, 0x00, 0x02, 0x00, 0x00};
  auto o = sz::extension::parse(opaque);
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.error().describe(), "extension.body at byte 4: content ends at 0 of 2 bytes");
}

TEST(Sized, ALengthShorterThanTheContentIsAnErrorNamingTheField) {
  // The buffer holds the whole number: it is the length that cuts it.
  const Bytes number = {0x00, 0x01, 0x00, 0x01, 0x12, 0x34};
  auto r = sz::extension::parse(number);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, mpl::error_kind::size_mismatch);
  EXPECT_EQ(r.error().offset, 4u);
  EXPECT_EQ(r.error().describe(), "extension.body at byte 4: content runs past its 1 bytes at ext_body.number");

  // A length counting its own header: 5 leaves 3 bytes for a 4-byte body.
  // The field that runs past is `a` (its run of two fields is checked at
  // once) or, with --bounds-checks=per-field, `b`.
  const Bytes option = {0x07, 0x05, 0xAA, 0xAA, 0xBB, 0xBB};
  auto o = sz::option::parse(option);
  ASSERT_FALSE(o.ok());
  const std::string described = o.error().describe();
  EXPECT_EQ(described.rfind("option.body at byte 2: content runs past its 3 bytes at option_body.", 0), 0u)
      << described;
  // Below its min(2) the length is refused before it is used as a size.
  const Bytes tiny = {0x07, 0x01, 0xAA, 0xAA, 0xBB, 0xBB};
  auto t = sz::option::parse(tiny);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind, mpl::error_kind::out_of_range);
}

// ------------------------------------------------------------------ nesting

const Bytes kNested = {0x01, 0x07,              // outer tag, length
                       0x02, 0x02, 'h', 'i',    // first inner TLV
                       0x03, 0x01, 'x',         // second inner TLV
                       0xFF};                   // after

TEST(Sized, NestedRegionsParse) {
  auto v = sz::outer_tlv::parse(kNested);
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(text(v->body().first().value().data()), "hi");
  EXPECT_EQ(text(v->body().second().value().data()), "x");
  EXPECT_EQ(v->after(), 0xFF);
  every_prefix_truncated(kNested, [](mpl::bytes b) { return sz::outer_tlv::parse(b); });
}

TEST(Sized, NestedLengthsThatDisagreeAreErrors) {
  Bytes inner_long = kNested;
  inner_long[3] = 0x03;  // the first value takes 'h' 'i' 0x03: the second TLV then runs past the outer bound
  auto a = sz::outer_tlv::parse(inner_long);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().kind, mpl::error_kind::size_mismatch);
  EXPECT_EQ(a.error().describe(), "outer_tlv.body at byte 2: content runs past its 7 bytes at inner_tlv.value");

  Bytes outer_long = kNested;
  outer_long[1] = 0x08;  // the pair ends at 7 of the 8 bytes
  auto b = sz::outer_tlv::parse(outer_long);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().describe(), "outer_tlv.body at byte 2: content ends at 7 of 8 bytes");

  Bytes outer_short = kNested;
  outer_short[1] = 0x06;  // the second value is cut by the outer bound, not by the buffer
  auto c = sz::outer_tlv::parse(outer_short);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().describe(), "outer_tlv.body at byte 2: content runs past its 6 bytes at inner_tlv.value");
}

// ------------------------------------------------------------------ building

TEST(Sized, BuilderFillsTheLengthAndRoundTrips) {
  const std::uint8_t name[] = {'n', 'a', 'm', 'e'};
  const sz::extension::builder b{
      .type = 2,
      .body = sz::ext_body::builder{.type = 2, .body = sz::ext_body::Name{.name = name}},
  };
  const Bytes wire = write(b);
  EXPECT_EQ(wire, (Bytes{0x00, 0x02, 0x00, 0x04, 'n', 'a', 'm', 'e'}));
  auto v = sz::extension::parse(wire);
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(text(v->body().as_Name()->name()), "name");

  const sz::option::builder o{.kind = 9, .body = {.a = 0x0102, .b = 0x0304}};
  EXPECT_EQ(write(o), (Bytes{0x09, 0x06, 0x01, 0x02, 0x03, 0x04}));
}

TEST(Sized, NestedBuildersFillEveryLength) {
  const std::uint8_t hi[] = {'h', 'i'};
  const std::uint8_t x[] = {'x'};
  const sz::outer_tlv::builder b{
      .tag = 1,
      .body = {.first = {.tag = 2, .value = {.data = hi}}, .second = {.tag = 3, .value = {.data = x}}},
      .after = 0xFF,
  };
  EXPECT_EQ(write(b), kNested);
}

TEST(Sized, BuilderRefusesAUserLengthThatDisagrees) {
  sz::manual::builder b{.length = 4, .body = {.a = 1, .b = 2}};
  const Bytes good = write(b);
  EXPECT_TRUE(sz::manual::parse(good).ok());

  b.length = 5;
  mpl::error longer = write_error(b);
  EXPECT_EQ(longer.kind, mpl::error_kind::size_mismatch);
  EXPECT_EQ(longer.describe(), "manual.body at byte 1: content ends at 4 of 5 bytes");
  b.length = 3;
  EXPECT_EQ(write_error(b).describe(), "manual.body at byte 1: content runs past its 3 bytes");
}

TEST(Sized, BuilderRefusesALengthItsFieldCannotHold) {
  // 300 bytes of data need a length of 300 in a uint8: parse() could never
  // read that back, so write() refuses it.
  const Bytes data(300, 0x55);
  const sz::inner_tlv::builder b{.tag = 1, .value = {.data = mpl::bytes{data.data(), data.size()}}};
  mpl::error e = write_error(b);
  EXPECT_EQ(e.kind, mpl::error_kind::out_of_range);
  EXPECT_STREQ(e.field, "inner_tlv.length");
}

TEST(Sized, RebuildingFromAViewGivesTheSameBytes) {
  const Bytes list = {0x02, 0x00, 0x02, 0x00, 0x03, 'x', 'y', 'z', 0x00, 0x01, 0x00, 0x02, 0xBE, 0xEF, 0x7F};
  auto v = sz::extension_list::parse(list);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(write(sz::extension_list::builder::from(*v)), list);

  auto n = sz::outer_tlv::parse(kNested);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(write(sz::outer_tlv::builder::from(*n)), kNested);

  const Bytes manual = {0x04, 0x00, 0x01, 0x00, 0x02};
  auto m = sz::manual::parse(manual);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(write(sz::manual::builder::from(*m)), manual);
}

TEST(Sized, MutableViewsReachTheBoundedPacket) {
  Bytes wire = {0x00, 0x01, 0x00, 0x02, 0x12, 0x34};
  auto v = sz::extension::parse_mutable(mpl::mutable_bytes{wire.data(), wire.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  v->set_type(7);
  EXPECT_EQ(wire[1], 7);
  EXPECT_EQ(v->body().size(), 2u);
}

// ------------------------------------------------------------------ visiting

struct Recorder {
  std::vector<std::string> events;
  void integer(const char* name, std::uint64_t value, unsigned) {
    events.push_back(std::string(name) + "=" + std::to_string(value));
  }
  void variant(const char* name, std::uint64_t value, const char*, unsigned) { integer(name, value, 0); }
  void bytes(const char* name, mpl::bytes value) { events.push_back(std::string(name) + "=" + text(value)); }
  void begin_packet(const char* name, const char* packet) {
    events.push_back(std::string("<") + name + ":" + packet);
  }
  void end_packet() { events.push_back(">"); }
  void begin_array(const char* name) { events.push_back(std::string("[") + name); }
  void begin_element(std::size_t) {}
  void end_element() {}
  void end_array() { events.push_back("]"); }
  void begin_case(const char*, const char* label) { events.push_back(std::string("case ") + label); }
  void end_case() {}
};

TEST(Sized, VisitorSeesTheBoundedPacketAndWhatFollows) {
  auto v = sz::outer_tlv::parse(kNested);
  ASSERT_TRUE(v.ok());
  Recorder r;
  sz::outer_tlv::visit(*v, r);
  EXPECT_EQ(r.events, (std::vector<std::string>{"tag=1", "length=7", "<body:pair", "<first:inner_tlv", "tag=2",
                                                "length=2", "<value:leaf", "data=hi", ">", ">", "<second:inner_tlv",
                                                "tag=3", "length=1", "<value:leaf", "data=x", ">", ">", ">",
                                                "after=255"}));
}

}  // namespace
