// In-place mutation through mutable views: a router's TTL decrement with the
// incremental header checksum update (RFC 1624), NAT rewrites of an address
// and a port in IPv4+UDP and IPv4+TCP with every checksum kept right, and a
// setter on every fixed-position field of the IPv4 header that must change
// that field and nothing else. Every incrementally updated checksum is
// checked against a full recomputation (a plain reference sum) and against
// a packet built from scratch with the new values.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "capture.h"
#include "ethernet.h"
#include "icmp.h"
#include "ipv4.h"
#include "tcp.h"
#include "udp.h"

namespace {

using codec_test::bytes_of;
using codec_test::Frame;

std::string hex(mpl::bytes b) {
  std::string s;
  char buf[3];
  for (std::uint8_t x : b) {
    std::snprintf(buf, sizeof buf, "%02x", x);
    s += buf;
  }
  return s;
}

std::uint16_t reference_sum_complement(const std::vector<std::uint8_t>& all) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < all.size(); i += 2) {
    sum += static_cast<std::uint32_t>(all[i] << 8) + (i + 1 < all.size() ? all[i + 1] : 0u);
    sum = (sum & 0xffffu) + (sum >> 16);
  }
  return static_cast<std::uint16_t>(~sum);
}

// The checksum a field must hold: computed over `bytes` with the two bytes
// at `at` taken as zero (RFC 1071), independently of the runtime.
std::uint16_t full_checksum(mpl::bytes bytes, std::size_t at, const std::vector<std::uint8_t>& prefix = {}) {
  std::vector<std::uint8_t> all = prefix;
  const std::size_t base = all.size();
  all.insert(all.end(), bytes.begin(), bytes.end());
  all[base + at] = 0;
  all[base + at + 1] = 0;
  return reference_sum_complement(all);
}

std::vector<std::uint8_t> pseudo_header(std::uint32_t src, std::uint32_t dst, std::uint8_t protocol, std::size_t length) {
  std::vector<std::uint8_t> p;
  for (std::uint32_t a : {src, dst}) {
    for (int shift = 24; shift >= 0; shift -= 8) p.push_back(static_cast<std::uint8_t>(a >> shift));
  }
  p.push_back(0);
  p.push_back(protocol);
  p.push_back(static_cast<std::uint8_t>(length >> 8));
  p.push_back(static_cast<std::uint8_t>(length));
  return p;
}

Frame corpus_frame(const std::string& file, std::size_t number) {
  auto frames = codec_test::read_frames(codec_test::corpus(file));
  EXPECT_GE(frames.size(), number);
  return number <= frames.size() ? frames[number - 1] : Frame{};
}

// The IPv4 packet of an untagged frame, writable.
mpl::mutable_bytes ip_in(Frame& frame) {
  auto eth = ethernet::ethernet::parse(bytes_of(frame));
  EXPECT_TRUE(eth.ok() && eth->as_IPv4().has_value());
  return {frame.data() + 14, frame.size() - 14};
}

template <typename Builder>
std::vector<std::uint8_t> build(const Builder& b) {
  std::vector<std::uint8_t> out(b.size());
  auto n = b.write(mpl::mutable_bytes{out.data(), out.size()});
  EXPECT_TRUE(n.ok()) << n.error().describe();
  return out;
}

constexpr std::uint32_t kPublic = 0xcb007107;  // 203.0.113.7

TEST(Mutate, TtlDecrementUpdatesTheHeaderChecksum) {
  MPL_NEEDS_CORPUS();
  // zeek icmp_5-pings.pcap frame 1: TTL 64, header checksum 0xbd04.
  Frame f = corpus_frame("icmp/zeek__icmp_5-pings.pcap", 1);
  auto ip = ipv4::ipv4::parse_mutable(ip_in(f));
  ASSERT_TRUE(ip.ok());
  ASSERT_EQ(ip->ttl(), 64u);
  ASSERT_EQ(ip->header_checksum(), 0xbd04u);
  ip->update_ttl(63);
  EXPECT_EQ(ip->ttl(), 63u);
  // TTL is the high byte of its word: the sum drops by 0x0100.
  EXPECT_EQ(ip->header_checksum(), 0xbe04u);
  EXPECT_EQ(ip->header_checksum(), full_checksum(ip->bytes().first(20), 10));
  EXPECT_EQ(mpl::internet_checksum(ip->bytes().first(20)), 0);
  auto again = ipv4::ipv4::parse(ip->bytes());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->ttl(), 63u);
}

TEST(Mutate, EveryTtlValueAgreesWithFullRecomputation) {
  MPL_NEEDS_CORPUS();
  Frame f = corpus_frame("icmp/zeek__icmp_5-pings.pcap", 1);
  auto ip = ipv4::ipv4::parse_mutable(ip_in(f));
  ASSERT_TRUE(ip.ok());
  for (unsigned ttl = 255; ttl-- > 0;) {
    ip->update_ttl(static_cast<std::uint8_t>(ttl));
    ASSERT_EQ(ip->header_checksum(), full_checksum(ip->bytes().first(20), 10)) << "ttl " << ttl;
  }
  // set_ttl leaves the checksum stale; recompute_header_checksum repairs it.
  ip->set_ttl(200);
  EXPECT_NE(mpl::internet_checksum(ip->bytes().first(20)), 0);
  ip->recompute_header_checksum();
  EXPECT_EQ(ip->header_checksum(), full_checksum(ip->bytes().first(20), 10));
}

TEST(Mutate, TtlDecrementWithOptionsCoversTheWholeHeader) {
  MPL_NEEDS_CORPUS();
  // ppp ipv4-options.pcap frame 4: a 60-byte header (record route).
  Frame f = corpus_frame("icmp/ppp__ipv4-options.pcap", 4);
  auto ip = ipv4::ipv4::parse_mutable(ip_in(f));
  ASSERT_TRUE(ip.ok());
  ASSERT_EQ(ip->ihl(), 15u);
  ip->update_ttl(static_cast<std::uint8_t>(ip->ttl() - 1));
  EXPECT_EQ(ip->ttl(), 63u);
  EXPECT_EQ(ip->header_checksum(), full_checksum(ip->bytes().first(60), 10));
  EXPECT_EQ(mpl::internet_checksum(ip->bytes().first(60)), 0);
}

TEST(Mutate, SettersInsideAClassifyCaseUpdateThePacketChecksum) {
  MPL_NEEDS_CORPUS();
  // The ICMP echo identifier and sequence live in case EchoRequest: the
  // mutable view's as_EchoRequest() gives them setters, and update_ keeps
  // the ICMP checksum (over the whole message) exact.
  Frame f = corpus_frame("icmp/zeek__icmp_5-pings.pcap", 1);
  mpl::mutable_bytes ip = ip_in(f);
  auto icmp = icmp::icmp::parse_mutable(ip.subspan(20));
  ASSERT_TRUE(icmp.ok());
  auto echo = icmp->as_EchoRequest();
  ASSERT_TRUE(echo.has_value());
  EXPECT_FALSE(icmp->as_EchoReply().has_value());
  const std::vector<std::uint8_t> before(icmp->bytes().begin(), icmp->bytes().end());
  for (unsigned sequence : {0u, 1u, 0x1234u, 0xfffeu, 0xffffu}) {
    echo->update_sequence(static_cast<std::uint16_t>(sequence));
    EXPECT_EQ(echo->sequence(), sequence);
    EXPECT_EQ(icmp->checksum(), full_checksum(icmp->bytes(), 2)) << "sequence " << sequence;
  }
  echo->update_identifier(0xbeef);
  EXPECT_EQ(icmp->checksum(), full_checksum(icmp->bytes(), 2));
  EXPECT_EQ(mpl::internet_checksum(icmp->bytes()), 0);
  // Only bytes 2..7 (checksum, identifier, sequence) changed.
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (i < 2 || i > 7) {
      EXPECT_EQ(icmp->bytes()[i], before[i]) << "byte " << i;
    }
  }
  // set_ leaves the checksum alone.
  const std::uint16_t sum = icmp->checksum();
  echo->set_identifier(1);
  EXPECT_EQ(icmp->checksum(), sum);
  auto again = icmp::icmp::parse(icmp->bytes());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->as_EchoRequest()->identifier(), 1u);
}

TEST(Mutate, SourceNatOnUdp) {
  MPL_NEEDS_CORPUS();
  // ppp__many-protocols.pcap frame 53: 10.0.0.1:64286 -> 10.0.0.138:53.
  Frame f = corpus_frame("ip/ppp__many-protocols.pcap", 53);
  auto ip = ipv4::ipv4::parse_mutable(ip_in(f));
  ASSERT_TRUE(ip.ok());
  const std::size_t at = ip->header_end();
  auto u = udp::udp::parse_mutable({ip->mutable_bytes().data() + at, ip->payload().size()});
  ASSERT_TRUE(u.ok());
  ASSERT_EQ(u->checksum(), 0x5f9cu);

  const std::uint32_t old_src = ip->src();
  ip->update_src(kPublic);
  // The UDP checksum covers the address through the pseudo-header: the NAT
  // adjusts it for the address, then the port setter adjusts it for the port.
  u->set_checksum(mpl::checksum_update32(u->checksum(), old_src, kPublic));
  u->update_source_port(40000);

  EXPECT_EQ(ip->src(), kPublic);
  EXPECT_EQ(u->source_port(), 40000u);
  EXPECT_EQ(ip->header_checksum(), full_checksum(ip->bytes().first(20), 10));
  EXPECT_EQ(u->checksum(), full_checksum(u->bytes(), 6, pseudo_header(kPublic, ip->dst(), 17, u->size())));

  // The same packet built from scratch with the translated values.
  const udp::udp::builder translated{.source_port = 40000, .destination_port = 53, .payload = u->payload()};
  const ipv4::ipv4::builder packet{.identification = ip->identification(), .ttl = ip->ttl(),
                                   .protocol = ipv4::ipv4::protocol_t::UDP, .src = kPublic, .dst = ip->dst(),
                                   .payload = translated};
  EXPECT_EQ(hex(bytes_of(build(packet))), hex(ip->bytes()));
}

TEST(Mutate, UdpChecksumZeroMeansNoneAndIsNeverProduced) {
  // checksum(udp), RFC 768: a 0 on the wire means "no checksum" and must stay
  // 0 through in-place updates; a checksum that comes out 0 is sent as
  // 0xFFFF, by write(), by recompute_ and by update_.
  std::vector<std::uint8_t> datagram = {0x30, 0x39, 0x00, 0x35, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x00};
  auto none = udp::udp::parse_mutable({datagram.data(), datagram.size()});
  ASSERT_TRUE(none.ok());
  none->update_destination_port(5353);
  EXPECT_EQ(none->destination_port(), 5353u);
  EXPECT_EQ(none->checksum(), 0u);

  // Every destination port, updated incrementally from a valid checksum,
  // agrees with a full recomputation, with 0 replaced by 0xFFFF; some port
  // makes the sum come out 0, and it is stored as 0xFFFF.
  auto u = udp::udp::parse_mutable({datagram.data(), datagram.size()});
  ASSERT_TRUE(u.ok());
  u->recompute_checksum(mpl::checksum_accumulator{});
  ASSERT_NE(u->checksum(), 0u);
  bool met_zero = false;
  for (unsigned port = 0; port <= 0xffff; ++port) {
    u->update_destination_port(static_cast<std::uint16_t>(port));
    const std::uint16_t reference = full_checksum(u->bytes(), 6);
    met_zero = met_zero || reference == 0;
    ASSERT_EQ(u->checksum(), reference == 0 ? 0xffffu : reference) << "port " << port;
  }
  EXPECT_TRUE(met_zero);

  // write(): a payload chosen so that the sum is 0 gets 0xFFFF.
  const std::array<std::uint8_t, 2> zero{};
  const auto first = build(udp::udp::builder{.source_port = 7, .destination_port = 9, .payload = mpl::bytes{zero}});
  const std::uint16_t c0 = static_cast<std::uint16_t>(first[6] << 8 | first[7]);
  const std::array<std::uint8_t, 2> cancel{static_cast<std::uint8_t>(c0 >> 8), static_cast<std::uint8_t>(c0)};
  auto second = build(udp::udp::builder{.source_port = 7, .destination_port = 9, .payload = mpl::bytes{cancel}});
  EXPECT_EQ(full_checksum(bytes_of(second), 6), 0u);
  EXPECT_EQ(second[6], 0xff);
  EXPECT_EQ(second[7], 0xff);
  auto again = udp::udp::parse_mutable({second.data(), second.size()});
  ASSERT_TRUE(again.ok());
  again->recompute_checksum(mpl::checksum_accumulator{});
  EXPECT_EQ(again->checksum(), 0xffffu);
}

TEST(Mutate, DestinationNatOnTcp) {
  MPL_NEEDS_CORPUS();
  // ppp__many-protocols.pcap frame 34: 23.21.122.142:80 -> 10.0.0.1:55193,
  // with SACK options; rewrite the destination to 192.168.1.20:8080.
  Frame f = corpus_frame("ip/ppp__many-protocols.pcap", 34);
  auto ip = ipv4::ipv4::parse_mutable(ip_in(f));
  ASSERT_TRUE(ip.ok());
  const std::size_t at = ip->header_end();
  auto t = tcp::tcp::parse_mutable({ip->mutable_bytes().data() + at, ip->payload().size()});
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->checksum(), 0x2f51u);

  const std::uint32_t inside = 0xc0a80114;  // 192.168.1.20
  const std::uint32_t old_dst = ip->dst();
  ip->update_dst(inside);
  t->set_checksum(mpl::checksum_update32(t->checksum(), old_dst, inside));
  t->update_destination_port(8080);

  EXPECT_EQ(ip->dst(), inside);
  EXPECT_EQ(t->destination_port(), 8080u);
  EXPECT_EQ(ip->header_checksum(), full_checksum(ip->bytes().first(20), 10));
  EXPECT_EQ(t->checksum(), full_checksum(t->bytes(), 16, pseudo_header(ip->src(), inside, 6, t->size())));
  // recompute_checksum with the pseudo-header gives the same value.
  const std::uint16_t incremental = t->checksum();
  t->recompute_checksum(mpl::ipv4_pseudo_header(ip->src(), inside, 6, static_cast<std::uint16_t>(t->size())));
  EXPECT_EQ(t->checksum(), incremental);

  auto reparsed = tcp::tcp::parse(t->bytes());
  ASSERT_TRUE(reparsed.ok());
  EXPECT_EQ(reparsed->options().size(), 3u);
  EXPECT_EQ(reparsed->source_port(), 80u);
  EXPECT_EQ(reparsed->sequence_number(), 2149533182u);
}

TEST(Mutate, SourceNatOnTcpSynThenEverySequenceField) {
  MPL_NEEDS_CORPUS();
  // zeek var-services-std-ports.pcap frame 1 (a SYN with 24 bytes of options):
  // translate the source, then shift the sequence number as a NAT with
  // sequence randomisation does; each update keeps the checksum exact.
  Frame f = corpus_frame("ip/zeek__var-services-std-ports.pcap", 1);
  auto ip = ipv4::ipv4::parse_mutable(ip_in(f));
  ASSERT_TRUE(ip.ok());
  auto t = tcp::tcp::parse_mutable({ip->mutable_bytes().data() + ip->header_end(), ip->payload().size()});
  ASSERT_TRUE(t.ok());
  const std::uint32_t old_src = ip->src();
  ip->update_src(kPublic);
  t->set_checksum(mpl::checksum_update32(t->checksum(), old_src, kPublic));
  t->update_source_port(61000);
  t->update_sequence_number(t->sequence_number() + 0x01000193u);
  t->update_window(29200);
  const auto pseudo = pseudo_header(kPublic, ip->dst(), 6, t->size());
  EXPECT_EQ(t->checksum(), full_checksum(t->bytes(), 16, pseudo));
  EXPECT_EQ(ip->header_checksum(), full_checksum(ip->bytes().first(20), 10));
  EXPECT_EQ(t->sequence_number(), 3945964126u + 0x01000193u);
  EXPECT_EQ(t->window(), 29200u);
}

// Every fixed-position field of the IPv4 header: the setter writes the
// value, a fresh parse reads it back, every other field is unchanged, and
// (for update_) the header checksum stays exact.
struct Snapshot {
  unsigned version, ihl, dscp, ecn, total_length, identification, reserved, df, mf, fragment_offset, ttl, protocol,
      checksum, src, dst;
  bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(const ipv4::ipv4::view& ip) {
  return {ip.version(),     ip.ihl(),
          ip.dscp(),        static_cast<unsigned>(ip.ecn()),
          ip.total_length(), ip.identification(),
          ip.reserved(),    ip.dont_fragment(),
          ip.more_fragments(), ip.fragment_offset(),
          ip.ttl(),         static_cast<unsigned>(ip.protocol()),
          ip.header_checksum(), ip.src(),
          ip.dst()};
}

// A 20-byte header with distinct values everywhere, and 8 payload bytes:
// 45 | b9 (dscp 46, ecn 1) | 001c | a5c3 | 5abc (DF, offset 0x1abc) | 7f | 11
// | checksum | 198.51.100.9 | 203.0.113.200
std::vector<std::uint8_t> sample_packet() {
  std::vector<std::uint8_t> p = codec_test::from_hex("45b9001ca5c35abc7f110000c6336409cb0071c8" "0102030405060708");
  const std::uint16_t c = reference_sum_complement({p.begin(), p.begin() + 20});
  p[10] = static_cast<std::uint8_t>(c >> 8);
  p[11] = static_cast<std::uint8_t>(c);
  return p;
}

template <typename Set>
void expect_only_changes(Set set, unsigned Snapshot::*field, unsigned expected, bool checksum_kept) {
  std::vector<std::uint8_t> p = sample_packet();
  auto before = ipv4::ipv4::parse(bytes_of(p));
  ASSERT_TRUE(before.ok());
  Snapshot want = snapshot(*before);
  auto m = ipv4::ipv4::parse_mutable(mpl::mutable_bytes{p.data(), p.size()});
  ASSERT_TRUE(m.ok());
  set(*m);
  auto after = ipv4::ipv4::parse(bytes_of(p));
  ASSERT_TRUE(after.ok()) << after.error().describe();
  Snapshot got = snapshot(*after);
  EXPECT_EQ(got.*field, expected);
  want.*field = expected;
  if (checksum_kept) {
    EXPECT_EQ(got.checksum, full_checksum(bytes_of(p).first(20), 10));
    want.checksum = got.checksum;
  }
  EXPECT_TRUE(got == want);
}

TEST(Mutate, SampleHeaderDecodesAsAssembled) {
  const std::vector<std::uint8_t> p = sample_packet();
  auto ip = ipv4::ipv4::parse(bytes_of(p));
  ASSERT_TRUE(ip.ok()) << ip.error().describe();
  const Snapshot s = snapshot(*ip);
  EXPECT_EQ(s, (Snapshot{4, 5, 46, 1, 28, 0xa5c3, 0, 1, 0, 0x1abc, 0x7f, 17, s.checksum, 0xc6336409, 0xcb0071c8}));
  EXPECT_EQ(mpl::internet_checksum(bytes_of(p).first(20)), 0);
}

TEST(Mutate, SetterOnEveryIpv4FieldChangesOnlyThatField) {
  using V = ipv4::ipv4::mutable_view;
  // set_: checksum untouched.
  expect_only_changes([](V& v) { v.set_version(4); }, &Snapshot::version, 4, false);
  expect_only_changes([](V& v) { v.set_ihl(5); }, &Snapshot::ihl, 5, false);
  expect_only_changes([](V& v) { v.set_dscp(0x15); }, &Snapshot::dscp, 0x15, false);
  expect_only_changes([](V& v) { v.set_ecn(ipv4::ipv4::ecn_t::CongestionExperienced); }, &Snapshot::ecn, 3, false);
  expect_only_changes([](V& v) { v.set_total_length(24); }, &Snapshot::total_length, 24, false);
  expect_only_changes([](V& v) { v.set_identification(0x1234); }, &Snapshot::identification, 0x1234, false);
  expect_only_changes([](V& v) { v.set_dont_fragment(0); }, &Snapshot::df, 0, false);
  expect_only_changes([](V& v) { v.set_more_fragments(1); }, &Snapshot::mf, 1, false);
  expect_only_changes([](V& v) { v.set_fragment_offset(0x0555); }, &Snapshot::fragment_offset, 0x0555, false);
  expect_only_changes([](V& v) { v.set_fragment_offset(0x1fff); }, &Snapshot::fragment_offset, 0x1fff, false);
  expect_only_changes([](V& v) { v.set_ttl(1); }, &Snapshot::ttl, 1, false);
  expect_only_changes([](V& v) { v.set_protocol(ipv4::ipv4::protocol_t::TCP); }, &Snapshot::protocol, 6, false);
  expect_only_changes([](V& v) { v.set_header_checksum(0xbeef); }, &Snapshot::checksum, 0xbeef, false);
  expect_only_changes([](V& v) { v.set_src(0x0a000001); }, &Snapshot::src, 0x0a000001, false);
  expect_only_changes([](V& v) { v.set_dst(0xffffffff); }, &Snapshot::dst, 0xffffffff, false);
}

TEST(Mutate, UpdateOnEveryIpv4FieldKeepsTheChecksumExact) {
  using V = ipv4::ipv4::mutable_view;
  expect_only_changes([](V& v) { v.update_dscp(0x2a); }, &Snapshot::dscp, 0x2a, true);
  expect_only_changes([](V& v) { v.update_ecn(ipv4::ipv4::ecn_t::NotEct); }, &Snapshot::ecn, 0, true);
  expect_only_changes([](V& v) { v.update_total_length(26); }, &Snapshot::total_length, 26, true);
  expect_only_changes([](V& v) { v.update_identification(0xffff); }, &Snapshot::identification, 0xffff, true);
  expect_only_changes([](V& v) { v.update_dont_fragment(0); }, &Snapshot::df, 0, true);
  expect_only_changes([](V& v) { v.update_more_fragments(1); }, &Snapshot::mf, 1, true);
  expect_only_changes([](V& v) { v.update_fragment_offset(7); }, &Snapshot::fragment_offset, 7, true);
  expect_only_changes([](V& v) { v.update_ttl(0); }, &Snapshot::ttl, 0, true);
  expect_only_changes([](V& v) { v.update_protocol(ipv4::ipv4::protocol_t::ICMP); }, &Snapshot::protocol, 1, true);
  expect_only_changes([](V& v) { v.update_src(0x7f000001); }, &Snapshot::src, 0x7f000001, true);
  expect_only_changes([](V& v) { v.update_dst(0); }, &Snapshot::dst, 0, true);
  expect_only_changes([](V& v) { v.update_version(4); }, &Snapshot::version, 4, true);
  expect_only_changes([](V& v) { v.update_ihl(5); }, &Snapshot::ihl, 5, true);
}

TEST(Mutate, SettersCanBreakConstraintsThatParseThenReports) {
  // Setters do not validate: a value the spec forbids is written, and the
  // next parse rejects it with the field's name.
  std::vector<std::uint8_t> p = sample_packet();
  auto m = ipv4::ipv4::parse_mutable(mpl::mutable_bytes{p.data(), p.size()});
  ASSERT_TRUE(m.ok());
  m->set_version(6);
  auto bad_version = ipv4::ipv4::parse(bytes_of(p));
  ASSERT_FALSE(bad_version.ok());
  EXPECT_EQ(bad_version.error().kind, mpl::error_kind::const_mismatch);
  EXPECT_STREQ(bad_version.error().field, "ipv4.version");
  m->set_version(4);
  m->set_reserved(1);
  auto bad_reserved = ipv4::ipv4::parse(bytes_of(p));
  ASSERT_FALSE(bad_reserved.ok());
  EXPECT_EQ(bad_reserved.error().kind, mpl::error_kind::const_mismatch);
  EXPECT_STREQ(bad_reserved.error().field, "ipv4.reserved");
  m->set_reserved(0);
  m->set_ihl(4);
  auto bad_ihl = ipv4::ipv4::parse(bytes_of(p));
  ASSERT_FALSE(bad_ihl.ok());
  EXPECT_EQ(bad_ihl.error().kind, mpl::error_kind::out_of_range);
  EXPECT_STREQ(bad_ihl.error().field, "ipv4.ihl");
  m->set_ihl(5);
  m->set_total_length(40);  // longer than the 28-byte buffer
  EXPECT_FALSE(ipv4::ipv4::parse(bytes_of(p)).ok());
  m->set_total_length(28);
  EXPECT_TRUE(ipv4::ipv4::parse(bytes_of(p)).ok());
}

}  // namespace
