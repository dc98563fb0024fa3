// Known-answer vectors for ICMP: one real message of every type the corpus
// holds, each field asserted through its classify case view against the
// values tshark decodes from the same frame, then rebuilt from a builder fed
// those values and compared byte for byte (checksum computed by the
// builder). Types no capture holds (fragmentation needed, parameter problem,
// information request/reply) are hand-assembled from RFC 792 / RFC 1191 with
// the checksum computed here by a plain reference implementation.
//
// The real messages come from the shared corpus at run time (these tests are
// skipped without MPL_CORPUS_DIR): the repository carries no bytes of other
// projects' captures. Echo request, echo reply and port unreachable are also
// tested on the project's own capture (tests/captures/link_capture_test.cc).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "capture.h"
#include "ethernet.h"
#include "icmp.h"
#include "ipv4.h"
#include "udp.h"

namespace {

using codec_test::bytes_of;
using codec_test::Frame;
using codec_test::from_hex;
using Type = icmp::icmp::type_t;
using Case = icmp::icmp::type_case_t;

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

// RFC 1071, the obvious way: 16-bit big-endian words, end-around carry.
std::uint16_t reference_checksum(const std::vector<std::uint8_t>& d) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < d.size(); i += 2) {
    sum += static_cast<std::uint32_t>(d[i] << 8) + (i + 1 < d.size() ? d[i + 1] : 0u);
    sum = (sum & 0xffffu) + (sum >> 16);
  }
  return static_cast<std::uint16_t>(~sum);
}

// The IPv4 packet of an untagged Ethernet frame.
mpl::bytes ip_of(const Frame& frame) {
  auto eth = ethernet::ethernet::parse(bytes_of(frame));
  EXPECT_TRUE(eth.ok());
  if (!eth.ok() || !eth->as_IPv4()) return {};
  return eth->as_IPv4()->payload();
}

// The ICMP message of an untagged Ethernet/IPv4 frame (the IPv4 payload).
mpl::bytes icmp_of(const Frame& frame) {
  auto ip = ipv4::ipv4::parse(ip_of(frame));
  EXPECT_TRUE(ip.ok());
  if (!ip.ok()) return {};
  EXPECT_EQ(ip->protocol(), ipv4::ipv4::protocol_t::ICMP);
  EXPECT_EQ(mpl::internet_checksum(ip->bytes().first(ip->header_end())), 0);
  return ip->payload();
}

template <typename Builder>
void expect_builds(const Builder& b, mpl::bytes expected) {
  ASSERT_EQ(b.size(), expected.size());
  std::vector<std::uint8_t> out(expected.size() + 8, 0xee);
  auto n = b.write(mpl::mutable_bytes{out.data(), out.size()});
  ASSERT_TRUE(n.ok()) << n.error().describe();
  ASSERT_EQ(*n, expected.size());
  EXPECT_EQ(hex({out.data(), *n}), hex(expected));
  EXPECT_EQ(out[*n], 0xee);  // nothing past the end
}

// Frame `number` (1-based, as tshark counts) of the corpus's
// ppp__IcmpPackets.pcap, a pcapng file of 15 ICMP messages. Only for tests
// that began with MPL_NEEDS_CORPUS(); empty if the file has no such frame.
Frame icmp_packets_frame(std::size_t number) {
  static const std::vector<Frame> frames =
      codec_test::read_pcapng_frames(codec_test::read_file(codec_test::corpus("icmp/ppp__IcmpPackets.pcap")));
  EXPECT_EQ(frames.size(), 15u);
  return number >= 1 && number <= frames.size() ? frames[number - 1] : Frame{};
}

TEST(IcmpKnownAnswer, EchoRequest) {
  MPL_NEEDS_CORPUS();
  const Frame f = icmp_packets_frame(9);
  ASSERT_EQ(f.size(), 98u);
  auto m = icmp::icmp::parse(icmp_of(f));
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_EQ(m->type(), Type::EchoRequest);
  EXPECT_EQ(m->code(), 0u);
  EXPECT_EQ(m->checksum(), 0xbbb3u);
  ASSERT_EQ(m->type_case(), Case::EchoRequest);
  auto echo = m->as_EchoRequest();
  ASSERT_TRUE(echo.has_value());
  EXPECT_EQ(echo->identifier(), 55099u);
  EXPECT_EQ(echo->sequence(), 0u);
  EXPECT_EQ(hex(echo->data()),
            "51a7d67d000451e408090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334"
            "353637");
  EXPECT_EQ(m->size(), 64u);
  expect_builds(icmp::icmp::builder{.body = icmp::icmp::EchoRequest{.identifier = 55099, .sequence = 0, .data = echo->data()}},
                m->bytes());
}

TEST(IcmpKnownAnswer, EchoReplyInsideIpv4BuiltNested) {
  MPL_NEEDS_CORPUS();
  const Frame f = icmp_packets_frame(10);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->src(), addr("8.8.8.8"));
  EXPECT_EQ(ip->dst(), addr("192.168.43.9"));
  EXPECT_EQ(ip->identification(), 0u);
  EXPECT_EQ(ip->ttl(), 40u);
  EXPECT_EQ(ip->total_length(), 84u);
  EXPECT_EQ(ip->header_checksum(), 0x96e8u);
  auto m = icmp::icmp::parse(ip->payload());
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->type(), Type::EchoReply);
  EXPECT_EQ(m->code(), 0u);
  EXPECT_EQ(m->checksum(), 0xc3b3u);
  ASSERT_EQ(m->type_case(), Case::EchoReply);
  auto echo = m->as_EchoReply();
  ASSERT_TRUE(echo.has_value());
  EXPECT_FALSE(m->as_EchoRequest().has_value());
  EXPECT_EQ(echo->identifier(), 55099u);
  EXPECT_EQ(echo->sequence(), 0u);
  EXPECT_EQ(echo->data().size(), 56u);

  const icmp::icmp::builder reply{.body = icmp::icmp::EchoReply{.identifier = 55099, .sequence = 0, .data = echo->data()}};
  expect_builds(ipv4::ipv4::builder{.ttl = 40, .protocol = ipv4::ipv4::protocol_t::ICMP, .src = addr("8.8.8.8"),
                                    .dst = addr("192.168.43.9"), .payload = reply},
                ip->bytes());
}

TEST(IcmpKnownAnswer, RouterSolicitation) {
  MPL_NEEDS_CORPUS();
  const Frame f = icmp_packets_frame(1);
  ASSERT_EQ(f.size(), 64u);  // 14 + 28, padded to the minimum, plus a 4-byte FCS
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->total_length(), 28u);
  EXPECT_EQ(ip->payload().size(), 8u);  // the Ethernet padding is not part of it
  auto m = icmp::icmp::parse(ip->payload());
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->type(), Type::RouterSolicitation);
  EXPECT_EQ(m->code(), 0u);
  EXPECT_EQ(m->checksum(), 0xf5ffu);
  ASSERT_EQ(m->type_case(), Case::RouterSolicitation);
  EXPECT_EQ(m->as_RouterSolicitation()->reserved(), 0u);
  EXPECT_EQ(m->size(), 8u);
  expect_builds(icmp::icmp::builder{.body = icmp::icmp::RouterSolicitation{}}, m->bytes());
}

TEST(IcmpKnownAnswer, Redirect) {
  MPL_NEEDS_CORPUS();
  const Frame f = icmp_packets_frame(2);
  auto m = icmp::icmp::parse(icmp_of(f));
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_EQ(m->type(), Type::Redirect);
  EXPECT_EQ(m->code(), 1u);  // redirect for host
  EXPECT_EQ(m->checksum(), 0x383eu);
  ASSERT_EQ(m->type_case(), Case::Redirect);
  auto r = m->as_Redirect();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->gateway(), addr("10.2.99.98"));
  // The original datagram: its header (20 bytes, checksum 0xfcb3 correct)
  // and the first 8 bytes of its echo request.
  ASSERT_EQ(r->original().size(), 28u);
  EXPECT_EQ(mpl::internet_checksum(r->original().first(20)), 0);
  EXPECT_EQ(hex(r->original().subspan(12, 8)), "0a020a020a034707");  // 10.2.10.2 -> 10.3.71.7
  EXPECT_EQ(hex(r->original().subspan(20)), "08001a5c02003100");
  EXPECT_EQ(m->size(), 36u);
  expect_builds(icmp::icmp::builder{.code = 1, .body = icmp::icmp::Redirect{.gateway = addr("10.2.99.98"), .original = r->original()}},
                m->bytes());
}

TEST(IcmpKnownAnswer, RouterAdvertisement) {
  MPL_NEEDS_CORPUS();
  const Frame f = icmp_packets_frame(4);
  auto m = icmp::icmp::parse(icmp_of(f));
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_EQ(m->type(), Type::RouterAdvertisement);
  EXPECT_EQ(m->code(), 0u);
  EXPECT_EQ(m->checksum(), 0x9361u);
  ASSERT_EQ(m->type_case(), Case::RouterAdvertisement);
  auto ra = m->as_RouterAdvertisement();
  ASSERT_TRUE(ra.has_value());
  EXPECT_EQ(ra->num_addrs(), 1u);
  EXPECT_EQ(ra->entry_size(), 2u);
  EXPECT_EQ(ra->lifetime(), 10u);
  ASSERT_EQ(ra->entries().size(), 1u);
  const auto entry = *ra->entries().begin();  // a copy: the iterator holding it is a temporary
  EXPECT_EQ(entry.router_address(), addr("14.80.84.66"));
  EXPECT_EQ(entry.preference(), 0);
  EXPECT_EQ(m->size(), 16u);
  const std::vector<icmp::icmp::entries_element_builder> entries{{.router_address = addr("14.80.84.66"), .preference = 0}};
  expect_builds(icmp::icmp::builder{.body = icmp::icmp::RouterAdvertisement{.lifetime = 10, .entries = entries}}, m->bytes());
}

TEST(IcmpKnownAnswer, MobileAgentAdvertisementKeepsItsExtensionsOutsideTheMessage) {
  MPL_NEEDS_CORPUS();
  // RFC 1256 with the RFC 5944 mobility extensions appended: the message the
  // spec describes ends after the entries; the extensions follow it in the
  // IP payload (and are covered by the checksum, which tshark finds correct).
  const Frame f = icmp_packets_frame(3);
  const mpl::bytes payload = icmp_of(f);
  ASSERT_EQ(payload.size(), 50u);
  EXPECT_EQ(mpl::internet_checksum(payload), 0);
  auto m = icmp::icmp::parse(payload);
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_EQ(m->type(), Type::RouterAdvertisement);
  EXPECT_EQ(m->code(), 16u);  // does not route common traffic
  EXPECT_EQ(m->checksum(), 0x8153u);
  auto ra = m->as_RouterAdvertisement();
  ASSERT_TRUE(ra.has_value());
  EXPECT_EQ(ra->num_addrs(), 1u);
  EXPECT_EQ(ra->entry_size(), 2u);
  EXPECT_EQ(ra->lifetime(), 200u);
  ASSERT_EQ(ra->entries().size(), 1u);
  EXPECT_EQ(ra->entries().begin()->router_address(), addr("192.168.144.2"));
  EXPECT_EQ(ra->entries().begin()->preference(), INT32_MIN);  // 0x80000000 on the wire
  EXPECT_EQ(m->size(), 16u);
}

TEST(IcmpKnownAnswer, TimeExceededWithMultipartExtension) {
  MPL_NEEDS_CORPUS();
  const Frame f = icmp_packets_frame(5);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->total_length(), 168u);
  EXPECT_EQ(ip->ttl(), 252u);
  auto m = icmp::icmp::parse(ip->payload());
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_EQ(m->type(), Type::TimeExceeded);
  EXPECT_EQ(m->code(), 0u);  // TTL exceeded in transit
  EXPECT_EQ(m->checksum(), 0xac2du);
  ASSERT_EQ(m->type_case(), Case::TimeExceeded);
  auto te = m->as_TimeExceeded();
  ASSERT_TRUE(te.has_value());
  EXPECT_EQ(te->unused(), 0u);
  EXPECT_EQ(te->original_length(), 0u);
  EXPECT_EQ(te->reserved(), 0u);
  // The original datagram (a UDP probe, 10.0.1.2 -> 172.16.0.2, 49181 ->
  // 33445), zero-padded to 128 bytes, then the RFC 4884 extension structure
  // (version 2, checksum 0x7df4, one MPLS label stack object: label 22, S, TTL 1).
  ASSERT_EQ(te->original().size(), 140u);
  auto inner = ipv4::ipv4::parse(te->original());
  ASSERT_TRUE(inner.ok()) << inner.error().describe();
  EXPECT_EQ(inner->src(), addr("10.0.1.2"));
  EXPECT_EQ(inner->dst(), addr("172.16.0.2"));
  EXPECT_EQ(inner->ttl(), 2u);
  EXPECT_EQ(inner->identification(), 0x00e5u);
  EXPECT_EQ(inner->header_checksum(), 0x00d9u);
  auto probe = udp::udp::parse(inner->payload());
  ASSERT_TRUE(probe.ok());
  EXPECT_EQ(probe->source_port(), 49181u);
  EXPECT_EQ(probe->destination_port(), 33445u);
  EXPECT_EQ(probe->length(), 8u);
  EXPECT_EQ(probe->checksum(), 0x0607u);
  EXPECT_EQ(hex(te->original().subspan(128)), "20007df40008010100016101");
  EXPECT_EQ(m->size(), 148u);
  expect_builds(icmp::icmp::builder{.body = icmp::icmp::TimeExceeded{.original = te->original()}}, m->bytes());
}

TEST(IcmpKnownAnswer, TimeExceededQuotingAnEchoRequest) {
  MPL_NEEDS_CORPUS();
  const Frame f = icmp_packets_frame(11);
  auto m = icmp::icmp::parse(icmp_of(f));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->type(), Type::TimeExceeded);
  EXPECT_EQ(m->code(), 0u);
  EXPECT_EQ(m->checksum(), 0xf4ffu);
  auto te = m->as_TimeExceeded();
  ASSERT_TRUE(te.has_value());
  EXPECT_EQ(te->unused(), 0u);
  EXPECT_EQ(te->original_length(), 0u);
  EXPECT_EQ(te->reserved(), 0u);
  auto inner = ipv4::ipv4::parse(te->original());
  ASSERT_TRUE(inner.ok());
  EXPECT_EQ(inner->src(), addr("10.0.0.6"));
  EXPECT_EQ(inner->dst(), addr("8.8.8.8"));
  EXPECT_EQ(inner->ttl(), 1u);
  EXPECT_EQ(inner->dont_fragment(), 1u);
  auto echo = icmp::icmp::parse(inner->payload());
  ASSERT_TRUE(echo.ok());
  ASSERT_TRUE(echo->as_EchoRequest().has_value());
  EXPECT_EQ(echo->checksum(), 0x5575u);
  EXPECT_EQ(echo->as_EchoRequest()->identifier(), 3175u);
  EXPECT_EQ(echo->as_EchoRequest()->sequence(), 1u);
  expect_builds(icmp::icmp::builder{.body = icmp::icmp::TimeExceeded{.original = te->original()}}, m->bytes());
}

TEST(IcmpKnownAnswer, PortUnreachableBuiltNestedInIpv4) {
  MPL_NEEDS_CORPUS();
  const Frame f = icmp_packets_frame(6);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->dscp(), 48u);  // DS field 0xc0: CS6
  EXPECT_EQ(ip->ecn(), ipv4::ipv4::ecn_t::NotEct);
  EXPECT_EQ(ip->identification(), 0x00ccu);
  EXPECT_EQ(ip->ttl(), 251u);
  EXPECT_EQ(ip->header_checksum(), 0xa735u);
  auto m = icmp::icmp::parse(ip->payload());
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->type(), Type::DestinationUnreachable);
  EXPECT_EQ(m->code(), 3u);
  EXPECT_EQ(m->checksum(), 0xb42au);
  ASSERT_EQ(m->type_case(), Case::DestinationUnreachable);
  EXPECT_FALSE(m->as_FragmentationNeeded().has_value());
  auto du = m->as_DestinationUnreachable();
  ASSERT_TRUE(du.has_value());
  EXPECT_EQ(du->unused(), 0u);
  EXPECT_EQ(du->original_length(), 0u);
  EXPECT_EQ(du->reserved(), 0u);
  auto inner = ipv4::ipv4::parse(du->original());
  ASSERT_TRUE(inner.ok());
  EXPECT_EQ(inner->identification(), 0x00e6u);
  EXPECT_EQ(inner->ttl(), 1u);
  EXPECT_EQ(inner->protocol(), ipv4::ipv4::protocol_t::UDP);
  auto probe = udp::udp::parse(inner->payload());
  ASSERT_TRUE(probe.ok());
  EXPECT_EQ(probe->source_port(), 49182u);
  EXPECT_EQ(probe->destination_port(), 33446u);
  EXPECT_EQ(probe->checksum(), 0x0605u);

  const icmp::icmp::builder unreachable{.code = 3, .body = icmp::icmp::DestinationUnreachable{.original = du->original()}};
  expect_builds(ipv4::ipv4::builder{.dscp = 48, .identification = 0x00cc, .ttl = 251, .protocol = ipv4::ipv4::protocol_t::ICMP,
                                    .src = addr("10.0.2.2"), .dst = addr("10.0.1.2"), .payload = unreachable},
                ip->bytes());
}

TEST(IcmpKnownAnswer, HostUnreachable) {
  MPL_NEEDS_CORPUS();
  const Frame f = icmp_packets_frame(12);
  auto m = icmp::icmp::parse(icmp_of(f));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->type(), Type::DestinationUnreachable);
  EXPECT_EQ(m->code(), 1u);
  EXPECT_EQ(m->checksum(), 0xfcfeu);
  auto du = m->as_DestinationUnreachable();
  ASSERT_TRUE(du.has_value());
  EXPECT_EQ(du->unused(), 0u);
  EXPECT_EQ(du->original_length(), 0u);
  EXPECT_EQ(du->reserved(), 0u);
  auto inner = ipv4::ipv4::parse(du->original());
  ASSERT_TRUE(inner.ok());
  EXPECT_EQ(inner->dst(), addr("10.0.0.111"));
  EXPECT_EQ(inner->header_checksum(), 0xfe58u);
  EXPECT_EQ(m->size(), 92u);
  expect_builds(icmp::icmp::builder{.code = 1, .body = icmp::icmp::DestinationUnreachable{.original = du->original()}},
                m->bytes());
}

TEST(IcmpKnownAnswer, SourceQuench) {
  MPL_NEEDS_CORPUS();
  const Frame f = icmp_packets_frame(13);
  auto m = icmp::icmp::parse(icmp_of(f));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->type(), Type::SourceQuench);
  EXPECT_EQ(m->code(), 0u);
  EXPECT_EQ(m->checksum(), 0x0c36u);
  ASSERT_EQ(m->type_case(), Case::SourceQuench);
  auto sq = m->as_SourceQuench();
  ASSERT_TRUE(sq.has_value());
  EXPECT_EQ(sq->unused(), 0u);
  ASSERT_EQ(sq->original().size(), 28u);
  auto inner = ipv4::ipv4::parse(sq->original());
  ASSERT_TRUE(inner.ok());
  EXPECT_EQ(inner->src(), addr("1.2.3.4"));
  EXPECT_EQ(inner->dst(), addr("5.6.7.8"));
  EXPECT_EQ(inner->identification(), 0x0c80u);
  EXPECT_EQ(inner->protocol(), ipv4::ipv4::protocol_t::TCP);
  EXPECT_EQ(inner->header_checksum(), 0x5e49u);
  expect_builds(icmp::icmp::builder{.body = icmp::icmp::SourceQuench{.original = sq->original()}}, m->bytes());
}

TEST(IcmpKnownAnswer, TimestampRequestAndReply) {
  MPL_NEEDS_CORPUS();
  const Frame fq = icmp_packets_frame(7);
  auto q = icmp::icmp::parse(icmp_of(fq));
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->type(), Type::Timestamp);
  EXPECT_EQ(q->code(), 0u);
  EXPECT_EQ(q->checksum(), 0x9476u);
  ASSERT_EQ(q->type_case(), Case::Timestamp);
  auto ts = q->as_Timestamp();
  ASSERT_TRUE(ts.has_value());
  EXPECT_EQ(ts->identifier(), 14640u);
  EXPECT_EQ(ts->sequence(), 0u);
  EXPECT_EQ(ts->originate(), 16131171u);
  EXPECT_EQ(ts->receive(), 0u);
  EXPECT_EQ(ts->transmit(), 0u);
  EXPECT_EQ(q->size(), 20u);
  expect_builds(icmp::icmp::builder{.body = icmp::icmp::Timestamp{.identifier = 14640, .sequence = 0, .originate = 16131171}},
                q->bytes());

  const Frame fr = icmp_packets_frame(8);
  auto r = icmp::icmp::parse(icmp_of(fr));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->type(), Type::TimestampReply);
  EXPECT_EQ(r->code(), 0u);
  EXPECT_EQ(r->checksum(), 0xe319u);
  ASSERT_EQ(r->type_case(), Case::TimestampReply);
  auto tr = r->as_TimestampReply();
  ASSERT_TRUE(tr.has_value());
  EXPECT_EQ(tr->identifier(), 14640u);
  EXPECT_EQ(tr->sequence(), 0u);
  EXPECT_EQ(tr->originate(), 16131171u);
  EXPECT_EQ(tr->receive(), 1647179264u);
  EXPECT_EQ(tr->transmit(), 1647179264u);
  EXPECT_EQ(r->size(), 20u);
  expect_builds(icmp::icmp::builder{.body = icmp::icmp::TimestampReply{.identifier = 14640, .sequence = 0, .originate = 16131171,
                                                                        .receive = 1647179264, .transmit = 1647179264}},
                r->bytes());
}

TEST(IcmpKnownAnswer, AddressMaskRequestAndReply) {
  MPL_NEEDS_CORPUS();
  const Frame fq = icmp_packets_frame(14);
  auto q = icmp::icmp::parse(icmp_of(fq));
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->type(), Type::AddressMaskRequest);
  EXPECT_EQ(q->code(), 0u);
  EXPECT_EQ(q->checksum(), 0x38f3u);
  ASSERT_EQ(q->type_case(), Case::AddressMaskRequest);
  auto mq = q->as_AddressMaskRequest();
  ASSERT_TRUE(mq.has_value());
  EXPECT_EQ(mq->identifier(), 45068u);
  EXPECT_EQ(mq->sequence(), 1536u);
  EXPECT_EQ(mq->address_mask(), 0u);
  EXPECT_EQ(q->size(), 12u);
  expect_builds(icmp::icmp::builder{.body = icmp::icmp::AddressMaskRequest{.identifier = 45068, .sequence = 1536}}, q->bytes());

  const Frame fr = icmp_packets_frame(15);
  auto r = icmp::icmp::parse(icmp_of(fr));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->type(), Type::AddressMaskReply);
  EXPECT_EQ(r->code(), 0u);
  EXPECT_EQ(r->checksum(), 0x3bf3u);
  ASSERT_EQ(r->type_case(), Case::AddressMaskReply);
  auto mr = r->as_AddressMaskReply();
  ASSERT_TRUE(mr.has_value());
  EXPECT_EQ(mr->identifier(), 45580u);
  EXPECT_EQ(mr->sequence(), 0u);
  EXPECT_EQ(mr->address_mask(), 0u);
  expect_builds(icmp::icmp::builder{.body = icmp::icmp::AddressMaskReply{.identifier = 45580, .sequence = 0, .address_mask = 0}},
                r->bytes());
}

TEST(IcmpKnownAnswer, ExtendedEchoIsKeptRawAsUnknown) {
  MPL_NEEDS_CORPUS();
  // tcpdump icmp-rfc8335.pcap frame 1: type 42 (RFC 8335), which the spec
  // does not take apart.
  const Frame f = codec_test::read_frames(codec_test::corpus("icmp/tcpdump__icmp-rfc8335.pcap")).at(0);
  auto m = icmp::icmp::parse(icmp_of(f));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(static_cast<std::uint8_t>(m->type()), 42u);
  EXPECT_EQ(m->code(), 0u);
  EXPECT_EQ(m->checksum(), 0x6314u);
  ASSERT_EQ(m->type_case(), Case::Unknown);
  auto u = m->as_Unknown();
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(hex(u->rest()), "f6ea00012000dcf4000803020000000165933a33000ddc2b");  // id 0xf6ea, seq 0, L bit
  expect_builds(icmp::icmp::builder{.type = static_cast<Type>(42), .body = icmp::icmp::Unknown{.rest = u->rest()}}, m->bytes());
}

// --- Hand-assembled: types no capture of the corpus holds. ---

// An original datagram to quote: an IPv4 header (20 bytes) + 8 bytes of TCP.
std::vector<std::uint8_t> quoted_datagram() {
  std::vector<std::uint8_t> d = from_hex("450005dc1c4640004006" "0000" "c0000201c6336402" "c35000500000a0b1");
  const std::uint16_t c = reference_checksum({d.begin(), d.begin() + 20});
  d[10] = static_cast<std::uint8_t>(c >> 8);
  d[11] = static_cast<std::uint8_t>(c);
  return d;
}

// type, code, zero checksum, four bytes of rest-of-header, the body; the
// checksum is then filled by the reference function.
std::vector<std::uint8_t> assemble(const std::string& header_hex, const std::vector<std::uint8_t>& body) {
  std::vector<std::uint8_t> m = from_hex(header_hex);
  m.insert(m.end(), body.begin(), body.end());
  const std::uint16_t c = reference_checksum(m);
  m[2] = static_cast<std::uint8_t>(c >> 8);
  m[3] = static_cast<std::uint8_t>(c);
  return m;
}

TEST(IcmpKnownAnswer, FragmentationNeededCarriesTheNextHopMtu) {
  // RFC 1191 section 4: type 3, code 4, unused (16 bits), next-hop MTU 1400.
  const std::vector<std::uint8_t> original = quoted_datagram();
  const std::vector<std::uint8_t> msg = assemble("0304000000000578", original);
  auto m = icmp::icmp::parse(bytes_of(msg));
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_EQ(m->type(), Type::DestinationUnreachable);
  EXPECT_EQ(m->code(), 4u);
  EXPECT_EQ(m->checksum(), (msg[2] << 8) | msg[3]);
  EXPECT_EQ(mpl::internet_checksum(bytes_of(msg)), 0);
  ASSERT_EQ(m->type_case(), Case::FragmentationNeeded);
  EXPECT_FALSE(m->as_DestinationUnreachable().has_value());
  auto fn = m->as_FragmentationNeeded();
  ASSERT_TRUE(fn.has_value());
  EXPECT_EQ(fn->unused(), 0u);
  EXPECT_EQ(fn->original_length(), 0u);
  EXPECT_EQ(fn->next_hop_mtu(), 1400u);
  EXPECT_EQ(hex(fn->original()), hex(bytes_of(original)));
  EXPECT_EQ(m->size(), 36u);
  auto inner = ipv4::ipv4::parse(fn->original());
  EXPECT_FALSE(inner.ok());  // total length 1500, only 28 bytes quoted
  expect_builds(icmp::icmp::builder{.code = 4, .body = icmp::icmp::FragmentationNeeded{.next_hop_mtu = 1400, .original = bytes_of(original)}},
                bytes_of(msg));

  // The same shape with code 1 is a plain host unreachable: the guard fails.
  const std::vector<std::uint8_t> host = assemble("0301000000000578", original);
  auto h = icmp::icmp::parse(bytes_of(host));
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->type_case(), Case::DestinationUnreachable);
  EXPECT_EQ(h->as_DestinationUnreachable()->reserved(), 1400u);
}

TEST(IcmpKnownAnswer, ParameterProblemPointsAtTheOffendingOctet) {
  // RFC 792: type 12, code 0, pointer 9 (the protocol byte), unused.
  const std::vector<std::uint8_t> original = quoted_datagram();
  const std::vector<std::uint8_t> msg = assemble("0c00000009000000", original);
  auto m = icmp::icmp::parse(bytes_of(msg));
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_EQ(m->type(), Type::ParameterProblem);
  EXPECT_EQ(m->code(), 0u);
  EXPECT_EQ(m->checksum(), (msg[2] << 8) | msg[3]);
  ASSERT_EQ(m->type_case(), Case::ParameterProblem);
  auto pp = m->as_ParameterProblem();
  ASSERT_TRUE(pp.has_value());
  EXPECT_EQ(pp->pointer(), 9u);
  EXPECT_EQ(pp->original_length(), 0u);
  EXPECT_EQ(pp->reserved(), 0u);
  EXPECT_EQ(hex(pp->original()), hex(bytes_of(original)));
  EXPECT_EQ(m->size(), 36u);
  expect_builds(icmp::icmp::builder{.body = icmp::icmp::ParameterProblem{.pointer = 9, .original = bytes_of(original)}},
                bytes_of(msg));

  // RFC 4884: a length of the original datagram in 32-bit words (7 = 28 bytes).
  const std::vector<std::uint8_t> rfc4884 = assemble("0c00000009070000", original);
  auto l = icmp::icmp::parse(bytes_of(rfc4884));
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->as_ParameterProblem()->original_length(), 7u);
  expect_builds(icmp::icmp::builder{.body = icmp::icmp::ParameterProblem{.pointer = 9, .original_length = 7, .original = bytes_of(original)}},
                bytes_of(rfc4884));
}

TEST(IcmpKnownAnswer, InformationRequestAndReply) {
  // RFC 792: type 15/16, code 0, identifier, sequence number, nothing else.
  const std::vector<std::uint8_t> req = assemble("0f000000abcd0102", {});
  auto q = icmp::icmp::parse(bytes_of(req));
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->type(), Type::InformationRequest);
  EXPECT_EQ(q->code(), 0u);
  EXPECT_EQ(q->checksum(), (req[2] << 8) | req[3]);
  ASSERT_EQ(q->type_case(), Case::InformationRequest);
  EXPECT_EQ(q->as_InformationRequest()->identifier(), 0xabcdu);
  EXPECT_EQ(q->as_InformationRequest()->sequence(), 0x0102u);
  EXPECT_EQ(q->size(), 8u);
  expect_builds(icmp::icmp::builder{.body = icmp::icmp::InformationRequest{.identifier = 0xabcd, .sequence = 0x0102}}, bytes_of(req));

  const std::vector<std::uint8_t> rep = assemble("10000000abcd0102", {});
  auto r = icmp::icmp::parse(bytes_of(rep));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->type(), Type::InformationReply);
  EXPECT_EQ(r->code(), 0u);
  EXPECT_EQ(r->checksum(), (rep[2] << 8) | rep[3]);
  ASSERT_EQ(r->type_case(), Case::InformationReply);
  EXPECT_EQ(r->as_InformationReply()->identifier(), 0xabcdu);
  EXPECT_EQ(r->as_InformationReply()->sequence(), 0x0102u);
  expect_builds(icmp::icmp::builder{.body = icmp::icmp::InformationReply{.identifier = 0xabcd, .sequence = 0x0102}}, bytes_of(rep));
}

TEST(IcmpKnownAnswer, RouterAdvertisementWithTwoAddresses) {
  // RFC 1256 section 3, hand-assembled: two entries, the second with the
  // "never use as default" preference, -2^31 (0x80000000 on the wire).
  const std::vector<std::uint8_t> msg =
      assemble("0900000002020708", from_hex("c0a80001" "00000005" "c0a80002" "80000000"));
  auto m = icmp::icmp::parse(bytes_of(msg));
  ASSERT_TRUE(m.ok());
  auto ra = m->as_RouterAdvertisement();
  ASSERT_TRUE(ra.has_value());
  EXPECT_EQ(ra->num_addrs(), 2u);
  EXPECT_EQ(ra->entry_size(), 2u);
  EXPECT_EQ(ra->lifetime(), 0x0708u);
  std::vector<std::pair<std::uint32_t, std::int32_t>> seen;
  for (const auto& e : ra->entries()) seen.emplace_back(e.router_address(), e.preference());
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], std::make_pair(addr("192.168.0.1"), std::int32_t{5}));
  EXPECT_EQ(seen[1], std::make_pair(addr("192.168.0.2"), std::int32_t{INT32_MIN}));
  const std::vector<icmp::icmp::entries_element_builder> entries{{.router_address = addr("192.168.0.1"), .preference = 5},
                                                                 {.router_address = addr("192.168.0.2"), .preference = INT32_MIN}};
  expect_builds(icmp::icmp::builder{.body = icmp::icmp::RouterAdvertisement{.lifetime = 0x0708, .entries = entries}}, bytes_of(msg));
}

}  // namespace
