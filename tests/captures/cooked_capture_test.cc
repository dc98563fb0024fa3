// sll.pcap, sll2.pcap and ping.pcapng, made by make_cooked_capture.sh: one
// exchange (B's ARP request and A's reply, two pings and their replies)
// captured at once in three framings on A's side. Every record parses with
// the generated Linux cooked capture (v1, v2) and pcapng codecs, the
// framing fields say what the kernel knows (direction, link type, address,
// interface), the packets inside are the same bytes in all three files,
// everything rebuilds byte for byte, and every cut is refused. The BSD
// loopback framing (null.mpl) cannot be captured on Linux: the same packets
// are framed with its builder and read back.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app_capture.h"
#include "arp.h"
#include "icmp.h"
#include "ipv4.h"
#include "known_capture.h"
#include "null.h"
#include "pcapng.h"
#include "sll.h"
#include "sll2.h"

namespace {

using namespace known_capture;
namespace ip_t = ipv4::ipv4;

// The packet after the framing, checked down to its last layer: ARP, or
// IPv4 with an ICMP echo whose checksums verify. Returns a short name.
std::string inner(std::uint16_t ethertype, mpl::bytes payload) {
  if (ethertype == 0x0806) {
    auto a = arp::arp::parse(payload);
    EXPECT_TRUE(a.ok());
    EXPECT_EQ(a.ok() ? a->size() : 0, payload.size());
    return a.ok() && a->operation() == arp::arp::operation_t::Request ? "arp request" : "arp reply";
  }
  EXPECT_EQ(ethertype, 0x0800);
  auto ip = ip_t::parse(payload);
  EXPECT_TRUE(ip.ok());
  if (!ip.ok()) return "?";
  EXPECT_EQ(ip->size(), payload.size());
  EXPECT_TRUE(ipv4_header_checksum_ok(*ip));
  auto m = icmp::icmp::parse(ip->payload());
  EXPECT_TRUE(m.ok());
  EXPECT_EQ(mpl::internet_checksum(ip->payload()), 0);
  if (m.ok() && m->as_EchoRequest()) return "echo request";
  if (m.ok() && m->as_EchoReply()) return "echo reply";
  return "?";
}

const std::vector<std::string> kExchange = {"arp request", "arp reply", "echo request", "echo reply", "echo request",
                                            "echo reply"};

std::vector<Frame> frames_of(const std::string& name, std::uint32_t linktype) {
  std::uint32_t got = 0;
  auto all = codec_test::read_frames(path(name), &got);
  EXPECT_EQ(got, linktype) << name;
  return all;
}


TEST(CookedCapture, SllV1) {
  std::vector<std::string> seen;
  for (const auto& frame : frames_of("sll.pcap", 113)) {  // LINKTYPE_LINUX_SLL
    auto s = sll::sll::parse(codec_test::bytes_of(frame));
    ASSERT_TRUE(s.ok()) << s.error().describe();
    EXPECT_EQ(s->arphrd_type(), 1);  // ARPHRD_ETHER: the veth
    EXPECT_EQ(s->address_length(), 6);
    const std::string what = inner(static_cast<std::uint16_t>(s->protocol()), s->payload());
    // A's own frames are "outgoing", with A's MAC; B's broadcast request
    // and unicast echo requests arrive with B's.
    const bool from_a = what == "arp reply" || what == "echo reply";
    EXPECT_EQ(s->packet_type(), from_a                  ? sll::sll::packet_type_t::Outgoing
                                : what == "arp request" ? sll::sll::packet_type_t::Broadcast
                                                        : sll::sll::packet_type_t::Host)
        << what;
    Bytes mac(from_a ? kMacA.begin() : kMacB.begin(), from_a ? kMacA.end() : kMacB.end());
    mac.resize(8, 0);
    EXPECT_EQ(bytes(s->address()), mac);
    EXPECT_EQ(write(sll::sll::builder::from(*s)), frame);
    expect_every_cut_refused(Bytes(frame.begin(), frame.begin() + 16), [](mpl::bytes b) { return sll::sll::parse(b); },
                             "sll header");
    seen.push_back(what);
  }
  EXPECT_EQ(seen, kExchange);
}

TEST(CookedCapture, SllV2) {
  std::vector<std::string> seen;
  for (const auto& frame : frames_of("sll2.pcap", 276)) {  // LINKTYPE_LINUX_SLL2
    auto s = sll2::sll2::parse(codec_test::bytes_of(frame));
    ASSERT_TRUE(s.ok()) << s.error().describe();
    EXPECT_EQ(s->reserved(), 0);
    EXPECT_EQ(s->interface_index(), 2u);  // lo is 1 in A's fresh namespace, veth-a 2
    EXPECT_EQ(s->arphrd_type(), 1);
    EXPECT_EQ(s->address_length(), 6);
    const std::string what = inner(static_cast<std::uint16_t>(s->protocol()), s->payload());
    const bool from_a = what == "arp reply" || what == "echo reply";
    EXPECT_EQ(s->packet_type(), from_a                  ? sll2::sll2::packet_type_t::Outgoing
                                : what == "arp request" ? sll2::sll2::packet_type_t::Broadcast
                                                        : sll2::sll2::packet_type_t::Host)
        << what;
    EXPECT_EQ(write(sll2::sll2::builder::from(*s)), frame);
    expect_every_cut_refused(Bytes(frame.begin(), frame.begin() + 20),
                             [](mpl::bytes b) { return sll2::sll2::parse(b); }, "sll2 header");
    seen.push_back(what);
  }
  EXPECT_EQ(seen, kExchange);
}

// dumpcap's pcapng: a little-endian section header, one interface
// description (Ethernet), one enhanced packet block per frame.
TEST(CookedCapture, Pcapng) {
  const Bytes file = codec_test::read_file(path("ping.pcapng"));
  auto start = pcapng::pcapng_section_start::parse(view(file));
  ASSERT_TRUE(start.ok()) << start.error().describe();
  ASSERT_TRUE(start->as_Little());
  std::vector<std::string> kinds, seen;
  mpl::bytes rest = view(file);
  while (!rest.empty()) {
    auto b = pcapng::pcapng_block_le::parse(rest);
    ASSERT_TRUE(b.ok()) << b.error().describe();
    const Bytes block = bytes(rest.first(b->size()));
    EXPECT_EQ(b->block_total_length(), block.size());
    EXPECT_EQ(b->trailing_length(), block.size());
    EXPECT_EQ(write(pcapng::pcapng_block_le::builder::from(*b)), block);
    expect_every_cut_refused(block, [](mpl::bytes x) { return pcapng::pcapng_block_le::parse(x); }, "pcapng block");
    if (auto s = b->as_SectionHeader()) {
      kinds.push_back("section");
      EXPECT_EQ(s->version_major(), 1);
      EXPECT_EQ(s->version_minor(), 0);
    } else if (auto i = b->as_InterfaceDescription()) {
      kinds.push_back("interface");
      EXPECT_EQ(i->linktype(), 1);  // Ethernet
    } else if (auto e = b->as_EnhancedPacket()) {
      kinds.push_back("packet");
      EXPECT_EQ(e->interface_id(), 0u);
      EXPECT_EQ(e->captured_length(), e->original_length());
      auto eth_type = static_cast<std::uint16_t>(e->data()[12] << 8 | e->data()[13]);
      EXPECT_EQ(Bytes(e->data().begin() + 6, e->data().begin() + 12).back(), seen.size() % 2 == 0 ? 0x0b : 0x0a)
          << "source MAC";
      seen.push_back(inner(eth_type, e->data().subspan(14)));
    } else {
      kinds.push_back("other");
    }
    rest = rest.subspan(b->size());
  }
  ASSERT_GE(kinds.size(), 2u);
  EXPECT_EQ(kinds[0], "section");
  EXPECT_EQ(kinds[1], "interface");
  EXPECT_EQ(seen, kExchange);
}

// The same packets, byte for byte, in the three files (an ARP payload is
// its 28 bytes in all three: a veth does not pad short frames).
TEST(CookedCapture, TheSamePacketsInEveryFraming) {
  std::vector<Bytes> v1, v2, ng;
  for (const auto& f : frames_of("sll.pcap", 113)) v1.push_back(bytes(sll::sll::parse(codec_test::bytes_of(f))->payload()));
  for (const auto& f : frames_of("sll2.pcap", 276)) {
    v2.push_back(bytes(sll2::sll2::parse(codec_test::bytes_of(f))->payload()));
  }
  for (const auto& f : app_test::ethernet_frames(path("ping.pcapng"))) ng.emplace_back(f.begin() + 14, f.end());
  ASSERT_EQ(v1.size(), kExchange.size());
  EXPECT_EQ(v1, v2);
  EXPECT_EQ(v1, ng);
}

// DLT_NULL: BSD's loopback framing, a 4-byte address family in the
// capturing host's byte order. The IPv4 packets of sll.pcap framed by the
// builder in both byte orders read back as IPv4 with the same packet.
TEST(CookedCapture, NullFramingOfTheSamePackets) {
  std::size_t checked = 0;
  for (const auto& frame : frames_of("sll.pcap", 113)) {
    auto s = sll::sll::parse(codec_test::bytes_of(frame));
    ASSERT_TRUE(s.ok());
    if (s->protocol() != sll::sll::protocol_t::IPv4) continue;
    for (auto family : {null::null::family_t::IPv4, null::null::family_t::IPv4Swapped}) {
      const Bytes framed = write(null::null::builder{.family = family, .payload = s->payload()});
      ASSERT_EQ(framed.size(), s->payload().size() + 4);
      auto n = null::null::parse(view(framed));
      ASSERT_TRUE(n.ok()) << n.error().describe();
      EXPECT_EQ(n->family(), family);
      EXPECT_EQ(bytes(n->payload()), bytes(s->payload()));
      expect_every_cut_refused(Bytes(framed.begin(), framed.begin() + 4), [](mpl::bytes b) { return null::null::parse(b); },
                               "null header");
      ++checked;
    }
  }
  EXPECT_EQ(checked, 8u);
}

}  // namespace
