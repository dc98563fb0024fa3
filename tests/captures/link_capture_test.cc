// link.pcap, made by make_link_capture.sh: ARP, ICMP echo over IPv4 and
// IPv6 (with neighbour discovery), UDP over both, one TCP connection and
// an ICMP port unreachable, between the two namespaces of netns.sh. Every
// frame parses down to its last layer with the generated Ethernet, ARP,
// IPv4, IPv6, ICMP, UDP and TCP codecs, every checksum verifies, the
// fields the script fixed have the values it fixed, every frame rebuilds
// byte for byte from nested from() builders, and a frame cut short at any
// length is refused by the layer whose length it breaks.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "arp.h"
#include "ethernet.h"
#include "icmp.h"
#include "ipv4.h"
#include "ipv6.h"
#include "known_capture.h"
#include "tcp.h"
#include "udp.h"

namespace {

using namespace known_capture;
namespace eth_t = ethernet::ethernet;
namespace ip_t = ipv4::ipv4;
namespace ip6_t = ipv6::ipv6;

const std::vector<Frame>& link_frames() {
  static const std::vector<Frame> all = frames("link.pcap");
  return all;
}

Bytes addr6(std::uint8_t last) { return {0xfd, 0, 0, 0x53, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last}; }

// What a frame is, once taken apart down to its last layer; empty if some
// layer does not parse or a checksum does not verify.
std::string classify(const Frame& frame) {
  auto eth = eth_t::parse(codec_test::bytes_of(frame));
  if (!eth.ok() || eth->size() != frame.size()) return "";
  if (auto a = eth->as_Arp()) {
    auto arp = arp::arp::parse(a->payload());
    if (!arp.ok() || arp->size() != a->payload().size()) return "";
    return arp->operation() == arp::arp::operation_t::Request ? "arp request" : "arp reply";
  }
  if (auto v4 = eth->as_IPv4()) {
    auto ip = ip_t::parse(v4->payload());
    if (!ip.ok() || ip->size() != v4->payload().size() || !ipv4_header_checksum_ok(*ip)) return "";
    switch (ip->protocol()) {
      case ip_t::protocol_t::ICMP: {
        auto m = icmp::icmp::parse(ip->payload());
        if (!m.ok() || mpl::internet_checksum(ip->payload()) != 0) return "";
        if (m->as_EchoRequest()) return "icmp echo request";
        if (m->as_EchoReply()) return "icmp echo reply";
        if (m->as_DestinationUnreachable()) return "icmp unreachable";
        return "icmp other";
      }
      case ip_t::protocol_t::UDP: {
        auto u = udp::udp::parse(ip->payload());
        if (!u.ok() || u->size() != ip->payload().size() || !ipv4_pseudo_checksum_ok(*ip)) return "";
        return "udp4";
      }
      case ip_t::protocol_t::TCP: {
        auto t = tcp::tcp::parse(ip->payload());
        if (!t.ok() || !ipv4_pseudo_checksum_ok(*ip)) return "";
        return "tcp4";
      }
      default:
        return "";
    }
  }
  if (auto v6 = eth->as_IPv6()) {
    auto ip = ip6_t::parse(v6->payload());
    if (!ip.ok() || ip->size() != v6->payload().size()) return "";
    auto next = static_cast<std::uint8_t>(ip->next_header());
    mpl::bytes rest = ip->payload();
    std::string prefix;
    if (ip->next_header() == ip6_t::next_header_t::HopByHop) {  // MLD reports carry router alert
      auto ext = ipv6::ipv6_extension::parse(rest);
      if (!ext.ok()) return "";
      next = ext->next_header();
      rest = ext->payload();
      prefix = "hop-by-hop ";
    }
    if (!ipv6_pseudo_checksum_ok(ip->src(), ip->dst(), next, rest)) return "";
    if (next == 17) {
      auto u = udp::udp::parse(rest);
      return u.ok() && u->size() == rest.size() ? prefix + "udp6" : "";
    }
    if (next != 58 || rest.empty()) return "";
    switch (rest[0]) {  // ICMPv6 type (RFC 4443, RFC 4861, RFC 3810); no spec of its own yet
      case 128: return prefix + "icmp6 echo request";
      case 129: return prefix + "icmp6 echo reply";
      case 135: return prefix + "icmp6 neighbor solicitation";
      case 136: return prefix + "icmp6 neighbor advertisement";
      case 143: return prefix + "icmp6 mld report";
      default: return prefix + "icmp6 other";
    }
  }
  return "";
}

TEST(LinkCapture, EveryFrameParsesToItsLastLayerWithChecksumsThatVerify) {
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < link_frames().size(); ++i) {
    const std::string what = classify(link_frames()[i]);
    EXPECT_FALSE(what.empty()) << "frame " << i + 1;
    ++seen[what];
  }
  EXPECT_EQ(seen["arp request"], 1u);
  EXPECT_EQ(seen["arp reply"], 1u);
  EXPECT_EQ(seen["icmp echo request"], 2u);
  EXPECT_EQ(seen["icmp echo reply"], 2u);
  EXPECT_EQ(seen["icmp unreachable"], 1u);
  EXPECT_EQ(seen["icmp6 echo request"], 2u);
  EXPECT_EQ(seen["icmp6 echo reply"], 2u);
  EXPECT_EQ(seen["icmp6 neighbor solicitation"], 1u);
  EXPECT_EQ(seen["icmp6 neighbor advertisement"], 1u);
  EXPECT_EQ(seen["udp4"], 3u);  // request, answer, and the one to port 9
  EXPECT_EQ(seen["udp6"], 2u);
  EXPECT_GE(seen["tcp4"], 9u);  // at least handshake, two data segments, two FINs and their ACKs
  // MLDv2 reports for the solicited-node groups may or may not fall inside
  // the capture; nothing else may be there.
  std::size_t known = 0;
  for (const auto& [what, n] : seen) known += n;
  EXPECT_EQ(known, link_frames().size());
  EXPECT_EQ(seen[""], 0u);
  EXPECT_EQ(seen["icmp other"] + seen["icmp6 other"], 0u);
}

TEST(LinkCapture, ArpRequestAndReply) {
  std::size_t checked = 0;
  for (const auto& frame : link_frames()) {
    auto eth = eth_t::parse(codec_test::bytes_of(frame));
    ASSERT_TRUE(eth.ok());
    auto a = eth->as_Arp();
    if (!a) continue;
    EXPECT_EQ(eth->ethertype(), eth_t::ethertype_t::ARP);
    auto arp = arp::arp::parse(a->payload());
    ASSERT_TRUE(arp.ok()) << arp.error().describe();
    EXPECT_EQ(arp->hardware_type(), arp::arp::hardware_type_t::Ethernet);
    EXPECT_EQ(arp->protocol_type(), arp::arp::protocol_type_t::IPv4);
    EXPECT_EQ(arp->hardware_length(), 6);
    EXPECT_EQ(arp->protocol_length(), 4);
    if (arp->operation() == arp::arp::operation_t::Request) {
      // B asks, to everyone, who has A's address.
      EXPECT_EQ(bytes(eth->destination()), Bytes(6, 0xff));
      EXPECT_EQ(bytes(eth->source()), Bytes(kMacB.begin(), kMacB.end()));
      EXPECT_EQ(bytes(arp->sender_hardware_address()), Bytes(kMacB.begin(), kMacB.end()));
      EXPECT_EQ(bytes(arp->sender_protocol_address()), (Bytes{10, 53, 0, 2}));
      EXPECT_EQ(bytes(arp->target_hardware_address()), Bytes(6, 0));
      EXPECT_EQ(bytes(arp->target_protocol_address()), (Bytes{10, 53, 0, 1}));
    } else {
      ASSERT_EQ(arp->operation(), arp::arp::operation_t::Reply);
      EXPECT_EQ(bytes(eth->destination()), Bytes(kMacB.begin(), kMacB.end()));
      EXPECT_EQ(bytes(arp->sender_hardware_address()), Bytes(kMacA.begin(), kMacA.end()));
      EXPECT_EQ(bytes(arp->sender_protocol_address()), (Bytes{10, 53, 0, 1}));
      EXPECT_EQ(bytes(arp->target_hardware_address()), Bytes(kMacB.begin(), kMacB.end()));
      EXPECT_EQ(bytes(arp->target_protocol_address()), (Bytes{10, 53, 0, 2}));
    }
    ++checked;
  }
  EXPECT_EQ(checked, 2u);
}

// The IPv4 view of a frame, if it carries IPv4.
std::optional<ip_t::view> ipv4_of(const Frame& frame) {
  auto eth = eth_t::parse(codec_test::bytes_of(frame));
  if (!eth.ok() || !eth->as_IPv4()) return std::nullopt;
  auto ip = ip_t::parse(eth->as_IPv4()->payload());
  if (!ip.ok()) return std::nullopt;
  return *ip;
}

TEST(LinkCapture, IcmpEchoOverIpv4) {
  std::vector<std::uint16_t> request_seq, reply_seq;
  std::optional<std::uint16_t> id;
  Bytes last_request_data;
  for (const auto& frame : link_frames()) {
    auto ip = ipv4_of(frame);
    if (!ip || ip->protocol() != ip_t::protocol_t::ICMP) continue;
    auto m = icmp::icmp::parse(ip->payload());
    ASSERT_TRUE(m.ok()) << m.error().describe();
    EXPECT_EQ(mpl::internet_checksum(ip->payload()), 0);
    EXPECT_EQ(ip->ttl(), 64);
    mpl::bytes data;
    if (auto e = m->as_EchoRequest()) {
      EXPECT_EQ(ip->src(), kIpB);
      EXPECT_EQ(ip->dst(), kIpA);
      request_seq.push_back(e->sequence());
      if (!id) id = e->identifier();
      EXPECT_EQ(e->identifier(), *id);  // one ping process
      data = e->data();
      last_request_data = bytes(data);
    } else if (auto r = m->as_EchoReply()) {
      EXPECT_EQ(ip->src(), kIpA);
      EXPECT_EQ(ip->dst(), kIpB);
      reply_seq.push_back(r->sequence());
      EXPECT_EQ(r->identifier(), id.value_or(0));
      data = r->data();
      EXPECT_EQ(bytes(data), last_request_data);  // echoed unchanged
    } else {
      continue;
    }
    // ping -s 40 -p 6d706c: 40 data bytes filled with the pattern, the first
    // 16 then overwritten by a timestamp.
    ASSERT_EQ(data.size(), 40u);
    for (std::size_t i = 16; i < 40; ++i) EXPECT_EQ(data[i], "mpl"[i % 3]) << i;
  }
  EXPECT_EQ(request_seq, (std::vector<std::uint16_t>{1, 2}));
  EXPECT_EQ(reply_seq, (std::vector<std::uint16_t>{1, 2}));
}

TEST(LinkCapture, IcmpPortUnreachableQuotesTheDatagram) {
  std::size_t found = 0;
  for (const auto& frame : link_frames()) {
    auto ip = ipv4_of(frame);
    if (!ip || ip->protocol() != ip_t::protocol_t::ICMP) continue;
    auto m = icmp::icmp::parse(ip->payload());
    ASSERT_TRUE(m.ok());
    auto u = m->as_DestinationUnreachable();
    if (!u) continue;
    ++found;
    EXPECT_EQ(m->code(), 3);  // port unreachable
    EXPECT_EQ(ip->src(), kIpA);
    EXPECT_EQ(ip->dst(), kIpB);
    // The quoted datagram: B's UDP from port 40002 to port 9, "nobody home".
    auto inner = ip_t::parse(u->original());
    ASSERT_TRUE(inner.ok()) << inner.error().describe();
    EXPECT_EQ(inner->src(), kIpB);
    EXPECT_EQ(inner->dst(), kIpA);
    EXPECT_TRUE(ipv4_header_checksum_ok(*inner));
    auto d = udp::udp::parse(inner->payload());
    ASSERT_TRUE(d.ok()) << d.error().describe();
    EXPECT_EQ(d->source_port(), 40002);
    EXPECT_EQ(d->destination_port(), 9);
    EXPECT_EQ(text(d->payload()), "nobody home");
    EXPECT_TRUE(ipv4_pseudo_checksum_ok(*inner));
  }
  EXPECT_EQ(found, 1u);
}

TEST(LinkCapture, UdpOverIpv4AndIpv6) {
  std::vector<std::string> seen;
  for (const auto& frame : link_frames()) {
    auto eth = eth_t::parse(codec_test::bytes_of(frame));
    ASSERT_TRUE(eth.ok());
    mpl::bytes segment;
    bool from_b = false;
    std::string family;
    if (auto v4 = eth->as_IPv4()) {
      auto ip = ip_t::parse(v4->payload());
      ASSERT_TRUE(ip.ok());
      if (ip->protocol() != ip_t::protocol_t::UDP) continue;
      EXPECT_TRUE(ipv4_pseudo_checksum_ok(*ip));
      from_b = ip->src() == kIpB;
      EXPECT_EQ(ip->dst(), from_b ? kIpA : kIpB);
      segment = ip->payload();
      family = "4";
    } else if (auto v6 = eth->as_IPv6()) {
      auto ip = ip6_t::parse(v6->payload());
      ASSERT_TRUE(ip.ok());
      if (ip->next_header() != ip6_t::next_header_t::UDP) continue;
      EXPECT_TRUE(ipv6_pseudo_checksum_ok(ip->src(), ip->dst(), 17, ip->payload()));
      from_b = bytes(ip->src()) == addr6(2);
      EXPECT_EQ(bytes(ip->src()), addr6(from_b ? 2 : 1));
      EXPECT_EQ(bytes(ip->dst()), addr6(from_b ? 1 : 2));
      EXPECT_EQ(ip->hop_limit(), 64);
      segment = ip->payload();
      family = "6";
    } else {
      continue;
    }
    auto u = udp::udp::parse(segment);
    ASSERT_TRUE(u.ok()) << u.error().describe();
    EXPECT_EQ(u->length(), segment.size());
    if (u->destination_port() == 9) continue;  // the one nobody answers
    EXPECT_EQ(u->source_port(), from_b ? 40000 : 7000);
    EXPECT_EQ(u->destination_port(), from_b ? 7000 : 40000);
    seen.push_back(family + " " + text(u->payload()));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"4 hello over udp", "4 HELLO OVER UDP", "6 hello over udp",
                                            "6 HELLO OVER UDP"}));
}

TEST(LinkCapture, TcpConnection) {
  std::string client_data, server_data;
  std::size_t syn = 0, syn_ack = 0, fin = 0;
  std::optional<std::uint32_t> client_isn, server_isn;
  for (const auto& frame : link_frames()) {
    auto ip = ipv4_of(frame);
    if (!ip || ip->protocol() != ip_t::protocol_t::TCP) continue;
    EXPECT_TRUE(ipv4_pseudo_checksum_ok(*ip));
    auto t = tcp::tcp::parse(ip->payload());
    ASSERT_TRUE(t.ok()) << t.error().describe();
    const bool from_client = t->source_port() == 40001;
    EXPECT_EQ(from_client ? t->destination_port() : t->source_port(), 7000);
    EXPECT_EQ(ip->src(), from_client ? kIpB : kIpA);
    EXPECT_EQ(t->urg() + t->rst(), 0);
    if (t->syn() != 0) {
      (t->ack() != 0 ? syn_ack : syn)++;
      (from_client ? client_isn : server_isn) = t->sequence_number();
      if (t->ack() != 0) {
        EXPECT_EQ(t->acknowledgment_number(), client_isn.value_or(0) + 1);
      }
      // Linux's SYN options: MSS 1460 (MTU 1500), SACK permitted,
      // timestamps, window scale.
      std::map<tcp::tcp_option::kind_t, std::size_t> kinds;
      for (const auto& e : t->options()) {
        const auto o = e.option();
        ++kinds[o.kind()];
        if (auto mss = o.as_MaximumSegmentSize()) {
          EXPECT_EQ(mss->mss(), 1460);
        }
        if (auto ts = o.as_Timestamps()) {
          EXPECT_NE(ts->timestamp_value(), 0u);
        }
        if (auto ws = o.as_WindowScale()) {
          EXPECT_LE(ws->shift(), 14);
        }
      }
      EXPECT_EQ(kinds[tcp::tcp_option::kind_t::MaximumSegmentSize], 1u);
      EXPECT_EQ(kinds[tcp::tcp_option::kind_t::SackPermitted], 1u);
      EXPECT_EQ(kinds[tcp::tcp_option::kind_t::Timestamps], 1u);
      EXPECT_EQ(kinds[tcp::tcp_option::kind_t::WindowScale], 1u);
    }
    fin += t->fin();
    (from_client ? client_data : server_data) += text(t->payload());
  }
  EXPECT_EQ(syn, 1u);
  EXPECT_EQ(syn_ack, 1u);
  EXPECT_EQ(fin, 2u);
  EXPECT_EQ(client_data, "hello over tcp\n");
  EXPECT_EQ(server_data, "HELLO OVER TCP\n");
}

// Nested from() builders: Ethernet, then IPv4 with its ICMP/UDP/TCP inside
// (write() recomputes every length and checksum), or IPv6 with its payload.
TEST(LinkCapture, EveryFrameRebuildsByteForByte) {
  std::size_t nested = 0;
  for (std::size_t i = 0; i < link_frames().size(); ++i) {
    const Frame& frame = link_frames()[i];
    auto eth = eth_t::parse(codec_test::bytes_of(frame));
    ASSERT_TRUE(eth.ok());
    auto eb = eth_t::builder::from(*eth);
    std::optional<ip_t::builder> ib;
    std::optional<icmp::icmp::builder> icb;
    std::optional<udp::udp::builder> ub;
    std::optional<tcp::tcp::builder> tb;
    std::optional<arp::arp::builder> ab;
    std::optional<ip6_t::builder> i6b;
    if (auto* c = std::get_if<eth_t::IPv4>(&eb.body)) {
      auto ip = ip_t::parse(eth->as_IPv4()->payload());
      ASSERT_TRUE(ip.ok());
      ib = ip_t::builder::from(*ip);
      if (ip->protocol() == ip_t::protocol_t::ICMP) {
        icb = icmp::icmp::builder::from(*icmp::icmp::parse(ip->payload()));
        ib->payload = *icb;
      } else if (ip->protocol() == ip_t::protocol_t::UDP) {
        ub = udp::udp::builder::from(*udp::udp::parse(ip->payload()));
        ib->payload = *ub;
      } else if (ip->protocol() == ip_t::protocol_t::TCP) {
        tb = tcp::tcp::builder::from(*tcp::tcp::parse(ip->payload()));
        ib->payload = *tb;
      }
      c->payload = *ib;
      ++nested;
    } else if (auto* a = std::get_if<eth_t::Arp>(&eb.body)) {
      ab = arp::arp::builder::from(*arp::arp::parse(eth->as_Arp()->payload()));
      a->payload = *ab;
      ++nested;
    } else if (auto* c6 = std::get_if<eth_t::IPv6>(&eb.body)) {
      auto ip = ip6_t::parse(eth->as_IPv6()->payload());
      ASSERT_TRUE(ip.ok());
      i6b = ip6_t::builder::from(*ip);
      c6->payload = *i6b;
      ++nested;
    }
    EXPECT_EQ(write(eb), frame) << "frame " << i + 1;
  }
  EXPECT_EQ(nested, link_frames().size());
}

// A frame cut anywhere: Ethernet refuses fewer than 14 bytes, and after
// that the ARP packet or the IP packet (whose length fields no longer fit)
// refuses the rest.
TEST(LinkCapture, TruncationAtEveryLengthIsRefused) {
  std::size_t tried = 0;
  for (const auto& frame : link_frames()) {
    auto whole = [](mpl::bytes b) -> mpl::result<std::size_t> {
      auto eth = eth_t::parse(b);
      if (!eth.ok()) return eth.error();
      if (auto a = eth->as_Arp()) {
        auto arp = arp::arp::parse(a->payload());
        if (!arp.ok()) return arp.error();
        return arp->size();
      }
      if (auto v4 = eth->as_IPv4()) {
        auto ip = ip_t::parse(v4->payload());
        if (!ip.ok()) return ip.error();
        return ip->size();
      }
      auto ip = ip6_t::parse(eth->as_IPv6()->payload());
      if (!ip.ok()) return ip.error();
      return ip->size();
    };
    ASSERT_TRUE(whole(codec_test::bytes_of(frame)).ok());
    tried += expect_every_cut_refused(frame, whole, "frame");
  }
  EXPECT_GT(tried, 2000u);
}

}  // namespace
