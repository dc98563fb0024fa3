// The paper's example: parse an IPv4 + ICMP echo request, build the echo
// reply as an IPv4 builder whose payload is an ICMP builder that refers to
// the request's data (no copy by the user), and check it byte for byte
// against the real reply captured on the wire; then the "reflecting"
// variant, which edits the request in place into the reply.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "capture.h"
#include "ethernet.h"
#include "icmp.h"
#include "ipv4.h"

namespace {

using codec_test::bytes_of;
using codec_test::Frame;

// zeek icmp_5-pings.pcap, frames 1 and 2: a ping from 172.16.133.2 to
// 172.217.11.78 and its reply.
struct Ping : ::testing::Test {
  void SetUp() override {
    MPL_NEEDS_CORPUS();
    frames = codec_test::read_frames(codec_test::corpus("icmp/zeek__icmp_5-pings.pcap"));
    ASSERT_GE(frames.size(), 2u);
  }
  // The IPv4 packet inside an Ethernet frame.
  static mpl::bytes ip_of(const Frame& frame) {
    auto eth = ethernet::ethernet::parse(bytes_of(frame));
    EXPECT_TRUE(eth.ok());
    auto v4 = eth->as_IPv4();
    EXPECT_TRUE(v4.has_value());
    return v4->payload();
  }
  std::vector<Frame> frames;
};

TEST_F(Ping, RequestParsesWithEveryField) {
  auto ip = ipv4::ipv4::parse(ip_of(frames[0]));
  ASSERT_TRUE(ip.ok()) << ip.error().describe();
  EXPECT_EQ(ip->version(), 4u);
  EXPECT_EQ(ip->ihl(), 5u);
  EXPECT_EQ(ip->dscp(), 0u);
  EXPECT_EQ(ip->ecn(), ipv4::ipv4::ecn_t::NotEct);
  EXPECT_EQ(ip->total_length(), 84u);
  EXPECT_EQ(ip->identification(), 0x946au);
  EXPECT_EQ(ip->reserved(), 0u);
  EXPECT_EQ(ip->dont_fragment(), 1u);
  EXPECT_EQ(ip->more_fragments(), 0u);
  EXPECT_EQ(ip->fragment_offset(), 0u);
  EXPECT_EQ(ip->ttl(), 64u);
  EXPECT_EQ(ip->protocol(), ipv4::ipv4::protocol_t::ICMP);
  EXPECT_EQ(ip->header_checksum(), 0xbd04u);
  EXPECT_EQ(ip->src(), 0xac108502u);
  EXPECT_EQ(ip->dst(), 0xacd90b4eu);
  EXPECT_EQ(ip->options().size(), 0u);
  EXPECT_EQ(ip->header_end(), 20u);
  EXPECT_EQ(ip->payload().size(), 64u);
  EXPECT_EQ(ip->size(), 84u);

  auto icmp = icmp::icmp::parse(ip->payload());
  ASSERT_TRUE(icmp.ok()) << icmp.error().describe();
  EXPECT_EQ(icmp->type(), icmp::icmp::type_t::EchoRequest);
  EXPECT_EQ(icmp->code(), 0u);
  EXPECT_EQ(icmp->checksum(), 0xef24u);
  EXPECT_EQ(icmp->type_case(), icmp::icmp::type_case_t::EchoRequest);
  auto echo = icmp->as_EchoRequest();
  ASSERT_TRUE(echo.has_value());
  EXPECT_FALSE(icmp->as_EchoReply().has_value());
  EXPECT_EQ(echo->identifier(), 0x04cau);
  EXPECT_EQ(echo->sequence(), 1u);
  EXPECT_EQ(echo->data().size(), 56u);
  EXPECT_EQ(echo->data()[0], 0x8bu);
  EXPECT_EQ(echo->data()[55], 0x37u);
}

TEST_F(Ping, ReplyBuiltFromRequestMatchesTheWire) {
  auto request_ip = ipv4::ipv4::parse(ip_of(frames[0]));
  ASSERT_TRUE(request_ip.ok());
  auto request = icmp::icmp::parse(request_ip->payload());
  ASSERT_TRUE(request.ok());
  auto echo = request->as_EchoRequest();
  ASSERT_TRUE(echo.has_value());

  const icmp::icmp::builder reply{
      .body = icmp::icmp::EchoReply{.identifier = echo->identifier(), .sequence = echo->sequence(), .data = echo->data()},
  };
  const ipv4::ipv4::builder packet{
      .dscp = 8,
      .identification = 0,
      .ttl = 0x71,
      .protocol = ipv4::ipv4::protocol_t::ICMP,
      .src = request_ip->dst(),
      .dst = request_ip->src(),
      .payload = reply,
  };
  ASSERT_EQ(packet.size(), 84u);
  std::array<std::uint8_t, 128> out{};
  auto written = packet.write(out);
  ASSERT_TRUE(written.ok()) << written.error().describe();
  ASSERT_EQ(*written, 84u);
  const mpl::bytes expected = ip_of(frames[1]);
  ASSERT_EQ(expected.size(), 84u);
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), out.begin()));
  // Both checksums verify, and are the ones on the wire.
  EXPECT_EQ(out[10], 0x60);
  EXPECT_EQ(out[11], 0x4f);
  EXPECT_EQ(out[22], 0xf7);
  EXPECT_EQ(out[23], 0x24);
}

TEST_F(Ping, BuilderRefusesAShortBuffer) {
  const icmp::icmp::builder reply{.body = icmp::icmp::EchoReply{.identifier = 1, .sequence = 2}};
  ASSERT_EQ(reply.size(), 8u);
  std::array<std::uint8_t, 8> out{};
  out.fill(0xee);
  auto r = reply.write(mpl::mutable_bytes{out.data(), 7});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, mpl::error_kind::buffer_too_small);
  EXPECT_EQ(r.error().lo, 8u);     // what the packet needs
  EXPECT_EQ(r.error().found, 7u);  // what it was given
  EXPECT_EQ(out[7], 0xee);         // nothing past the buffer it was given
  EXPECT_TRUE(reply.write(out).ok());
}

// Three nested builders (Ethernet, IPv4, ICMP echo reply with data) written
// into every buffer shorter than the frame: each write runs out of room in
// one of the three walks, and each is refused the same way, for the whole
// frame (lo = its size, found = the buffer's), with no byte past the
// buffer written.
TEST(NestedBuilders, EveryShorterBufferIsRefusedWithTheWholeSize) {
  const std::uint8_t data[] = {'m', 'e', 'l', 'a', 'n', 'g', 'e'};
  const icmp::icmp::builder reply{.body = icmp::icmp::EchoReply{.identifier = 7, .sequence = 1, .data = data}};
  const ipv4::ipv4::builder packet{
      .protocol = ipv4::ipv4::protocol_t::ICMP, .src = 0x0a000002, .dst = 0x0a000001, .payload = reply};
  const ethernet::ethernet::builder frame{.destination = {1, 2, 3, 4, 5, 6},
                                          .source = {7, 8, 9, 10, 11, 12},
                                          .body = ethernet::ethernet::IPv4{.payload = packet}};
  const std::size_t need = frame.size();
  ASSERT_EQ(need, 14u + 20u + 8u + sizeof data);
  std::vector<std::uint8_t> whole(need);
  ASSERT_EQ(frame.write(mpl::mutable_bytes{whole.data(), whole.size()}).value(), need);
  for (std::size_t cap = 0; cap < need; ++cap) {
    std::vector<std::uint8_t> out(need, 0xee);
    auto r = frame.write(mpl::mutable_bytes{out.data(), cap});
    ASSERT_FALSE(r.ok()) << cap;
    EXPECT_EQ(r.error().kind, mpl::error_kind::buffer_too_small) << cap;
    EXPECT_EQ(r.error().lo, need) << cap;
    EXPECT_EQ(r.error().found, cap) << cap;
    for (std::size_t i = cap; i < need; ++i) ASSERT_EQ(out[i], 0xee) << "cap " << cap << " byte " << i;
  }
}

TEST_F(Ping, ReflectingTheRequestInPlace) {
  Frame request = frames[0];
  auto eth = ethernet::ethernet::parse(bytes_of(request));
  ASSERT_TRUE(eth.ok());
  const std::size_t ip_at = 14;
  auto ip = ipv4::ipv4::parse_mutable(mpl::mutable_bytes{request.data() + ip_at, request.size() - ip_at});
  ASSERT_TRUE(ip.ok());
  const std::uint32_t src = ip->src();
  const std::uint32_t dst = ip->dst();
  ip->update_src(dst);
  ip->update_dst(src);
  ip->update_dscp(8);
  ip->update_dont_fragment(0);
  ip->update_identification(0);
  ip->update_ttl(0x71);
  auto icmp = icmp::icmp::parse_mutable(mpl::mutable_bytes{request.data() + ip_at + 20, 64});
  ASSERT_TRUE(icmp.ok());
  icmp->update_type(icmp::icmp::type_t::EchoReply);
  const mpl::bytes expected = ip_of(frames[1]);
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), request.begin() + ip_at));
  // The same after recomputing from scratch.
  ip->recompute_header_checksum();
  icmp->recompute_checksum();
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), request.begin() + ip_at));
}

}  // namespace
