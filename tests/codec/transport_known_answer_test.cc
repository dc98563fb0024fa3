// Known-answer vectors for UDP and TCP: real segments from the corpus, every
// header field and every TCP option (MSS, window scale, SACK-permitted,
// timestamps, SACK blocks, NOP, end of list) asserted against tshark's
// decode of the same frame, the pseudo-header checksum verified both with the
// runtime and with a plain reference sum, and each segment rebuilt nested in
// an IPv4 builder (both checksums computed by the builders) byte for byte.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "capture.h"
#include "ethernet.h"
#include "ipv4.h"
#include "tcp.h"
#include "udp.h"

namespace {

using codec_test::bytes_of;
using codec_test::Frame;
using Kind = tcp::tcp_option::kind_case_t;

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

// The RFC 768 / RFC 9293 pseudo-header checksum computed without the
// runtime: 12 pseudo-header bytes, then the segment, summed in 16-bit words.
std::uint16_t reference_pseudo_checksum(std::uint32_t src, std::uint32_t dst, std::uint8_t protocol, mpl::bytes segment) {
  std::vector<std::uint8_t> all;
  for (std::uint32_t a : {src, dst}) {
    for (int shift = 24; shift >= 0; shift -= 8) all.push_back(static_cast<std::uint8_t>(a >> shift));
  }
  all.push_back(0);
  all.push_back(protocol);
  all.push_back(static_cast<std::uint8_t>(segment.size() >> 8));
  all.push_back(static_cast<std::uint8_t>(segment.size()));
  all.insert(all.end(), segment.begin(), segment.end());
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < all.size(); i += 2) {
    sum += static_cast<std::uint32_t>(all[i] << 8) + (i + 1 < all.size() ? all[i + 1] : 0u);
    sum = (sum & 0xffffu) + (sum >> 16);
  }
  return static_cast<std::uint16_t>(~sum);
}

void expect_pseudo_checksum_ok(const ipv4::ipv4::view& ip) {
  const auto proto = static_cast<std::uint8_t>(ip.protocol());
  EXPECT_EQ(reference_pseudo_checksum(ip.src(), ip.dst(), proto, ip.payload()), 0);
  mpl::checksum_accumulator acc =
      mpl::ipv4_pseudo_header(ip.src(), ip.dst(), proto, static_cast<std::uint16_t>(ip.payload().size()));
  acc.add(ip.payload());
  EXPECT_EQ(acc.finish(), 0);
}

template <typename Builder>
std::vector<std::uint8_t> build(const Builder& b) {
  std::vector<std::uint8_t> out(b.size() + 8, 0xee);
  auto n = b.write(mpl::mutable_bytes{out.data(), out.size()});
  EXPECT_TRUE(n.ok()) << n.error().describe();
  EXPECT_EQ(n.ok() ? *n : 0, b.size());
  EXPECT_EQ(out[b.size()], 0xee);
  out.resize(b.size());
  return out;
}

std::vector<tcp::tcp::options_element> options_of(const tcp::tcp::view& t) {
  std::vector<tcp::tcp::options_element> all;
  for (const auto& e : t.options()) all.push_back(e);
  EXPECT_EQ(all.size(), t.options().size());
  return all;
}

// The IPv4 builder that wraps a rebuilt segment, from tshark's IP fields.
ipv4::ipv4::builder ip_builder_like(const ipv4::ipv4::view& ip, const mpl::payload& payload) {
  return {.dscp = ip.dscp(), .ecn = ip.ecn(), .identification = ip.identification(), .dont_fragment = ip.dont_fragment(),
          .ttl = ip.ttl(), .protocol = ip.protocol(), .src = ip.src(), .dst = ip.dst(), .payload = payload};
}

TEST(UdpKnownAnswer, DnsQuery) {
  MPL_NEEDS_CORPUS();
  // ppp__many-protocols.pcap frame 53: 10.0.0.1:64286 -> 10.0.0.138:53,
  // length 40, checksum 0x5f9c [correct], 32 payload bytes.
  const Frame& f = corpus_frame("ip/ppp__many-protocols.pcap", 53);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  ASSERT_EQ(ip->protocol(), ipv4::ipv4::protocol_t::UDP);
  EXPECT_EQ(ip->src(), addr("10.0.0.1"));
  EXPECT_EQ(ip->dst(), addr("10.0.0.138"));
  auto u = udp::udp::parse(ip->payload());
  ASSERT_TRUE(u.ok()) << u.error().describe();
  EXPECT_EQ(u->source_port(), 64286u);
  EXPECT_EQ(u->destination_port(), 53u);
  EXPECT_EQ(u->length(), 40u);
  EXPECT_EQ(u->checksum(), 0x5f9cu);
  EXPECT_EQ(hex(u->payload()), "017c010000010000000000000377777706676f6f676c6503636f6d0000010001");  // www.google.com A
  EXPECT_EQ(u->size(), 40u);
  expect_pseudo_checksum_ok(*ip);

  // Alone, with the pseudo-header passed in; then nested in IPv4.
  const udp::udp::builder b{.source_port = 64286, .destination_port = 53, .payload = u->payload()};
  ASSERT_EQ(b.size(), 40u);
  std::vector<std::uint8_t> alone(40);
  auto n = b.write(mpl::mutable_bytes{alone.data(), alone.size()}, mpl::ipv4_pseudo_header(ip->src(), ip->dst(), 17, 40));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(hex(bytes_of(alone)), hex(u->bytes()));
  EXPECT_EQ(hex(bytes_of(build(ip_builder_like(*ip, b)))), hex(ip->bytes()));
}

TEST(UdpKnownAnswer, SyslogWithOffloadedChecksumGetsTheOneTsharkExpects) {
  MPL_NEEDS_CORPUS();
  // tcpdump syslog_udp.pcap frame 1 was captured before checksum offload
  // filled it: tshark reports 0x14a8 "incorrect, should be 0x8d5a". The
  // builder must compute 0x8d5a.
  const Frame& f = corpus_frame("ip/tcpdump__syslog_udp.pcap", 1);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->src(), addr("10.0.0.20"));
  EXPECT_EQ(ip->dst(), addr("10.0.0.72"));
  auto u = udp::udp::parse(ip->payload());
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->source_port(), 47565u);
  EXPECT_EQ(u->destination_port(), 514u);
  EXPECT_EQ(u->length(), 59u);
  EXPECT_EQ(u->checksum(), 0x14a8u);
  EXPECT_EQ(u->payload().size(), 51u);
  EXPECT_NE(reference_pseudo_checksum(ip->src(), ip->dst(), 17, ip->payload()), 0);

  const udp::udp::builder b{.source_port = 47565, .destination_port = 514, .payload = u->payload()};
  const std::vector<std::uint8_t> rebuilt = build(ip_builder_like(*ip, b));
  ASSERT_EQ(rebuilt.size(), ip->size());
  EXPECT_EQ(rebuilt[26], 0x8d);
  EXPECT_EQ(rebuilt[27], 0x5a);
  std::vector<std::uint8_t> expected(ip->bytes().begin(), ip->bytes().end());
  expected[26] = 0x8d;
  expected[27] = 0x5a;
  EXPECT_EQ(hex(bytes_of(rebuilt)), hex(bytes_of(expected)));
}

TEST(TcpKnownAnswer, SynWithMssWindowScaleTimestampsSackPermitted) {
  MPL_NEEDS_CORPUS();
  // zeek var-services-std-ports.pcap frame 1.
  const Frame& f = corpus_frame("ip/zeek__var-services-std-ports.pcap", 1);
  ASSERT_EQ(f.size(), 78u);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->src(), addr("172.16.238.1"));
  EXPECT_EQ(ip->dst(), addr("172.16.238.131"));
  EXPECT_EQ(ip->identification(), 0x7aa8u);
  EXPECT_EQ(ip->header_checksum(), 0x8b69u);
  auto t = tcp::tcp::parse(ip->payload());
  ASSERT_TRUE(t.ok()) << t.error().describe();
  EXPECT_EQ(t->source_port(), 49656u);
  EXPECT_EQ(t->destination_port(), 22u);
  EXPECT_EQ(t->sequence_number(), 3945964126u);
  EXPECT_EQ(t->acknowledgment_number(), 0u);
  EXPECT_EQ(t->data_offset(), 11u);  // 44 bytes
  EXPECT_EQ(t->reserved(), 0u);
  EXPECT_EQ(t->cwr(), 0u);
  EXPECT_EQ(t->ece(), 0u);
  EXPECT_EQ(t->urg(), 0u);
  EXPECT_EQ(t->ack(), 0u);
  EXPECT_EQ(t->psh(), 0u);
  EXPECT_EQ(t->rst(), 0u);
  EXPECT_EQ(t->syn(), 1u);
  EXPECT_EQ(t->fin(), 0u);
  EXPECT_EQ(t->window(), 65535u);
  EXPECT_EQ(t->checksum(), 0x661cu);
  EXPECT_EQ(t->urgent_pointer(), 0u);
  EXPECT_EQ(t->payload().size(), 0u);
  EXPECT_EQ(t->size(), 44u);
  EXPECT_EQ(t->options().bytes().size(), 24u);
  expect_pseudo_checksum_ok(*ip);

  // tshark: MSS 1460, NOP, WS 3, NOP, NOP, TS 720839077/0, SACK_PERM, EOL,
  // EOL. The spec reads the first EOL as the end, the second byte as its padding.
  auto o = options_of(*t);
  ASSERT_EQ(o.size(), 8u);
  ASSERT_EQ(o[0].option().kind_case(), Kind::MaximumSegmentSize);
  EXPECT_EQ(o[0].option().kind(), tcp::tcp_option::kind_t::MaximumSegmentSize);
  EXPECT_EQ(o[0].option().as_MaximumSegmentSize()->length(), 4u);
  EXPECT_EQ(o[0].option().as_MaximumSegmentSize()->mss(), 1460u);
  EXPECT_EQ(o[1].option().kind_case(), Kind::NoOperation);
  ASSERT_EQ(o[2].option().kind_case(), Kind::WindowScale);
  EXPECT_EQ(o[2].option().as_WindowScale()->length(), 3u);
  EXPECT_EQ(o[2].option().as_WindowScale()->shift(), 3u);
  EXPECT_EQ(o[3].option().kind_case(), Kind::NoOperation);
  EXPECT_EQ(o[4].option().kind_case(), Kind::NoOperation);
  ASSERT_EQ(o[5].option().kind_case(), Kind::Timestamps);
  EXPECT_EQ(o[5].option().as_Timestamps()->length(), 10u);
  EXPECT_EQ(o[5].option().as_Timestamps()->timestamp_value(), 720839077u);
  EXPECT_EQ(o[5].option().as_Timestamps()->timestamp_echo_reply(), 0u);
  ASSERT_EQ(o[6].option().kind_case(), Kind::SackPermitted);
  EXPECT_EQ(o[6].option().as_SackPermitted()->length(), 2u);
  ASSERT_EQ(o[7].option().kind_case(), Kind::EndOfOptionList);
  EXPECT_EQ(hex(o[7].option().as_EndOfOptionList()->padding()), "00");

  const std::uint8_t pad[] = {0};
  const std::vector<tcp::tcp::options_element_builder> options{
      {.option = {.body = tcp::tcp_option::MaximumSegmentSize{.mss = 1460}}},
      {.option = {.body = tcp::tcp_option::NoOperation{}}},
      {.option = {.body = tcp::tcp_option::WindowScale{.shift = 3}}},
      {.option = {.body = tcp::tcp_option::NoOperation{}}},
      {.option = {.body = tcp::tcp_option::NoOperation{}}},
      {.option = {.body = tcp::tcp_option::Timestamps{.timestamp_value = 720839077}}},
      {.option = {.body = tcp::tcp_option::SackPermitted{}}},
      {.option = {.body = tcp::tcp_option::EndOfOptionList{.padding = mpl::bytes{pad}}}},
  };
  const tcp::tcp::builder syn{.source_port = 49656, .destination_port = 22, .sequence_number = 3945964126u, .syn = 1,
                              .window = 65535, .options = options};
  EXPECT_EQ(hex(bytes_of(build(ip_builder_like(*ip, syn)))), hex(ip->bytes()));
}

TEST(TcpKnownAnswer, SynAckWithOptionsInAnotherOrder) {
  MPL_NEEDS_CORPUS();
  // Frame 4: MSS 1460, SACK_PERM, TS 1874136/720839077, NOP, WS 6.
  const Frame& f = corpus_frame("ip/zeek__var-services-std-ports.pcap", 4);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->header_checksum(), 0x0616u);
  auto t = tcp::tcp::parse(ip->payload());
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->source_port(), 22u);
  EXPECT_EQ(t->destination_port(), 49656u);
  EXPECT_EQ(t->sequence_number(), 865451637u);
  EXPECT_EQ(t->acknowledgment_number(), 3945964127u);
  EXPECT_EQ(t->data_offset(), 10u);
  EXPECT_EQ(t->reserved(), 0u);
  EXPECT_EQ(t->cwr(), 0u);
  EXPECT_EQ(t->ece(), 0u);
  EXPECT_EQ(t->urg(), 0u);
  EXPECT_EQ(t->ack(), 1u);
  EXPECT_EQ(t->psh(), 0u);
  EXPECT_EQ(t->rst(), 0u);
  EXPECT_EQ(t->syn(), 1u);
  EXPECT_EQ(t->fin(), 0u);
  EXPECT_EQ(t->window(), 14480u);
  EXPECT_EQ(t->checksum(), 0xb37du);
  EXPECT_EQ(t->urgent_pointer(), 0u);
  EXPECT_EQ(t->size(), 40u);
  expect_pseudo_checksum_ok(*ip);
  auto o = options_of(*t);
  ASSERT_EQ(o.size(), 5u);
  EXPECT_EQ(o[0].option().as_MaximumSegmentSize()->mss(), 1460u);
  ASSERT_EQ(o[1].option().kind_case(), Kind::SackPermitted);
  EXPECT_EQ(o[1].option().as_SackPermitted()->length(), 2u);
  ASSERT_EQ(o[2].option().kind_case(), Kind::Timestamps);
  EXPECT_EQ(o[2].option().as_Timestamps()->timestamp_value(), 1874136u);
  EXPECT_EQ(o[2].option().as_Timestamps()->timestamp_echo_reply(), 720839077u);
  EXPECT_EQ(o[3].option().kind_case(), Kind::NoOperation);
  ASSERT_EQ(o[4].option().kind_case(), Kind::WindowScale);
  EXPECT_EQ(o[4].option().as_WindowScale()->shift(), 6u);

  const std::vector<tcp::tcp::options_element_builder> options{
      {.option = {.body = tcp::tcp_option::MaximumSegmentSize{.mss = 1460}}},
      {.option = {.body = tcp::tcp_option::SackPermitted{}}},
      {.option = {.body = tcp::tcp_option::Timestamps{.timestamp_value = 1874136, .timestamp_echo_reply = 720839077}}},
      {.option = {.body = tcp::tcp_option::NoOperation{}}},
      {.option = {.body = tcp::tcp_option::WindowScale{.shift = 6}}},
  };
  const tcp::tcp::builder synack{.source_port = 22, .destination_port = 49656, .sequence_number = 865451637u,
                                 .acknowledgment_number = 3945964127u, .ack = 1, .syn = 1, .window = 14480,
                                 .options = options};
  EXPECT_EQ(hex(bytes_of(build(ip_builder_like(*ip, synack)))), hex(ip->bytes()));
}

TEST(TcpKnownAnswer, AckWithSackBlock) {
  MPL_NEEDS_CORPUS();
  // ppp__many-protocols.pcap frame 34: NOP, NOP, SACK 977128254-977128255 (a D-SACK).
  const Frame& f = corpus_frame("ip/ppp__many-protocols.pcap", 34);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->src(), addr("23.21.122.142"));
  EXPECT_EQ(ip->ttl(), 37u);
  auto t = tcp::tcp::parse(ip->payload());
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->source_port(), 80u);
  EXPECT_EQ(t->destination_port(), 55193u);
  EXPECT_EQ(t->sequence_number(), 2149533182u);
  EXPECT_EQ(t->acknowledgment_number(), 977128255u);
  EXPECT_EQ(t->data_offset(), 8u);
  EXPECT_EQ(t->reserved(), 0u);
  EXPECT_EQ(t->cwr(), 0u);
  EXPECT_EQ(t->ece(), 0u);
  EXPECT_EQ(t->urg(), 0u);
  EXPECT_EQ(t->ack(), 1u);
  EXPECT_EQ(t->psh(), 0u);
  EXPECT_EQ(t->rst(), 0u);
  EXPECT_EQ(t->syn(), 0u);
  EXPECT_EQ(t->fin(), 0u);
  EXPECT_EQ(t->window(), 75u);
  EXPECT_EQ(t->checksum(), 0x2f51u);
  EXPECT_EQ(t->urgent_pointer(), 0u);
  EXPECT_EQ(t->size(), 32u);
  expect_pseudo_checksum_ok(*ip);
  auto o = options_of(*t);
  ASSERT_EQ(o.size(), 3u);
  EXPECT_EQ(o[0].option().kind_case(), Kind::NoOperation);
  EXPECT_EQ(o[1].option().kind_case(), Kind::NoOperation);
  ASSERT_EQ(o[2].option().kind_case(), Kind::Sack);
  auto sack = o[2].option().as_Sack();
  ASSERT_TRUE(sack.has_value());
  EXPECT_EQ(sack->length(), 10u);
  ASSERT_EQ(sack->blocks().size(), 1u);
  EXPECT_EQ(sack->blocks().begin()->left_edge(), 977128254u);
  EXPECT_EQ(sack->blocks().begin()->right_edge(), 977128255u);

  const std::vector<tcp::tcp_option::blocks_element_builder> blocks{{.left_edge = 977128254u, .right_edge = 977128255u}};
  const std::vector<tcp::tcp::options_element_builder> options{
      {.option = {.body = tcp::tcp_option::NoOperation{}}},
      {.option = {.body = tcp::tcp_option::NoOperation{}}},
      {.option = {.body = tcp::tcp_option::Sack{.blocks = blocks}}},
  };
  const tcp::tcp::builder b{.source_port = 80, .destination_port = 55193, .sequence_number = 2149533182u,
                            .acknowledgment_number = 977128255u, .ack = 1, .window = 75, .options = options};
  EXPECT_EQ(hex(bytes_of(build(ip_builder_like(*ip, b)))), hex(ip->bytes()));
}

TEST(TcpKnownAnswer, AllEightFlags) {
  MPL_NEEDS_CORPUS();
  // tcpdump tcp_eight_lowest_weight_flags_set.pcap: flags 0x0ff.
  const Frame& f = corpus_frame("ip/tcpdump__tcp_eight_lowest_weight_flags_set.pcap", 1);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->header_checksum(), 0xd802u);
  auto t = tcp::tcp::parse(ip->payload());
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->source_port(), 6260u);
  EXPECT_EQ(t->destination_port(), 80u);
  EXPECT_EQ(t->sequence_number(), 576462951u);
  EXPECT_EQ(t->acknowledgment_number(), 486026015u);
  EXPECT_EQ(t->data_offset(), 5u);
  EXPECT_EQ(t->reserved(), 0u);
  EXPECT_EQ(t->cwr(), 1u);
  EXPECT_EQ(t->ece(), 1u);
  EXPECT_EQ(t->urg(), 1u);
  EXPECT_EQ(t->ack(), 1u);
  EXPECT_EQ(t->psh(), 1u);
  EXPECT_EQ(t->rst(), 1u);
  EXPECT_EQ(t->syn(), 1u);
  EXPECT_EQ(t->fin(), 1u);
  EXPECT_EQ(t->window(), 512u);
  EXPECT_EQ(t->checksum(), 0xf4c3u);
  EXPECT_EQ(t->urgent_pointer(), 0u);
  EXPECT_TRUE(t->options().empty());
  EXPECT_EQ(t->size(), 20u);
  expect_pseudo_checksum_ok(*ip);
  const tcp::tcp::builder b{.source_port = 6260, .destination_port = 80, .sequence_number = 576462951u,
                            .acknowledgment_number = 486026015u, .cwr = 1, .ece = 1, .urg = 1, .ack = 1, .psh = 1,
                            .rst = 1, .syn = 1, .fin = 1, .window = 512};
  EXPECT_EQ(hex(bytes_of(build(ip_builder_like(*ip, b)))), hex(ip->bytes()));
}

TEST(TcpKnownAnswer, ResetCarryingData) {
  MPL_NEEDS_CORPUS();
  // tcpdump tcp_rst_data.pcap: RST+ACK with 58 bytes of text.
  const Frame& f = corpus_frame("ip/tcpdump__tcp_rst_data.pcap", 1);
  auto ip = ipv4::ipv4::parse(ip_of(f));
  ASSERT_TRUE(ip.ok());
  auto t = tcp::tcp::parse(ip->payload());
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->source_port(), 80u);
  EXPECT_EQ(t->destination_port(), 52875u);
  EXPECT_EQ(t->sequence_number(), 1617159969u);
  EXPECT_EQ(t->acknowledgment_number(), 1936660873u);
  EXPECT_EQ(t->data_offset(), 5u);
  EXPECT_EQ(t->reserved(), 0u);
  EXPECT_EQ(t->cwr(), 0u);
  EXPECT_EQ(t->ece(), 0u);
  EXPECT_EQ(t->urg(), 0u);
  EXPECT_EQ(t->ack(), 1u);
  EXPECT_EQ(t->psh(), 0u);
  EXPECT_EQ(t->rst(), 1u);
  EXPECT_EQ(t->syn(), 0u);
  EXPECT_EQ(t->fin(), 0u);
  EXPECT_EQ(t->window(), 5785u);
  EXPECT_EQ(t->checksum(), 0x8471u);
  EXPECT_EQ(t->urgent_pointer(), 0u);
  EXPECT_EQ(t->payload().size(), 58u);
  EXPECT_EQ(std::string(t->payload().begin(), t->payload().end()),
            "BIG-IP: [0x11c5672:3045] {peer} TCP RST from remote system");
  expect_pseudo_checksum_ok(*ip);
  const tcp::tcp::builder b{.source_port = 80, .destination_port = 52875, .sequence_number = 1617159969u,
                            .acknowledgment_number = 1936660873u, .ack = 1, .rst = 1, .window = 5785,
                            .payload = t->payload()};
  EXPECT_EQ(hex(bytes_of(build(ip_builder_like(*ip, b)))), hex(ip->bytes()));
}

}  // namespace
