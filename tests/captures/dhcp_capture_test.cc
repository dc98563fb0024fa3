// dhcp.pcap, made by make_dhcp_capture.sh: dnsmasq handing B's MAC the fixed
// address 10.53.0.123 first to busybox udhcpc (DISCOVER, OFFER, REQUEST,
// ACK), then to ISC dhclient (the same four, then RELEASE). Every frame
// parses down to the DHCP message with the generated Ethernet, IPv4, UDP
// and DHCP codecs, checksums verify, the header fields and options are
// those the script configured, every frame rebuilds byte for byte from
// nested from() builders, and every truncation of a message is refused.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dhcp.h"
#include "ethernet.h"
#include "ipv4.h"
#include "known_capture.h"
#include "udp.h"

namespace {

using namespace known_capture;
namespace eth_t = ethernet::ethernet;
namespace ip_t = ipv4::ipv4;
namespace opt = ::dhcp::dhcp_options;
using type_t = opt::message_type_t;

constexpr std::uint32_t kLeased = 0x0a35007b;  // 10.53.0.123, dnsmasq --dhcp-host

struct Message {
  std::uint32_t ip_src = 0, ip_dst = 0;
  std::uint16_t sport = 0, dport = 0;
  Bytes bytes;  // the DHCP message
};

const std::vector<Message>& messages() {
  static const std::vector<Message> all = [] {
    std::vector<Message> out;
    for (const auto& frame : frames("dhcp.pcap")) {
      auto eth = eth_t::parse(codec_test::bytes_of(frame));
      if (!eth.ok() || !eth->as_IPv4()) continue;
      auto ip = ip_t::parse(eth->as_IPv4()->payload());
      EXPECT_TRUE(ip.ok());
      if (!ip.ok() || ip->protocol() != ip_t::protocol_t::UDP) continue;
      EXPECT_TRUE(ipv4_header_checksum_ok(*ip));
      EXPECT_TRUE(ipv4_pseudo_checksum_ok(*ip));
      auto u = udp::udp::parse(ip->payload());
      EXPECT_TRUE(u.ok());
      if (!u.ok()) continue;
      out.push_back({ip->src(), ip->dst(), u->source_port(), u->destination_port(), bytes(u->payload())});
    }
    return out;
  }();
  return all;
}

std::string hex32(std::uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

// The options of a message by code, each value in words; End must be last.
std::map<int, std::string> options_of(const ::dhcp::dhcp::view& v) {
  std::map<int, std::string> out;
  bool ended = false;
  for (const auto& e : v.options().list()) {
    EXPECT_FALSE(ended) << "option after End";
    const int code = static_cast<int>(e.code());
    std::string value;
    if (auto x = e.as_MessageType()) value = std::to_string(static_cast<int>(x->message_type()));
    else if (auto x = e.as_SubnetMask()) value = hex32(x->subnet_mask());
    else if (auto x = e.as_BroadcastAddress()) value = hex32(x->broadcast_address());
    else if (auto x = e.as_ServerIdentifier()) value = hex32(x->server_address());
    else if (auto x = e.as_RequestedIpAddress()) value = hex32(x->requested_address());
    else if (auto x = e.as_LeaseTime()) value = std::to_string(x->lease_seconds());
    else if (auto x = e.as_RenewalTime()) value = std::to_string(x->renewal_seconds());
    else if (auto x = e.as_RebindingTime()) value = std::to_string(x->rebinding_seconds());
    else if (auto x = e.as_MaximumMessageSize()) value = std::to_string(x->maximum_size());
    else if (auto x = e.as_HostName()) value = text(x->name());
    else if (auto x = e.as_DomainName()) value = text(x->name());
    else if (auto x = e.as_VendorClassIdentifier()) value = text(x->identifier());
    else if (auto x = e.as_Router()) for (const auto& a : x->addresses()) value += hex32(a.address());
    else if (auto x = e.as_DomainNameServer()) for (const auto& a : x->addresses()) value += hex32(a.address());
    else if (auto x = e.as_ParameterRequestList()) {
      for (std::uint8_t p : x->codes()) value += (value.empty() ? "" : ",") + std::to_string(p);
    } else if (auto x = e.as_ClientIdentifier()) {
      value = std::to_string(x->type()) + ":" + hex32(static_cast<std::uint32_t>(x->identifier().size()));
    } else if (e.as_End()) {
      ended = true;
      continue;
    } else if (e.as_Pad()) {
      continue;
    } else {
      value = "?";
    }
    EXPECT_EQ(out.count(code), 0u) << "option " << code << " twice";
    out[code] = value;
  }
  EXPECT_TRUE(ended);
  return out;
}

TEST(DhcpCapture, TheTwoExchangesInOrder) {
  const auto& all = messages();
  ASSERT_EQ(all.size(), 9u);
  const std::vector<type_t> want = {type_t::Discover, type_t::Offer, type_t::Request, type_t::Ack, type_t::Discover,
                                    type_t::Offer,    type_t::Request, type_t::Ack, type_t::Release};
  std::vector<std::uint32_t> xids;
  for (std::size_t i = 0; i < all.size(); ++i) {
    auto v = ::dhcp::dhcp::parse(view(all[i].bytes));
    ASSERT_TRUE(v.ok()) << i << ": " << v.error().describe();
    const auto options = options_of(*v);
    ASSERT_EQ(options.count(53), 1u);
    EXPECT_EQ(options.at(53), std::to_string(static_cast<int>(want[i]))) << i;
    xids.push_back(v->xid());
  }
  // One transaction id per client exchange.
  for (std::size_t i = 1; i < 4; ++i) EXPECT_EQ(xids[i], xids[0]) << i;
  for (std::size_t i = 5; i < 8; ++i) EXPECT_EQ(xids[i], xids[4]) << i;
  EXPECT_NE(xids[0], xids[4]);
}

TEST(DhcpCapture, HeadersAndAddresses) {
  for (const auto& m : messages()) {
    auto v = ::dhcp::dhcp::parse(view(m.bytes));
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->htype(), 1);
    EXPECT_EQ(v->hlen(), 6);
    EXPECT_EQ(v->hops(), 0);
    EXPECT_EQ(v->giaddr(), 0u);  // no relay
    Bytes chaddr(kMacB.begin(), kMacB.end());
    chaddr.resize(16, 0);
    EXPECT_EQ(bytes(v->chaddr()), chaddr);
    EXPECT_EQ(v->magic_cookie(), 0x63825363u);
    const auto options = options_of(*v);
    const bool release = options.at(53) == std::to_string(static_cast<int>(type_t::Release));
    if (v->op() == ::dhcp::dhcp::op_t::BootRequest) {
      EXPECT_EQ(m.sport, 68);
      EXPECT_EQ(m.dport, 67);
      EXPECT_EQ(v->yiaddr(), 0u);
      if (release) {
        // Unicast to the server from B's own address, naming the lease.
        EXPECT_EQ(m.ip_src, kIpB);
        EXPECT_EQ(m.ip_dst, kIpA);
        EXPECT_EQ(v->ciaddr(), kLeased);
        EXPECT_EQ(options.at(54), hex32(kIpA));
      } else {
        EXPECT_EQ(m.ip_src, 0u);
        EXPECT_EQ(m.ip_dst, 0xffffffffu);
        EXPECT_EQ(v->ciaddr(), 0u);
      }
      EXPECT_TRUE(options.at(12) == "mplclient" || options.at(12) == "mpldhclient") << options.at(12);
      if (options.at(12) == "mplclient") {
        // udhcpc -x hostname:mplclient; its vendor class names busybox's udhcp.
        EXPECT_EQ(options.at(60).rfind("udhcp ", 0), 0u) << options.at(60);
        EXPECT_EQ(options.at(61), "1:00000006");  // type 1 (Ethernet), the 6-byte MAC
        EXPECT_EQ(options.at(55), "1,3,6,12,15,28,42");
      } else if (!release) {
        // dhclient.conf of the script: "request subnet-mask, broadcast-address,
        // routers, domain-name, domain-name-servers".
        EXPECT_EQ(options.at(55), "1,28,3,15,6");
      }
      if (options.at(53) == std::to_string(static_cast<int>(type_t::Request))) {
        EXPECT_EQ(options.at(50), hex32(kLeased));
        EXPECT_EQ(options.at(54), hex32(kIpA));
      }
    } else {
      ASSERT_EQ(v->op(), ::dhcp::dhcp::op_t::BootReply);
      EXPECT_EQ(m.sport, 67);
      EXPECT_EQ(m.dport, 68);
      EXPECT_EQ(m.ip_src, kIpA);
      EXPECT_EQ(m.ip_dst, kLeased);
      EXPECT_EQ(v->yiaddr(), kLeased);
      EXPECT_EQ(v->siaddr(), kIpA);
      // What dnsmasq's command line says: lease 1h (renew at half, rebind
      // at 7/8), the /24, router, DNS server and domain.
      EXPECT_EQ(options.at(54), hex32(kIpA));
      EXPECT_EQ(options.at(51), "3600");
      EXPECT_EQ(options.at(58), "1800");
      EXPECT_EQ(options.at(59), "3150");
      EXPECT_EQ(options.at(1), "ffffff00");
      EXPECT_EQ(options.at(28), "0a3500ff");
      EXPECT_EQ(options.at(3), hex32(kIpA));
      EXPECT_EQ(options.at(6), hex32(kIpA));
      EXPECT_EQ(options.at(15), "mpl.test");
    }
    for (const auto& [code, value] : options) EXPECT_NE(value, "?") << "option " << code;
  }
}

// Ethernet, IPv4, UDP and DHCP builders nested, each made with from():
// write() recomputes the lengths and both checksums.
TEST(DhcpCapture, EveryFrameRebuildsByteForByte) {
  std::size_t rebuilt = 0;
  for (const auto& frame : frames("dhcp.pcap")) {
    auto eth = eth_t::parse(codec_test::bytes_of(frame));
    ASSERT_TRUE(eth.ok());
    auto eb = eth_t::builder::from(*eth);
    auto* v4 = std::get_if<eth_t::IPv4>(&eb.body);
    if (v4 == nullptr) continue;  // the ARP before the unicast RELEASE
    auto ip = ip_t::parse(eth->as_IPv4()->payload());
    ASSERT_TRUE(ip.ok());
    auto u = udp::udp::parse(ip->payload());
    ASSERT_TRUE(u.ok());
    auto d = ::dhcp::dhcp::parse(u->payload());
    ASSERT_TRUE(d.ok()) << d.error().describe();
    auto db = ::dhcp::dhcp::builder::from(*d);
    auto ub = udp::udp::builder::from(*u);
    ub.payload = db;
    auto ib = ip_t::builder::from(*ip);
    ib.payload = ub;
    v4->payload = ib;
    EXPECT_EQ(write(eb), frame) << "xid " << d->xid();
    ++rebuilt;
  }
  EXPECT_EQ(rebuilt, 9u);
}

TEST(DhcpCapture, TruncationAtEveryLengthIsRefused) {
  std::size_t tried = 0;
  for (const auto& m : messages()) {
    // The padding after End runs to the end of the datagram, so a cut there
    // still parses: cut the message where its options end and below.
    auto v = ::dhcp::dhcp::parse(view(m.bytes));
    ASSERT_TRUE(v.ok());
    const Bytes upto_end(m.bytes.begin(), m.bytes.end() - static_cast<std::ptrdiff_t>(v->padding().size()));
    tried += expect_every_cut_refused(upto_end, [](mpl::bytes b) { return ::dhcp::dhcp::parse(b); }, "DHCP message");
  }
  EXPECT_GT(tried, 2000u);
}

}  // namespace
