// Known-answer vectors for IPv4: headers without and with options (every
// option kind of ppp__ipv4-options.pcap: an unregistered one kept raw, end
// of list, no-operation, record route, both timestamp forms, router alert,
// loose and strict source route), the fragment fields from a fragmented DNS
// response, and a hand-assembled header (prespecified timestamps, ECN) whose
// checksum is computed here by a reference function. Every expected value
// is tshark's decode of the same frame (`tshark -V`), or RFC 791's layout
// for the hand-assembled one. Each packet is then built from a builder fed
// those values, and must come out byte for byte, checksum included.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "capture.h"
#include "ethernet.h"
#include "ipv4.h"

namespace {

using codec_test::bytes_of;
using codec_test::Frame;
using codec_test::from_hex;
namespace opt = ipv4::ipv4_option;
using OptCase = opt::type_case_t;

std::string hex(mpl::bytes b) {
  std::string s;
  char buf[3];
  for (std::uint8_t x : b) {
    std::snprintf(buf, sizeof buf, "%02x", x);
    s += buf;
  }
  return s;
}

std::uint32_t addr(const char* dotted) {
  unsigned a = 0, b = 0, c = 0, d = 0;
  EXPECT_EQ(std::sscanf(dotted, "%u.%u.%u.%u", &a, &b, &c, &d), 4);
  return (a << 24) | (b << 16) | (c << 8) | d;
}

// Frame `number` (1-based, as tshark counts) of a corpus capture.
const Frame& corpus_frame(const std::string& file, std::size_t number) {
  static std::map<std::string, std::vector<Frame>> cache;
  auto it = cache.find(file);
  if (it == cache.end()) it = cache.emplace(file, codec_test::read_frames(codec_test::corpus(file))).first;
  static const Frame empty;
  EXPECT_GE(it->second.size(), number) << file;
  return number <= it->second.size() ? it->second[number - 1] : empty;
}

mpl::bytes ip_of(const Frame& frame) {
  auto eth = ethernet::ethernet::parse(bytes_of(frame));
  EXPECT_TRUE(eth.ok());
  if (!eth.ok() || !eth->as_IPv4()) return {};
  return eth->as_IPv4()->payload();
}

// RFC 1071 the obvious way, to check the builder and the codec against.
std::uint16_t reference_checksum(mpl::bytes d) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < d.size(); i += 2) {
    sum += static_cast<std::uint32_t>(d[i] << 8) + (i + 1 < d.size() ? d[i + 1] : 0u);
    sum = (sum & 0xffffu) + (sum >> 16);
  }
  return static_cast<std::uint16_t>(~sum);
}

// tshark's decode of one IPv4 header.
struct Ipv4Fields {
  std::uint8_t ihl;
  std::uint8_t dscp;
  std::uint8_t ecn;
  std::uint16_t total_length;
  std::uint16_t identification;
  std::uint8_t dont_fragment;
  std::uint8_t more_fragments;
  std::uint16_t fragment_offset;
  std::uint8_t ttl;
  std::uint8_t protocol;
  std::uint16_t header_checksum;
  const char* src;
  const char* dst;
};

void expect_ipv4(const ipv4::ipv4::view& ip, const Ipv4Fields& e) {
  EXPECT_EQ(ip.version(), 4u);
  EXPECT_EQ(ip.ihl(), e.ihl);
  EXPECT_EQ(ip.dscp(), e.dscp);
  EXPECT_EQ(static_cast<unsigned>(ip.ecn()), e.ecn);
  EXPECT_EQ(ip.total_length(), e.total_length);
  EXPECT_EQ(ip.identification(), e.identification);
  EXPECT_EQ(ip.reserved(), 0u);
  EXPECT_EQ(ip.dont_fragment(), e.dont_fragment);
  EXPECT_EQ(ip.more_fragments(), e.more_fragments);
  EXPECT_EQ(ip.fragment_offset(), e.fragment_offset);
  EXPECT_EQ(ip.ttl(), e.ttl);
  EXPECT_EQ(static_cast<unsigned>(ip.protocol()), e.protocol);
  EXPECT_EQ(ip.header_checksum(), e.header_checksum);
  EXPECT_EQ(ip.src(), addr(e.src));
  EXPECT_EQ(ip.dst(), addr(e.dst));
  EXPECT_EQ(ip.header_end(), e.ihl * 4u);
  EXPECT_EQ(ip.payload().size(), e.total_length - e.ihl * 4u);
  EXPECT_EQ(ip.size(), e.total_length);
  EXPECT_EQ(mpl::internet_checksum(ip.bytes().first(e.ihl * 4u)), 0);  // tshark: [correct]
}

std::vector<ipv4::ipv4::options_element> options_of(const ipv4::ipv4::view& ip) {
  std::vector<ipv4::ipv4::options_element> all;
  for (const auto& e : ip.options()) all.push_back(e);
  EXPECT_EQ(all.size(), ip.options().size());
  return all;
}

template <typename Builder>
void expect_builds(const Builder& b, mpl::bytes expected) {
  ASSERT_EQ(b.size(), expected.size());
  std::vector<std::uint8_t> out(expected.size() + 8, 0xee);
  auto n = b.write(mpl::mutable_bytes{out.data(), out.size()});
  ASSERT_TRUE(n.ok()) << n.error().describe();
  ASSERT_EQ(*n, expected.size());
  EXPECT_EQ(hex({out.data(), *n}), hex(expected));
  EXPECT_EQ(out[*n], 0xee);
}

constexpr const char* kOptions = "icmp/ppp__ipv4-options.pcap";

TEST(Ipv4KnownAnswer, NoOptions) {
  MPL_NEEDS_CORPUS();
  // ppp__many-protocols.pcap frame 53: a DNS query over UDP.
  const Frame& f = corpus_frame("ip/ppp__many-protocols.pcap", 53);
  ASSERT_EQ(f.size(), 74u);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok()) << ip.error().describe();
  expect_ipv4(*ip, {5, 0, 0, 60, 0x6472, 0, 0, 0, 128, 17, 0xc1b4, "10.0.0.1", "10.0.0.138"});
  EXPECT_EQ(ip->protocol(), ipv4::ipv4::protocol_t::UDP);
  EXPECT_TRUE(ip->options().empty());
  EXPECT_EQ(ip->options().bytes().size(), 0u);
  expect_builds(ipv4::ipv4::builder{.identification = 0x6472, .ttl = 128, .protocol = ipv4::ipv4::protocol_t::UDP,
                                    .src = addr("10.0.0.1"), .dst = addr("10.0.0.138"), .payload = ip->payload()},
                ip->bytes());
}

TEST(Ipv4KnownAnswer, DscpAndDontFragment) {
  MPL_NEEDS_CORPUS();
  // tcpdump tcp_rst_data.pcap: DS field 0x20 (CS1), DF, TTL 243.
  const Frame& f = corpus_frame("ip/tcpdump__tcp_rst_data.pcap", 1);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  expect_ipv4(*ip, {5, 8, 0, 98, 0x2033, 1, 0, 0, 243, 6, 0x4ee3, "199.204.31.89", "172.16.133.41"});
  expect_builds(ipv4::ipv4::builder{.dscp = 8, .identification = 0x2033, .dont_fragment = 1, .ttl = 243,
                                    .protocol = ipv4::ipv4::protocol_t::TCP, .src = addr("199.204.31.89"),
                                    .dst = addr("172.16.133.41"), .payload = ip->payload()},
                ip->bytes());
}

TEST(Ipv4KnownAnswer, FirstFragmentHasMoreFragments) {
  MPL_NEEDS_CORPUS();
  // zeek dns-edns-ecs.pcap frame 53: the first 1480 bytes of a DNS response.
  const Frame& f = corpus_frame("dns/zeek__dns-edns-ecs.pcap", 53);
  ASSERT_EQ(f.size(), 1514u);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  expect_ipv4(*ip, {5, 0, 0, 1500, 0xd0fe, 0, 1, 0, 64, 17, 0x09e6, "193.24.227.238", "172.217.40.76"});
  expect_builds(ipv4::ipv4::builder{.identification = 0xd0fe, .more_fragments = 1, .protocol = ipv4::ipv4::protocol_t::UDP,
                                    .src = addr("193.24.227.238"), .dst = addr("172.217.40.76"), .payload = ip->payload()},
                ip->bytes());
}

TEST(Ipv4KnownAnswer, LastFragmentHasAnOffset) {
  MPL_NEEDS_CORPUS();
  // Frame 54: the rest, at 1480 bytes (offset field 185, in 8-byte units).
  const Frame& f = corpus_frame("dns/zeek__dns-edns-ecs.pcap", 54);
  ASSERT_EQ(f.size(), 264u);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  expect_ipv4(*ip, {5, 0, 0, 250, 0xd0fe, 0, 0, 185, 64, 17, 0x2e0f, "193.24.227.238", "172.217.40.76"});
  expect_builds(ipv4::ipv4::builder{.identification = 0xd0fe, .fragment_offset = 185, .protocol = ipv4::ipv4::protocol_t::UDP,
                                    .src = addr("193.24.227.238"), .dst = addr("172.217.40.76"), .payload = ip->payload()},
                ip->bytes());
}

TEST(Ipv4KnownAnswer, UnregisteredOptionKeptRawThenEndOfList) {
  MPL_NEEDS_CORPUS();
  // Frame 1: a commercial security option (type 134, length 22; tshark:
  // DOI 2, tag type 2, sensitivity 2, categories 0,2,4,5,6,239), then EOL.
  const Frame& f = corpus_frame(kOptions, 1);
  ASSERT_EQ(f.size(), 122u);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok()) << ip.error().describe();
  expect_ipv4(*ip, {11, 0, 0, 108, 0x7837, 0, 0, 0, 64, 1, 0x752d, "127.0.0.1", "127.0.0.1"});
  EXPECT_EQ(ip->options().bytes().size(), 24u);
  auto opts = options_of(*ip);
  ASSERT_EQ(opts.size(), 2u);
  EXPECT_EQ(static_cast<unsigned>(opts[0].option().type()), 134u);
  ASSERT_EQ(opts[0].option().type_case(), OptCase::Unknown);
  auto cipso = opts[0].option().as_Unknown();
  ASSERT_TRUE(cipso.has_value());
  EXPECT_EQ(cipso->length(), 22u);
  EXPECT_EQ(hex(cipso->data()), "000000020210000200000002000400050006" "00ef");  // DOI 2, tag 2 len 16, level 2, categories
  EXPECT_EQ(opts[0].size(), 22u);
  EXPECT_EQ(opts[1].option().type(), opt::type_t::EndOfOptionList);
  ASSERT_EQ(opts[1].option().type_case(), OptCase::EndOfOptionList);
  EXPECT_EQ(hex(opts[1].option().as_EndOfOptionList()->padding()), "00");
  EXPECT_EQ(opts[1].size(), 2u);

  const std::uint8_t zero[] = {0};
  const std::vector<ipv4::ipv4::options_element_builder> options{
      {.option = {.type = static_cast<opt::type_t>(134), .body = opt::Unknown{.data = cipso->data()}}},
      {.option = {.body = opt::EndOfOptionList{.padding = mpl::bytes{zero}}}},
  };
  expect_builds(ipv4::ipv4::builder{.identification = 0x7837, .protocol = ipv4::ipv4::protocol_t::ICMP, .src = addr("127.0.0.1"),
                                    .dst = addr("127.0.0.1"), .options = options, .payload = ip->payload()},
                ip->bytes());
}

TEST(Ipv4KnownAnswer, TimestampsOnly) {
  MPL_NEEDS_CORPUS();
  // Frame 2: a 40-byte timestamp option, pointer 9, one stamp of nine filled.
  const Frame& f = corpus_frame(kOptions, 2);
  ASSERT_EQ(f.size(), 138u);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok()) << ip.error().describe();
  expect_ipv4(*ip, {15, 0, 0, 124, 0x82e1, 1, 0, 0, 64, 1, 0x0d44, "10.0.0.6", "10.0.0.138"});
  auto opts = options_of(*ip);
  ASSERT_EQ(opts.size(), 1u);
  EXPECT_EQ(opts[0].option().type(), opt::type_t::Timestamp);
  ASSERT_EQ(opts[0].option().type_case(), OptCase::Timestamp);
  auto ts = opts[0].option().as_Timestamp();
  ASSERT_TRUE(ts.has_value());
  EXPECT_EQ(ts->length(), 40u);
  EXPECT_EQ(ts->pointer(), 9u);
  EXPECT_EQ(ts->overflow(), 0u);
  EXPECT_EQ(ts->flag(), opt::flag_t::TimestampsOnly);
  ASSERT_EQ(ts->flag_case(), opt::flag_case_t::TimestampsOnly);
  EXPECT_EQ(ts->entries_end(), 40u);
  auto only = ts->as_TimestampsOnly();
  ASSERT_TRUE(only.has_value());
  std::vector<std::uint32_t> stamps;
  for (const auto& s : only->stamps()) stamps.push_back(s.timestamp());
  EXPECT_EQ(stamps, (std::vector<std::uint32_t>{82524601, 0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(only->stamps().size(), 9u);

  std::vector<opt::stamps_element_builder> stamp_builders(9);
  stamp_builders[0].timestamp = 82524601;
  const std::vector<ipv4::ipv4::options_element_builder> options{
      {.option = {.body = opt::Timestamp{.pointer = 9, .body = opt::TimestampsOnly{.stamps = stamp_builders}}}}};
  expect_builds(ipv4::ipv4::builder{.identification = 0x82e1, .dont_fragment = 1, .protocol = ipv4::ipv4::protocol_t::ICMP,
                                    .src = addr("10.0.0.6"), .dst = addr("10.0.0.138"), .options = options,
                                    .payload = ip->payload()},
                ip->bytes());
}

TEST(Ipv4KnownAnswer, RouterAlert) {
  MPL_NEEDS_CORPUS();
  // Frame 3: an IGMP query with the RFC 2113 router alert (value 0).
  const Frame& f = corpus_frame(kOptions, 3);
  ASSERT_EQ(f.size(), 60u);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  expect_ipv4(*ip, {6, 0, 0, 36, 0x0000, 1, 0, 0, 1, 2, 0xfa48, "10.0.0.138", "224.0.0.1"});
  EXPECT_EQ(ip->protocol(), ipv4::ipv4::protocol_t::IGMP);
  auto opts = options_of(*ip);
  ASSERT_EQ(opts.size(), 1u);
  EXPECT_EQ(opts[0].option().type(), opt::type_t::RouterAlert);
  ASSERT_EQ(opts[0].option().type_case(), OptCase::RouterAlert);
  auto ra = opts[0].option().as_RouterAlert();
  ASSERT_TRUE(ra.has_value());
  EXPECT_EQ(ra->length(), 4u);
  EXPECT_EQ(ra->alert(), opt::alert_t::ExaminePacket);
  EXPECT_EQ(hex(ip->payload()), "110aec7800000000027d0000");  // IGMPv3 query, 12 bytes; the rest is Ethernet padding

  const std::vector<ipv4::ipv4::options_element_builder> options{{.option = {.body = opt::RouterAlert{}}}};
  expect_builds(ipv4::ipv4::builder{.dont_fragment = 1, .ttl = 1, .protocol = ipv4::ipv4::protocol_t::IGMP, .src = addr("10.0.0.138"),
                                    .dst = addr("224.0.0.1"), .options = options, .payload = ip->payload()},
                ip->bytes());
}

TEST(Ipv4KnownAnswer, RecordRoute) {
  MPL_NEEDS_CORPUS();
  // Frame 4: record route, length 39, pointer 16: three hops recorded, six
  // empty slots; then EOL.
  const Frame& f = corpus_frame(kOptions, 4);
  ASSERT_EQ(f.size(), 94u);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  expect_ipv4(*ip, {15, 0, 0, 80, 0x0000, 1, 0, 0, 64, 6, 0xead8, "10.0.0.138", "10.0.0.6"});
  auto opts = options_of(*ip);
  ASSERT_EQ(opts.size(), 2u);
  EXPECT_EQ(opts[0].option().type(), opt::type_t::RecordRoute);
  ASSERT_EQ(opts[0].option().type_case(), OptCase::RecordRoute);
  auto rr = opts[0].option().as_RecordRoute();
  ASSERT_TRUE(rr.has_value());
  EXPECT_EQ(rr->length(), 39u);
  EXPECT_EQ(rr->pointer(), 16u);
  std::vector<std::uint32_t> route;
  for (const auto& hop : rr->route()) route.push_back(hop.address());
  EXPECT_EQ(route, (std::vector<std::uint32_t>{addr("1.2.3.4"), addr("10.0.0.138"), addr("10.0.0.138"), 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(opts[1].option().type_case(), OptCase::EndOfOptionList);
  EXPECT_EQ(opts[1].option().as_EndOfOptionList()->padding().size(), 0u);

  std::vector<opt::route_element_builder> hops(9);
  hops[0].address = addr("1.2.3.4");
  hops[1].address = addr("10.0.0.138");
  hops[2].address = addr("10.0.0.138");
  const std::vector<ipv4::ipv4::options_element_builder> options{
      {.option = {.body = opt::RecordRoute{.pointer = 16, .route = hops}}},
      {.option = {.body = opt::EndOfOptionList{}}},
  };
  expect_builds(ipv4::ipv4::builder{.dont_fragment = 1, .protocol = ipv4::ipv4::protocol_t::TCP, .src = addr("10.0.0.138"),
                                    .dst = addr("10.0.0.6"), .options = options, .payload = ip->payload()},
                ip->bytes());
}

TEST(Ipv4KnownAnswer, TimestampsWithAddresses) {
  MPL_NEEDS_CORPUS();
  // Frame 5: flag 1, length 36, pointer 29: three (address, stamp) pairs
  // filled and one free.
  const Frame& f = corpus_frame(kOptions, 5);
  ASSERT_EQ(f.size(), 134u);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  expect_ipv4(*ip, {14, 0, 0, 120, 0x1f85, 0, 0, 0, 64, 1, 0x02c0, "10.0.0.138", "10.0.0.6"});
  auto opts = options_of(*ip);
  ASSERT_EQ(opts.size(), 1u);
  auto ts = opts[0].option().as_Timestamp();
  ASSERT_TRUE(ts.has_value());
  EXPECT_EQ(ts->length(), 36u);
  EXPECT_EQ(ts->pointer(), 29u);
  EXPECT_EQ(ts->overflow(), 0u);
  EXPECT_EQ(ts->flag(), opt::flag_t::WithAddresses);
  ASSERT_EQ(ts->flag_case(), opt::flag_case_t::WithAddresses);
  EXPECT_EQ(ts->entries_end(), 36u);
  auto with = ts->as_WithAddresses();
  ASSERT_TRUE(with.has_value());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> entries;
  for (const auto& e : with->entries()) entries.emplace_back(e.address(), e.timestamp());
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> expected{
      {addr("10.0.0.6"), 70037668}, {addr("10.0.0.138"), 77233718}, {addr("10.0.0.138"), 77233718}, {0, 0}};
  EXPECT_EQ(entries, expected);

  std::vector<opt::entries_element_builder> entry_builders;
  for (const auto& [a, t] : expected) entry_builders.push_back({.address = a, .timestamp = t});
  const std::vector<ipv4::ipv4::options_element_builder> options{
      {.option = {.body = opt::Timestamp{.pointer = 29, .flag = opt::flag_t::WithAddresses,
                                         .body = opt::WithAddresses{.entries = entry_builders}}}}};
  expect_builds(ipv4::ipv4::builder{.identification = 0x1f85, .protocol = ipv4::ipv4::protocol_t::ICMP, .src = addr("10.0.0.138"),
                                    .dst = addr("10.0.0.6"), .options = options, .payload = ip->payload()},
                ip->bytes());
}

TEST(Ipv4KnownAnswer, NoOperationThenStrictSourceRoute) {
  MPL_NEEDS_CORPUS();
  // Frame 6: NOP, then strict source route (length 7, pointer 4, one hop
  // 0.0.0.0). tshark shows the header's destination 10.0.0.138 as "Current
  // Route" and the route's last hop as the destination.
  const Frame& f = corpus_frame(kOptions, 6);
  ASSERT_EQ(f.size(), 50u);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  expect_ipv4(*ip, {7, 0, 0, 36, 0x334c, 0, 0, 0, 64, 1, 0x2871, "10.0.0.6", "10.0.0.138"});
  auto opts = options_of(*ip);
  ASSERT_EQ(opts.size(), 2u);
  EXPECT_EQ(opts[0].option().type(), opt::type_t::NoOperation);
  EXPECT_EQ(opts[0].option().type_case(), OptCase::NoOperation);
  EXPECT_TRUE(opts[0].option().as_NoOperation().has_value());
  EXPECT_EQ(opts[0].size(), 1u);
  EXPECT_EQ(opts[1].option().type(), opt::type_t::StrictSourceRoute);
  ASSERT_EQ(opts[1].option().type_case(), OptCase::StrictSourceRoute);
  auto ssr = opts[1].option().as_StrictSourceRoute();
  ASSERT_TRUE(ssr.has_value());
  EXPECT_EQ(ssr->length(), 7u);
  EXPECT_EQ(ssr->pointer(), 4u);
  ASSERT_EQ(ssr->route().size(), 1u);
  EXPECT_EQ(ssr->route().begin()->address(), 0u);

  const std::vector<opt::StrictSourceRoute_route_element_builder> hops{{.address = 0}};
  const std::vector<ipv4::ipv4::options_element_builder> options{
      {.option = {.body = opt::NoOperation{}}},
      {.option = {.body = opt::StrictSourceRoute{.route = hops}}},
  };
  expect_builds(ipv4::ipv4::builder{.identification = 0x334c, .protocol = ipv4::ipv4::protocol_t::ICMP, .src = addr("10.0.0.6"),
                                    .dst = addr("10.0.0.138"), .options = options, .payload = ip->payload()},
                ip->bytes());
}

TEST(Ipv4KnownAnswer, NoOperationThenLooseSourceRoute) {
  MPL_NEEDS_CORPUS();
  const Frame& f = corpus_frame(kOptions, 7);
  ASSERT_EQ(f.size(), 50u);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  expect_ipv4(*ip, {7, 0, 0, 36, 0x47a3, 0, 0, 0, 64, 1, 0x1420, "10.0.0.6", "10.0.0.138"});
  auto opts = options_of(*ip);
  ASSERT_EQ(opts.size(), 2u);
  EXPECT_EQ(opts[0].option().type_case(), OptCase::NoOperation);
  EXPECT_EQ(opts[1].option().type(), opt::type_t::LooseSourceRoute);
  ASSERT_EQ(opts[1].option().type_case(), OptCase::LooseSourceRoute);
  auto lsr = opts[1].option().as_LooseSourceRoute();
  ASSERT_TRUE(lsr.has_value());
  EXPECT_EQ(lsr->length(), 7u);
  EXPECT_EQ(lsr->pointer(), 4u);
  ASSERT_EQ(lsr->route().size(), 1u);
  EXPECT_EQ(lsr->route().begin()->address(), 0u);

  const std::vector<opt::LooseSourceRoute_route_element_builder> hops{{.address = 0}};
  const std::vector<ipv4::ipv4::options_element_builder> options{
      {.option = {.body = opt::NoOperation{}}},
      {.option = {.body = opt::LooseSourceRoute{.route = hops}}},
  };
  expect_builds(ipv4::ipv4::builder{.identification = 0x47a3, .protocol = ipv4::ipv4::protocol_t::ICMP, .src = addr("10.0.0.6"),
                                    .dst = addr("10.0.0.138"), .options = options, .payload = ip->payload()},
                ip->bytes());
}

TEST(Ipv4KnownAnswer, HandAssembledPrespecifiedTimestampsAndEcn) {
  // RFC 791 layout: version 4 / IHL 10 (40 bytes); DSCP 46 (EF) with ECN CE
  // (0xbb); total length 44; id 0xbeef; MF set, offset 3 (24 bytes) =
  // 0x2003; TTL 17; protocol 17; checksum (filled below); 192.0.2.1 ->
  // 198.51.100.2; option: timestamp (68), length 20, pointer 5, overflow 2,
  // flag 3, two prespecified addresses with empty stamps. 4 payload bytes.
  std::vector<std::uint8_t> packet = from_hex(
      "4abb002cbeef2003" "1111" "0000" "c0000201" "c6336402"
      "441405" "23" "c0000201" "00000000" "c6336402" "00000000"
      "deadbeef");
  ASSERT_EQ(packet.size(), 44u);
  const std::uint16_t c = reference_checksum(mpl::bytes{packet.data(), 40});
  packet[10] = static_cast<std::uint8_t>(c >> 8);
  packet[11] = static_cast<std::uint8_t>(c);

  auto ip = ipv4::ipv4::parse(bytes_of(packet));
  ASSERT_TRUE(ip.ok()) << ip.error().describe();
  expect_ipv4(*ip, {10, 46, 3, 44, 0xbeef, 0, 1, 3, 17, 17, c, "192.0.2.1", "198.51.100.2"});
  EXPECT_EQ(ip->ecn(), ipv4::ipv4::ecn_t::CongestionExperienced);
  auto opts = options_of(*ip);
  ASSERT_EQ(opts.size(), 1u);
  auto ts = opts[0].option().as_Timestamp();
  ASSERT_TRUE(ts.has_value());
  EXPECT_EQ(ts->length(), 20u);
  EXPECT_EQ(ts->pointer(), 5u);
  EXPECT_EQ(ts->overflow(), 2u);
  EXPECT_EQ(ts->flag(), opt::flag_t::Prespecified);
  ASSERT_EQ(ts->flag_case(), opt::flag_case_t::Prespecified);
  auto pre = ts->as_Prespecified();
  ASSERT_TRUE(pre.has_value());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> entries;
  for (const auto& e : pre->entries()) entries.emplace_back(e.address(), e.timestamp());
  EXPECT_EQ(entries, (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{addr("192.0.2.1"), 0}, {addr("198.51.100.2"), 0}}));
  EXPECT_EQ(hex(ip->payload()), "deadbeef");

  const std::vector<opt::Prespecified_entries_element_builder> slots{{.address = addr("192.0.2.1")},
                                                                     {.address = addr("198.51.100.2")}};
  const std::vector<ipv4::ipv4::options_element_builder> options{
      {.option = {.body = opt::Timestamp{.overflow = 2, .flag = opt::flag_t::Prespecified,
                                         .body = opt::Prespecified{.entries = slots}}}}};
  expect_builds(ipv4::ipv4::builder{.dscp = 46, .ecn = ipv4::ipv4::ecn_t::CongestionExperienced, .identification = 0xbeef,
                                    .more_fragments = 1, .fragment_offset = 3, .ttl = 17,
                                    .protocol = ipv4::ipv4::protocol_t::UDP, .src = addr("192.0.2.1"),
                                    .dst = addr("198.51.100.2"), .options = options, .payload = ip->payload()},
                bytes_of(packet));
}

TEST(Ipv4KnownAnswer, BuilderPadsOptionsToAWordBoundary) {
  // A lone 7-byte loose source route becomes 8 bytes of options (IHL 7):
  // the builder adds one zero byte, which parses back as End of Option List.
  const std::vector<opt::LooseSourceRoute_route_element_builder> hops{{.address = addr("10.0.0.138")}};
  const std::vector<ipv4::ipv4::options_element_builder> options{{.option = {.body = opt::LooseSourceRoute{.route = hops}}}};
  const ipv4::ipv4::builder b{.protocol = ipv4::ipv4::protocol_t::ICMP, .src = addr("10.0.0.6"), .dst = addr("10.0.0.1"),
                              .options = options};
  ASSERT_EQ(b.size(), 28u);
  std::vector<std::uint8_t> out(28);
  ASSERT_TRUE(b.write(mpl::mutable_bytes{out.data(), out.size()}).ok());
  EXPECT_EQ(out[0], 0x47);
  EXPECT_EQ(hex(mpl::bytes{out.data() + 20, 8}), "8307040a00008a00");
  EXPECT_EQ(reference_checksum(bytes_of(out)), 0);
  auto ip = ipv4::ipv4::parse(bytes_of(out));
  ASSERT_TRUE(ip.ok());
  auto opts = options_of(*ip);
  ASSERT_EQ(opts.size(), 2u);
  EXPECT_EQ(opts[1].option().type_case(), OptCase::EndOfOptionList);
}

}  // namespace
