// Values from outside an array element read inside it
// (tests/codec/element_params.mpl): packet parameters and fields of the
// enclosing blocks reach every element, nested elements, a classify inside an
// element and an embedded packet's argument, both while validating and
// later when the ranges are iterated.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

#include "element_params.h"

namespace {

namespace rl = element_params::route_list;
namespace rt = element_params::record_table;
namespace addr = element_params::address;
namespace sl = element_params::sample_list;
namespace vs = element_params::versioned_sample;
using Bytes = std::vector<std::uint8_t>;

// Two routes with path identifiers and 4-byte addresses: 10.0.0.0/8 via
// 192.0.2.1 with two tags, and 198.51.100.0/24 via 192.0.2.2 with none.
const Bytes kWithIds4 = {
    2,                                                 // count
    0x00, 0x00, 0x00, 0x07,                            // path_id 7
    8,                                                 // prefix_length
    192, 0, 2, 1,                                      // next_hop
    8,                                                 // tags_length
    0xaa, 0xaa, 0xaa, 0xaa, 0xbb, 0xbb, 0xbb, 0xbb,    // two tags
    0x00, 0x00, 0x01, 0x00,                            // path_id 256
    24,                                                // prefix_length
    192, 0, 2, 2,                                      // next_hop
    0,                                                 // tags_length
};

TEST(ElementParams, ParametersReachEveryElement) {
  auto v = rl::parse(mpl::bytes{kWithIds4.data(), kWithIds4.size()}, true, 4);
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->size(), kWithIds4.size());
  ASSERT_EQ(v->routes().size(), 2u);
  std::vector<std::uint32_t> ids;
  std::vector<Bytes> hops;
  std::vector<std::size_t> tag_counts;
  for (const auto& route : v->routes()) {
    auto with = route.as_WithId();
    ASSERT_TRUE(with.has_value());
    ids.push_back(with->path_id());
    const mpl::bytes hop = route.next_hop().octets();
    hops.emplace_back(hop.begin(), hop.end());
    EXPECT_EQ(route.next_hop().size_param(), 4u);  // the embedded packet's argument
    EXPECT_EQ(route.next_hop().size(), 4u);
    tag_counts.push_back(route.tags().size());
    for (const auto& tag : route.tags()) EXPECT_EQ(tag.tag().size(), 4u);  // a nested element's size
  }
  EXPECT_EQ(ids, (std::vector<std::uint32_t>{7, 256}));
  EXPECT_EQ(hops, (std::vector<Bytes>{{192, 0, 2, 1}, {192, 0, 2, 2}}));
  EXPECT_EQ(tag_counts, (std::vector<std::size_t>{2, 0}));
  const auto first = *v->routes().begin();
  ASSERT_EQ(first.tags().size(), 2u);
  auto tag = first.tags().begin();
  EXPECT_EQ(tag->tag()[0], 0xaa);
  ++tag;
  EXPECT_EQ(tag->tag()[0], 0xbb);
}

TEST(ElementParams, OtherValuesReadTheBytesOtherwise) {
  // Without path identifiers the first route's prefix_length is the first
  // byte of what was path_id 7 (0), and its next hop 0.0.0.7: then 8 is the
  // tags_length and 192 the next route's... the bytes run out.
  auto without = rl::parse(mpl::bytes{kWithIds4.data(), kWithIds4.size()}, false, 4);
  ASSERT_FALSE(without.ok());
  EXPECT_EQ(without.error().kind, mpl::error_kind::truncated);

  // Two-byte addresses: the first route's tags (8 bytes) are four tags.
  Bytes two = {1, 0, 0, 0, 9, 16, 0xc0, 0x00, 4, 1, 2, 3, 4};
  auto v = rl::parse(mpl::bytes{two.data(), two.size()}, true, 2);
  ASSERT_TRUE(v.ok()) << v.error().describe();
  const auto route = *v->routes().begin();
  EXPECT_EQ(route.as_WithId()->path_id(), 9u);
  EXPECT_EQ(route.next_hop().size_param(), 2u);
  EXPECT_EQ(route.tags().size(), 2u);
  // The same bytes with 4-byte addresses: the tags region (4 bytes) is one
  // tag, and the next hop swallows the tags_length.
  auto wide = rl::parse(mpl::bytes{two.data(), two.size()}, true, 4);
  ASSERT_FALSE(wide.ok());
}

TEST(ElementParams, ANestedElementThatDoesNotFitIsRefused) {
  // tags_length 6 is not a whole number of 4-byte tags.
  Bytes p = {1, 8, 1, 2, 3, 4, 6, 1, 2, 3, 4, 5, 6};
  auto v = rl::parse(mpl::bytes{p.data(), p.size()}, false, 4);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, mpl::error_kind::truncated);
  EXPECT_STREQ(v.error().field, "route_list.routes.tags.tag");
}

TEST(ElementParams, EveryTruncationIsRefused) {
  for (std::size_t n = 0; n < kWithIds4.size(); ++n) {
    const Bytes cut(kWithIds4.begin(), kWithIds4.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(rl::parse(mpl::bytes{cut.data(), cut.size()}, true, 4).ok()) << n << " bytes";
  }
}

TEST(ElementParams, BuildsTheSameBytesAndParsesBack) {
  const std::array<std::uint8_t, 4> hop1{192, 0, 2, 1}, hop2{192, 0, 2, 2};
  const std::array<std::uint8_t, 4> tag_a{0xaa, 0xaa, 0xaa, 0xaa}, tag_b{0xbb, 0xbb, 0xbb, 0xbb};
  const auto of = [](const std::array<std::uint8_t, 4>& a) { return mpl::bytes{a.data(), a.size()}; };
  const std::array<rl::tags_element_builder, 2> tags{{{.tag = of(tag_a)}, {.tag = of(tag_b)}}};
  const std::array<rl::routes_element_builder, 2> routes{{
      {.body = rl::WithId{.path_id = 7}, .prefix_length = 8, .next_hop = addr::builder{.size_param = 4, .octets = of(hop1)},
       .tags = tags},
      {.body = rl::WithId{.path_id = 256}, .prefix_length = 24, .next_hop = addr::builder{.size_param = 4, .octets = of(hop2)}},
  }};
  const rl::builder b{.with_ids = true, .address_size = 4, .routes = routes};
  std::array<std::uint8_t, 64> out{};
  auto n = b.write(out);
  ASSERT_TRUE(n.ok()) << n.error().describe();
  EXPECT_EQ(Bytes(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(*n)), kWithIds4);

  // from() carries the parameters back into a builder that rewrites the bytes.
  auto v = rl::parse(mpl::bytes{kWithIds4.data(), kWithIds4.size()}, true, 4);
  ASSERT_TRUE(v.ok());
  const rl::builder again = rl::builder::from(*v);
  EXPECT_TRUE(again.with_ids);
  EXPECT_EQ(again.address_size, 4u);
  std::array<std::uint8_t, 64> out2{};
  auto n2 = again.write(out2);
  ASSERT_TRUE(n2.ok());
  EXPECT_EQ(Bytes(out2.begin(), out2.begin() + static_cast<std::ptrdiff_t>(*n2)), kWithIds4);
}

// The element builders receive the packet's arguments when its write knows
// them before its walk (a packet written alone: its own members), so write()
// refuses what parse() would decide otherwise inside an element: a case the
// with_ids argument does not select, a tag that is not address_size bytes,
// and a next hop whose embedded packet is handed address_size as its size.
TEST(ElementParams, WriteChecksWhatTheArgumentsDecideInsideElements) {
  const std::array<std::uint8_t, 4> hop{192, 0, 2, 1};
  const std::array<std::uint8_t, 3> short_hop{192, 0, 2};
  const std::array<std::uint8_t, 4> tag4{0xaa, 0xaa, 0xaa, 0xaa};
  const std::array<std::uint8_t, 3> tag3{0xbb, 0xbb, 0xbb};
  std::array<rl::tags_element_builder, 1> tags{{{.tag = mpl::bytes{tag4}}}};
  std::array<rl::routes_element_builder, 1> routes{
      {{.body = rl::WithId{.path_id = 7}, .prefix_length = 8, .next_hop = addr::builder{.octets = mpl::bytes{hop}}, .tags = tags}}};
  rl::builder b{.with_ids = false, .address_size = 4, .routes = routes};
  std::array<std::uint8_t, 64> out{};
  auto n = b.write(out);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().kind, mpl::error_kind::no_branch_matched);
  EXPECT_STREQ(n.error().field, "route_list.routes.classify");
  EXPECT_EQ(n.error().found, 0u);  // with_ids, as parse() will be given it

  b.with_ids = true;
  tags[0].tag = mpl::bytes{tag3};
  n = b.write(out);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().kind, mpl::error_kind::bad_length);
  EXPECT_STREQ(n.error().field, "route_list.routes.tags.tag");
  EXPECT_EQ(n.error().found, 4u);  // address_size, two frames out
  EXPECT_EQ(n.error().lo, 3u);

  tags[0].tag = mpl::bytes{tag4};
  routes[0].next_hop.octets = mpl::bytes{short_hop};  // its own size_param is not what parse() uses
  n = b.write(out);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().kind, mpl::error_kind::bad_length);
  EXPECT_STREQ(n.error().field, "address.octets");
  EXPECT_EQ(n.error().found, 4u);

  routes[0].next_hop.octets = mpl::bytes{hop};
  n = b.write(out);
  ASSERT_TRUE(n.ok()) << n.error().describe();
  auto v = rl::parse(mpl::bytes{out.data(), *n}, true, 4);
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->size(), *n);
  EXPECT_EQ(v->routes().begin()->as_WithId()->path_id(), 7u);
}

// An embedded packet's argument read from a field around its element: the
// case chosen must be the one parse() takes from the packet's version.
TEST(ElementOuterFields, AnEmbeddedPacketsArgumentFromAroundItsElementIsChecked) {
  std::array<sl::samples_element_builder, 1> samples{
      {{.sample = vs::builder{.reading = 0x1234, .body = vs::WithQuality{.quality = 9}}}}};
  sl::builder b{.version = 1, .samples = samples};
  std::array<std::uint8_t, 16> out{};
  auto n = b.write(out);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().kind, mpl::error_kind::no_branch_matched);
  EXPECT_STREQ(n.error().field, "versioned_sample.classify");
  EXPECT_EQ(n.error().found, 1u);

  b.version = 2;
  n = b.write(out);
  ASSERT_TRUE(n.ok()) << n.error().describe();
  EXPECT_EQ(Bytes(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(*n)), (Bytes{2, 1, 0x12, 0x34, 9}));
  auto v = sl::parse(mpl::bytes{out.data(), *n});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->samples().begin()->sample().as_WithQuality()->quality(), 9u);
}

// part_size 2, stamped; record 0x11 (stamp 0x0102) has two parts with 1-byte
// tags, record 0x22 (stamp 0x0304) two parts with no tag.
const Bytes kRecords = {
    2, 0x80, 2,                                          // part_size, stamped, count
    0x11, 0x01, 0x02, 1, 6, 0xaa, 0xbb, 0x01, 0xcc, 0xdd, 0x02,  // key, stamp, tag_size, parts
    0x22, 0x03, 0x04, 0, 4, 0xee, 0xff, 0x01, 0x02,
};

TEST(ElementOuterFields, FieldsOfEnclosingBlocksReachNestedElements) {
  auto v = rt::parse(mpl::bytes{kRecords.data(), kRecords.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->size(), kRecords.size());
  std::vector<std::uint16_t> stamps;
  std::vector<Bytes> parts, tags;
  for (const auto& record : v->records()) {
    ASSERT_TRUE(record.as_Stamped().has_value());
    stamps.push_back(record.as_Stamped()->stamp());
    for (const auto& part : record.parts()) {
      parts.emplace_back(part.part().begin(), part.part().end());
      tags.emplace_back(part.tag().begin(), part.tag().end());
    }
  }
  EXPECT_EQ(stamps, (std::vector<std::uint16_t>{0x0102, 0x0304}));
  EXPECT_EQ(parts, (std::vector<Bytes>{{0xaa, 0xbb}, {0xcc, 0xdd}, {0xee, 0xff}, {0x01, 0x02}}));
  EXPECT_EQ(tags, (std::vector<Bytes>{{0x01}, {0x02}, {}, {}}));
}

TEST(ElementOuterFields, AnOuterFieldDecidesHowElementsRead) {
  // Not stamped: record 0x11's tag_size is 0x01 and parts_length 0x02: the
  // 2-byte part fits, its 1-byte tag does not.
  Bytes plain = kRecords;
  plain[1] = 0x00;
  auto v = rt::parse(mpl::bytes{plain.data(), plain.size()});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, mpl::error_kind::truncated);
  EXPECT_STREQ(v.error().field, "record_table.records.parts.tag");

  // part_size 1: record 0x11's six bytes are three parts of 1 + 1.
  Bytes narrow = kRecords;
  narrow[0] = 1;
  narrow.resize(14);
  narrow[2] = 1;
  auto w = rt::parse(mpl::bytes{narrow.data(), narrow.size()});
  ASSERT_TRUE(w.ok()) << w.error().describe();
  EXPECT_EQ(w->records().begin()->parts().size(), 3u);
}

TEST(ElementOuterFields, EveryTruncationIsRefused) {
  for (std::size_t n = 0; n < kRecords.size(); ++n) {
    const Bytes cut(kRecords.begin(), kRecords.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(rt::parse(mpl::bytes{cut.data(), cut.size()}).ok()) << n << " bytes";
  }
}

TEST(ElementOuterFields, BuildsTheSameBytes) {
  const std::array<std::uint8_t, 8> b{0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01, 0x02};
  const std::array<std::uint8_t, 2> t{0x01, 0x02};
  const auto at = [](const auto& a, std::size_t i, std::size_t n) { return mpl::bytes{a.data() + i, n}; };
  const std::array<rt::parts_element_builder, 2> first{{{.part = at(b, 0, 2), .tag = at(t, 0, 1)},
                                                        {.part = at(b, 2, 2), .tag = at(t, 1, 1)}}};
  const std::array<rt::parts_element_builder, 2> second{{{.part = at(b, 4, 2)}, {.part = at(b, 6, 2)}}};
  const std::array<rt::records_element_builder, 2> records{{
      {.key = 0x11, .body = rt::Stamped{.stamp = 0x0102}, .tag_size = 1, .parts = first},
      {.key = 0x22, .body = rt::Stamped{.stamp = 0x0304}, .tag_size = 0, .parts = second},
  }};
  const rt::builder builder{.part_size = 2, .stamped = 1, .records = records};
  std::array<std::uint8_t, 64> out{};
  auto n = builder.write(out);
  ASSERT_TRUE(n.ok()) << n.error().describe();
  EXPECT_EQ(Bytes(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(*n)), kRecords);
}

// The element builders receive the fields of the frames around them that
// they read (issue 14, "Soundness"; found by the property tests): write()
// refuses a part not part_size bytes long, a tag not tag_size long, and a
// case the packet's `stamped` does not select, which parse() would read
// otherwise.
TEST(ElementOuterFields, WriteChecksWhatTheFieldsAroundAnElementDecide) {
  const std::array<std::uint8_t, 3> three{1, 2, 3};
  const std::array<std::uint8_t, 2> two{1, 2};
  const std::array<std::uint8_t, 1> one{9};
  std::array<rt::parts_element_builder, 1> parts{{{.part = mpl::bytes{three}, .tag = mpl::bytes{one}}}};
  std::array<rt::records_element_builder, 1> records{{{.key = 1, .body = rt::Plain{}, .tag_size = 1, .parts = parts}}};
  rt::builder builder{.part_size = 2, .stamped = 0, .records = records};
  std::array<std::uint8_t, 64> out{};
  auto n = builder.write(out);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().kind, mpl::error_kind::bad_length);
  EXPECT_STREQ(n.error().field, "record_table.records.parts.part");
  EXPECT_EQ(n.error().found, 2u);  // part_size, from the packet two frames out
  EXPECT_EQ(n.error().lo, 3u);

  parts[0].part = mpl::bytes{two};
  records[0].tag_size = 0;  // the tag given is one byte
  n = builder.write(out);
  ASSERT_FALSE(n.ok());
  EXPECT_STREQ(n.error().field, "record_table.records.parts.tag");

  records[0].tag_size = 1;
  builder.stamped = 1;  // parse() would read a stamp the Plain case has not
  n = builder.write(out);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().kind, mpl::error_kind::no_branch_matched);

  builder.stamped = 0;
  n = builder.write(out);
  ASSERT_TRUE(n.ok()) << n.error().describe();
  auto v = rt::parse(mpl::bytes{out.data(), *n});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->size(), *n);
}

}  // namespace
