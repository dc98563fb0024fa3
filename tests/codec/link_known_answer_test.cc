// Known-answer vectors for the link layer and the capture format: Ethernet II
// untagged, with one 802.1Q tag (ARP and IPv4 inside), with two tags
// (Q-in-Q) and with a tag over an 802.3 length; an untagged 802.3 frame; ARP
// request, reply and gratuitous reply; the pcap file header for every magic
// (little-endian microsecond and nanosecond files from the corpus, the
// big-endian ones hand-assembled from draft-ietf-opsawg-pcap) and record
// headers. Expected values are tshark's and capinfos' decode of the same
// bytes. Each is rebuilt from a builder and compared byte for byte.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "arp.h"
#include "capture.h"
#include "ethernet.h"
#include "ipv4.h"
#include "pcap.h"

namespace {

using codec_test::bytes_of;
using codec_test::Frame;
using codec_test::from_hex;
using EthCase = ethernet::ethernet::ethertype_case_t;
using InnerCase = ethernet::ethernet::inner_ethertype_case_t;

std::string hex(mpl::bytes b) {
  std::string s;
  char buf[3];
  for (std::uint8_t x : b) {
    std::snprintf(buf, sizeof buf, "%02x", x);
    s += buf;
  }
  return s;
}

// "aa:bb:cc:dd:ee:ff", as tshark prints a MAC address.
std::string mac(mpl::bytes b) {
  std::string s;
  char buf[4];
  for (std::size_t i = 0; i < b.size(); ++i) {
    std::snprintf(buf, sizeof buf, i == 0 ? "%02x" : ":%02x", b[i]);
    s += buf;
  }
  return s;
}

std::array<std::uint8_t, 6> mac_array(const char* text) {
  std::array<std::uint8_t, 6> out{};
  unsigned v[6] = {};
  EXPECT_EQ(std::sscanf(text, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]), 6);
  for (int i = 0; i < 6; ++i) out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v[i]);
  return out;
}

// "10.0.0.1" from the 4 bytes of an ARP protocol address.
std::string dotted(mpl::bytes b) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
  return buf;
}

std::array<std::uint8_t, 4> ip_array(const char* text) {
  unsigned v[4] = {};
  EXPECT_EQ(std::sscanf(text, "%u.%u.%u.%u", &v[0], &v[1], &v[2], &v[3]), 4);
  return {static_cast<std::uint8_t>(v[0]), static_cast<std::uint8_t>(v[1]), static_cast<std::uint8_t>(v[2]),
          static_cast<std::uint8_t>(v[3])};
}

const Frame& corpus_frame(const std::string& file, std::size_t number) {
  static std::map<std::string, std::vector<Frame>> cache;
  auto it = cache.find(file);
  if (it == cache.end()) it = cache.emplace(file, codec_test::read_frames(codec_test::corpus(file))).first;
  static const Frame empty;
  EXPECT_GE(it->second.size(), number) << file;
  return number <= it->second.size() ? it->second[number - 1] : empty;
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

// tshark's decode of an Ethernet/IPv4 ARP packet.
struct ArpFields {
  std::uint16_t operation;
  const char* sender_mac;
  const char* sender_ip;
  const char* target_mac;
  const char* target_ip;
};

void expect_arp(const arp::arp::view& a, const ArpFields& e) {
  EXPECT_EQ(a.hardware_type(), arp::arp::hardware_type_t::Ethernet);
  EXPECT_EQ(a.protocol_type(), arp::arp::protocol_type_t::IPv4);
  EXPECT_EQ(a.hardware_length(), 6u);
  EXPECT_EQ(a.protocol_length(), 4u);
  EXPECT_EQ(static_cast<unsigned>(a.operation()), e.operation);
  EXPECT_EQ(mac(a.sender_hardware_address()), e.sender_mac);
  EXPECT_EQ(dotted(a.sender_protocol_address()), e.sender_ip);
  EXPECT_EQ(mac(a.target_hardware_address()), e.target_mac);
  EXPECT_EQ(dotted(a.target_protocol_address()), e.target_ip);
  EXPECT_EQ(a.size(), 28u);
}

TEST(EthernetArpKnownAnswer, UntaggedArpRequest) {
  MPL_NEEDS_CORPUS();
  // ppp__many-protocols.pcap frame 31: 42 bytes, no padding.
  const Frame& f = corpus_frame("ip/ppp__many-protocols.pcap", 31);
  ASSERT_EQ(f.size(), 42u);
  auto eth = ethernet::ethernet::parse(bytes_of(f));
  ASSERT_TRUE(eth.ok());
  EXPECT_EQ(mac(eth->destination()), "30:46:9a:23:fb:fa");
  EXPECT_EQ(mac(eth->source()), "6c:f0:49:b2:de:6e");
  EXPECT_EQ(eth->ethertype(), ethernet::ethernet::ethertype_t::ARP);
  ASSERT_EQ(eth->ethertype_case(), EthCase::Arp);
  EXPECT_FALSE(eth->as_IPv4().has_value());
  auto arp_case = eth->as_Arp();
  ASSERT_TRUE(arp_case.has_value());
  EXPECT_EQ(arp_case->payload().size(), 28u);
  EXPECT_EQ(eth->size(), 42u);
  auto a = arp::arp::parse(arp_case->payload());
  ASSERT_TRUE(a.ok()) << a.error().describe();
  EXPECT_EQ(a->operation(), arp::arp::operation_t::Request);
  expect_arp(*a, {1, "6c:f0:49:b2:de:6e", "10.0.0.1", "30:46:9a:23:fb:fa", "10.0.0.138"});

  const auto sha = mac_array("6c:f0:49:b2:de:6e");
  const auto spa = ip_array("10.0.0.1");
  const auto tha = mac_array("30:46:9a:23:fb:fa");
  const auto tpa = ip_array("10.0.0.138");
  const arp::arp::builder request{.operation = arp::arp::operation_t::Request,
                                  .sender_hardware_address = mpl::bytes{sha},
                                  .sender_protocol_address = mpl::bytes{spa},
                                  .target_hardware_address = mpl::bytes{tha},
                                  .target_protocol_address = mpl::bytes{tpa}};
  expect_builds(request, arp_case->payload());
  expect_builds(ethernet::ethernet::builder{.destination = tha, .source = sha, .body = ethernet::ethernet::Arp{.payload = request}},
                bytes_of(f));
}

TEST(EthernetArpKnownAnswer, UntaggedArpReplyWithTrailer) {
  MPL_NEEDS_CORPUS();
  // Frame 32: 60 bytes; after the 28-byte ARP packet, an 18-byte trailer of
  // non-zero padding ("t from bridge. == ").
  const Frame& f = corpus_frame("ip/ppp__many-protocols.pcap", 32);
  ASSERT_EQ(f.size(), 60u);
  auto eth = ethernet::ethernet::parse(bytes_of(f));
  ASSERT_TRUE(eth.ok());
  EXPECT_EQ(mac(eth->destination()), "6c:f0:49:b2:de:6e");
  EXPECT_EQ(mac(eth->source()), "30:46:9a:23:fb:fa");
  ASSERT_EQ(eth->ethertype_case(), EthCase::Arp);
  const mpl::bytes payload = eth->as_Arp()->payload();
  EXPECT_EQ(payload.size(), 46u);
  EXPECT_EQ(hex(payload.subspan(28)), "742066726f6d2062726964676500203d3d20");
  auto a = arp::arp::parse(payload);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->operation(), arp::arp::operation_t::Reply);
  expect_arp(*a, {2, "30:46:9a:23:fb:fa", "10.0.0.138", "6c:f0:49:b2:de:6e", "10.0.0.1"});

  const auto sha = mac_array("30:46:9a:23:fb:fa");
  const auto spa = ip_array("10.0.0.138");
  const auto tha = mac_array("6c:f0:49:b2:de:6e");
  const auto tpa = ip_array("10.0.0.1");
  const arp::arp::builder reply{.operation = arp::arp::operation_t::Reply,
                                .sender_hardware_address = mpl::bytes{sha},
                                .sender_protocol_address = mpl::bytes{spa},
                                .target_hardware_address = mpl::bytes{tha},
                                .target_protocol_address = mpl::bytes{tpa}};
  expect_builds(reply, a->bytes());
  // The frame without its trailer.
  expect_builds(ethernet::ethernet::builder{.destination = tha, .source = sha, .body = ethernet::ethernet::Arp{.payload = reply}},
                bytes_of(f).first(42));
}

TEST(EthernetArpKnownAnswer, VlanTaggedGratuitousArp) {
  MPL_NEEDS_CORPUS();
  // zeek icmp_dot1q.pcap frame 1: PRI 0, DEI 0, ID 123, ARP; 64 bytes with
  // 14 bytes of padding and a 4-byte trailer after the ARP packet.
  const Frame& f = corpus_frame("icmp/zeek__icmp_dot1q.pcap", 1);
  ASSERT_EQ(f.size(), 64u);
  auto eth = ethernet::ethernet::parse(bytes_of(f));
  ASSERT_TRUE(eth.ok());
  EXPECT_EQ(mac(eth->destination()), "ff:ff:ff:ff:ff:ff");
  EXPECT_EQ(mac(eth->source()), "00:19:06:ea:b8:c1");
  EXPECT_EQ(eth->ethertype(), ethernet::ethernet::ethertype_t::Vlan);
  ASSERT_EQ(eth->ethertype_case(), EthCase::Vlan);
  auto vlan = eth->as_Vlan();
  ASSERT_TRUE(vlan.has_value());
  EXPECT_EQ(vlan->pcp(), 0u);
  EXPECT_EQ(vlan->dei(), 0u);
  EXPECT_EQ(vlan->vid(), 123u);
  EXPECT_EQ(vlan->inner_ethertype(), ethernet::ethernet::inner_ethertype_t::ARP);
  ASSERT_EQ(vlan->inner_ethertype_case(), InnerCase::TaggedArp);
  auto tagged = vlan->as_TaggedArp();
  ASSERT_TRUE(tagged.has_value());
  EXPECT_EQ(tagged->payload().size(), 46u);
  auto a = arp::arp::parse(tagged->payload());
  ASSERT_TRUE(a.ok());
  expect_arp(*a, {2, "00:19:06:ea:b8:c1", "192.168.123.1", "ff:ff:ff:ff:ff:ff", "192.168.123.1"});

  const auto sha = mac_array("00:19:06:ea:b8:c1");
  const auto spa = ip_array("192.168.123.1");
  const auto tha = mac_array("ff:ff:ff:ff:ff:ff");
  const arp::arp::builder garp{.operation = arp::arp::operation_t::Reply,
                               .sender_hardware_address = mpl::bytes{sha},
                               .sender_protocol_address = mpl::bytes{spa},
                               .target_hardware_address = mpl::bytes{tha},
                               .target_protocol_address = mpl::bytes{spa}};
  expect_builds(ethernet::ethernet::builder{.destination = tha, .source = sha,
                                            .body = ethernet::ethernet::Vlan{.vid = 123,
                                                                             .inner_ethertype = ethernet::ethernet::inner_ethertype_t::ARP,
                                                                             .body = ethernet::ethernet::TaggedArp{.payload = garp}}},
                bytes_of(f).first(46));
}

TEST(EthernetKnownAnswer, VlanTaggedIpv4) {
  MPL_NEEDS_CORPUS();
  // zeek icmp_dot1q.pcap frame 5: ID 123, an ICMP echo request, 118 bytes.
  const Frame& f = corpus_frame("icmp/zeek__icmp_dot1q.pcap", 5);
  ASSERT_EQ(f.size(), 118u);
  auto eth = ethernet::ethernet::parse(bytes_of(f));
  ASSERT_TRUE(eth.ok());
  EXPECT_EQ(mac(eth->destination()), "00:19:06:ea:b8:c1");
  EXPECT_EQ(mac(eth->source()), "00:18:73:de:57:c1");
  EXPECT_EQ(eth->ethertype(), ethernet::ethernet::ethertype_t::Vlan);
  auto vlan = eth->as_Vlan();
  ASSERT_TRUE(vlan.has_value());
  EXPECT_EQ(vlan->pcp(), 0u);
  EXPECT_EQ(vlan->dei(), 0u);
  EXPECT_EQ(vlan->vid(), 123u);
  EXPECT_EQ(vlan->inner_ethertype(), ethernet::ethernet::inner_ethertype_t::IPv4);
  ASSERT_EQ(vlan->inner_ethertype_case(), InnerCase::TaggedIPv4);
  auto tagged = vlan->as_TaggedIPv4();
  ASSERT_TRUE(tagged.has_value());
  EXPECT_FALSE(vlan->as_TaggedArp().has_value());
  EXPECT_EQ(tagged->payload().size(), 100u);
  EXPECT_EQ(eth->size(), 118u);
  auto ip = ipv4::ipv4::parse(tagged->payload());
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->total_length(), 100u);
  EXPECT_EQ(ip->header_checksum(), 0x443fu);

  const ipv4::ipv4::builder packet{.identification = 5, .ttl = 255, .protocol = ipv4::ipv4::protocol_t::ICMP,
                                   .src = 0xc0a87b02, .dst = 0xc0a87b01, .payload = ip->payload()};
  expect_builds(ethernet::ethernet::builder{.destination = mac_array("00:19:06:ea:b8:c1"), .source = mac_array("00:18:73:de:57:c1"),
                                            .body = ethernet::ethernet::Vlan{.vid = 123,
                                                                             .inner_ethertype = ethernet::ethernet::inner_ethertype_t::IPv4,
                                                                             .body = ethernet::ethernet::TaggedIPv4{.payload = packet}}},
                bytes_of(f));
}

TEST(EthernetKnownAnswer, QinQKeepsTheInnerTagRaw) {
  MPL_NEEDS_CORPUS();
  // ppp VlanPackets.pcap frame 1: tag ID 118, then a second 802.1Q tag ID
  // 10, then IPv4 (10.118.10.1 -> 10.118.10.2).
  const Frame& f = corpus_frame("icmp/ppp__VlanPackets.pcap", 1);
  ASSERT_EQ(f.size(), 122u);
  auto eth = ethernet::ethernet::parse(bytes_of(f));
  ASSERT_TRUE(eth.ok());
  EXPECT_EQ(mac(eth->destination()), "00:1b:d4:1b:a4:d8");
  EXPECT_EQ(mac(eth->source()), "00:13:c3:df:ae:18");
  auto vlan = eth->as_Vlan();
  ASSERT_TRUE(vlan.has_value());
  EXPECT_EQ(vlan->pcp(), 0u);
  EXPECT_EQ(vlan->dei(), 0u);
  EXPECT_EQ(vlan->vid(), 118u);
  EXPECT_EQ(vlan->inner_ethertype(), ethernet::ethernet::inner_ethertype_t::Vlan);
  ASSERT_EQ(vlan->inner_ethertype_case(), InnerCase::TaggedOther);
  const mpl::bytes inner = vlan->as_TaggedOther()->payload();
  ASSERT_EQ(inner.size(), 104u);
  EXPECT_EQ(hex(inner.first(4)), "000a0800");  // PRI 0, DEI 0, ID 10; IPv4
  auto ip = ipv4::ipv4::parse(inner.subspan(4));
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->src(), 0x0a760a01u);
  EXPECT_EQ(ip->dst(), 0x0a760a02u);
  EXPECT_EQ(ip->header_checksum(), 0x929bu);

  expect_builds(ethernet::ethernet::builder{.destination = mac_array("00:1b:d4:1b:a4:d8"), .source = mac_array("00:13:c3:df:ae:18"),
                                            .body = ethernet::ethernet::Vlan{.vid = 118,
                                                                             .inner_ethertype = ethernet::ethernet::inner_ethertype_t::Vlan,
                                                                             .body = ethernet::ethernet::TaggedOther{.payload = inner}}},
                bytes_of(f));
}

TEST(EthernetKnownAnswer, VlanWithPriorityOverAnIeee8023Length) {
  MPL_NEEDS_CORPUS();
  // ppp__many-protocols.pcap frame 21: PRI 5, DEI 0, ID 118, then an 802.3
  // length (357) and LLC/SNAP carrying CDP.
  const Frame& f = corpus_frame("ip/ppp__many-protocols.pcap", 21);
  ASSERT_EQ(f.size(), 375u);
  auto eth = ethernet::ethernet::parse(bytes_of(f));
  ASSERT_TRUE(eth.ok());
  EXPECT_EQ(mac(eth->destination()), "01:00:0c:cd:cd:d0");
  EXPECT_EQ(mac(eth->source()), "00:13:c3:df:ae:18");
  auto vlan = eth->as_Vlan();
  ASSERT_TRUE(vlan.has_value());
  EXPECT_EQ(vlan->pcp(), 5u);
  EXPECT_EQ(vlan->dei(), 0u);
  EXPECT_EQ(vlan->vid(), 118u);
  EXPECT_EQ(static_cast<unsigned>(vlan->inner_ethertype()), 357u);
  ASSERT_EQ(vlan->inner_ethertype_case(), InnerCase::TaggedOther);
  const mpl::bytes llc = vlan->as_TaggedOther()->payload();
  EXPECT_EQ(llc.size(), 357u);
  EXPECT_EQ(hex(llc.first(8)), "aaaa0300000c2000");  // DSAP/SSAP SNAP, UI, OUI Cisco, PID CDP

  expect_builds(ethernet::ethernet::builder{.destination = mac_array("01:00:0c:cd:cd:d0"), .source = mac_array("00:13:c3:df:ae:18"),
                                            .body = ethernet::ethernet::Vlan{.pcp = 5, .vid = 118,
                                                                             .inner_ethertype = static_cast<ethernet::ethernet::inner_ethertype_t>(357),
                                                                             .body = ethernet::ethernet::TaggedOther{.payload = llc}}},
                bytes_of(f));
}

TEST(EthernetKnownAnswer, Ieee8023LengthFrame) {
  MPL_NEEDS_CORPUS();
  // zeek wikipedia.pcap frame 4: a spanning-tree BPDU, "IEEE 802.3
  // Ethernet", length 39, then 7 bytes of padding to the 60-byte minimum.
  const Frame& f = corpus_frame("dns/zeek__wikipedia.pcap", 4);
  ASSERT_EQ(f.size(), 60u);
  auto eth = ethernet::ethernet::parse(bytes_of(f));
  ASSERT_TRUE(eth.ok());
  EXPECT_EQ(mac(eth->destination()), "01:80:c2:00:00:00");
  EXPECT_EQ(mac(eth->source()), "00:13:7f:4f:8e:f2");
  EXPECT_EQ(static_cast<unsigned>(eth->ethertype()), 39u);
  ASSERT_EQ(eth->ethertype_case(), EthCase::Ieee8023);
  auto dot3 = eth->as_Ieee8023();
  ASSERT_TRUE(dot3.has_value());
  EXPECT_EQ(dot3->llc().size(), 46u);
  EXPECT_EQ(hex(dot3->llc().first(3)), "424203");  // DSAP/SSAP STP, UI
  EXPECT_EQ(hex(dot3->llc().subspan(39)), "00000000000000");

  expect_builds(ethernet::ethernet::builder{.destination = mac_array("01:80:c2:00:00:00"), .source = mac_array("00:13:7f:4f:8e:f2"),
                                            .ethertype = static_cast<ethernet::ethernet::ethertype_t>(39),
                                            .body = ethernet::ethernet::Ieee8023{.llc = dot3->llc()}},
                bytes_of(f));
}

TEST(EthernetKnownAnswer, UntaggedIpv4) {
  MPL_NEEDS_CORPUS();
  // ppp__many-protocols.pcap frame 34 (TCP), 66 bytes.
  const Frame& f = corpus_frame("ip/ppp__many-protocols.pcap", 34);
  ASSERT_EQ(f.size(), 66u);
  auto eth = ethernet::ethernet::parse(bytes_of(f));
  ASSERT_TRUE(eth.ok());
  EXPECT_EQ(mac(eth->destination()), "6c:f0:49:b2:de:6e");
  EXPECT_EQ(mac(eth->source()), "30:46:9a:23:fb:fa");
  EXPECT_EQ(eth->ethertype(), ethernet::ethernet::ethertype_t::IPv4);
  ASSERT_EQ(eth->ethertype_case(), EthCase::IPv4);
  EXPECT_FALSE(eth->as_Vlan().has_value());
  EXPECT_EQ(eth->as_IPv4()->payload().size(), 52u);
  EXPECT_EQ(eth->size(), 66u);
  expect_builds(ethernet::ethernet::builder{.destination = mac_array("6c:f0:49:b2:de:6e"), .source = mac_array("30:46:9a:23:fb:fa"),
                                            .body = ethernet::ethernet::IPv4{.payload = eth->as_IPv4()->payload()}},
                bytes_of(f));
}

// --- pcap ---

TEST(PcapKnownAnswer, LittleEndianMicrosecondHeaderAndRecord) {
  MPL_NEEDS_CORPUS();
  // capinfos: microseconds, snaplen 262144, Ethernet; tshark: frame 1 at
  // 1277840495.135052, 122 bytes captured of 122.
  const std::vector<std::uint8_t> file = codec_test::read_file(codec_test::corpus("ip/ppp__many-protocols.pcap"));
  ASSERT_GT(file.size(), 24u + 16u + 122u);
  auto h = pcap::pcap_file_header::parse(bytes_of(file));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(hex(h->magic()), "d4c3b2a1");
  ASSERT_EQ(h->magic_case(), pcap::pcap_file_header::magic_case_t::LittleMicroseconds);
  const auto& rest = h->as_LittleMicroseconds()->rest();
  EXPECT_EQ(rest.version_major(), 2u);
  EXPECT_EQ(rest.version_minor(), 4u);
  EXPECT_EQ(rest.thiszone(), 0u);
  EXPECT_EQ(rest.sigfigs(), 0u);
  EXPECT_EQ(rest.snaplen(), 262144u);
  EXPECT_EQ(rest.linktype(), pcap::pcap_header_le::linktype_t::Ethernet);
  EXPECT_EQ(h->size(), 24u);

  auto r = pcap::pcap_record_le::parse(mpl::bytes{file.data() + 24, file.size() - 24}, false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->ts_sec(), 1277840495u);
  ASSERT_EQ(r->classify0_case(), pcap::pcap_record_le::classify0_case_t::Microseconds);
  EXPECT_FALSE(r->as_Nanoseconds().has_value());
  EXPECT_EQ(r->as_Microseconds()->ts_usec(), 135052u);
  EXPECT_EQ(r->caplen(), 122u);
  EXPECT_EQ(r->len(), 122u);
  EXPECT_EQ(r->data().size(), 122u);
  EXPECT_EQ(r->size(), 138u);
  EXPECT_FALSE(r->nanoseconds());

  // The magic is written from the case chosen; no member to get wrong.
  const pcap::pcap_file_header::builder header{
      .body = pcap::pcap_file_header::LittleMicroseconds{.rest = {}},  // every default: 2.4, 0, 0, 262144, Ethernet
  };
  expect_builds(header, mpl::bytes{file.data(), 24});
  expect_builds(pcap::pcap_record_le::builder{.nanoseconds = false, .ts_sec = 1277840495,
                                              .body = pcap::pcap_record_le::Microseconds{.ts_usec = 135052}, .len = 122,
                                              .data = r->data()},
                mpl::bytes{file.data() + 24, 138});
}

TEST(PcapKnownAnswer, LittleEndianNanosecondHeaderAndRecord) {
  MPL_NEEDS_CORPUS();
  // capinfos: nanoseconds, snaplen 2000, Ethernet; tshark: frame 1 at
  // 1770126425.732560000, 74 of 74 bytes.
  const std::vector<std::uint8_t> file = codec_test::read_file(codec_test::corpus("ssh/zeek__http_get-to-ssh-server.pcap"));
  ASSERT_GT(file.size(), 24u + 16u + 74u);
  auto h = pcap::pcap_file_header::parse(bytes_of(file));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(hex(h->magic()), "4d3cb2a1");
  ASSERT_EQ(h->magic_case(), pcap::pcap_file_header::magic_case_t::LittleNanoseconds);
  const auto& rest = h->as_LittleNanoseconds()->rest();
  EXPECT_EQ(rest.version_major(), 2u);
  EXPECT_EQ(rest.version_minor(), 4u);
  EXPECT_EQ(rest.thiszone(), 0u);
  EXPECT_EQ(rest.sigfigs(), 0u);
  EXPECT_EQ(rest.snaplen(), 2000u);
  EXPECT_EQ(rest.linktype(), pcap::pcap_header_le::linktype_t::Ethernet);

  auto r = pcap::pcap_record_le::parse(mpl::bytes{file.data() + 24, file.size() - 24}, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->ts_sec(), 1770126425u);
  ASSERT_EQ(r->classify0_case(), pcap::pcap_record_le::classify0_case_t::Nanoseconds);
  EXPECT_EQ(r->as_Nanoseconds()->ts_nsec(), 732560000u);
  EXPECT_EQ(r->caplen(), 74u);
  EXPECT_EQ(r->len(), 74u);
  EXPECT_EQ(r->size(), 90u);
  EXPECT_TRUE(r->nanoseconds());

  expect_builds(pcap::pcap_file_header::builder{.body = pcap::pcap_file_header::LittleNanoseconds{.rest = {.snaplen = 2000}}},
                mpl::bytes{file.data(), 24});
  expect_builds(pcap::pcap_record_le::builder{.nanoseconds = true, .ts_sec = 1770126425,
                                              .body = pcap::pcap_record_le::Nanoseconds{.ts_nsec = 732560000}, .len = 74,
                                              .data = r->data()},
                mpl::bytes{file.data() + 24, 90});
}

TEST(PcapKnownAnswer, RawIpv4LinkType) {
  MPL_NEEDS_CORPUS();
  // capinfos: Raw IPv4 (LINKTYPE_IPV4, 228), snaplen 65535; frame 1 at
  // 1772474337.092800, 40 bytes.
  const std::vector<std::uint8_t> file = codec_test::read_file(codec_test::corpus("icmp/zeek__tcp_timeout-with-pings.pcap"));
  auto h = pcap::pcap_file_header::parse(bytes_of(file));
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->magic_case(), pcap::pcap_file_header::magic_case_t::LittleMicroseconds);
  const auto& rest = h->as_LittleMicroseconds()->rest();
  EXPECT_EQ(rest.version_major(), 2u);
  EXPECT_EQ(rest.version_minor(), 4u);
  EXPECT_EQ(rest.thiszone(), 0u);
  EXPECT_EQ(rest.sigfigs(), 0u);
  EXPECT_EQ(rest.snaplen(), 65535u);
  EXPECT_EQ(rest.linktype(), pcap::pcap_header_le::linktype_t::IPv4);
  auto r = pcap::pcap_record_le::parse(mpl::bytes{file.data() + 24, file.size() - 24}, false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->ts_sec(), 1772474337u);
  EXPECT_EQ(r->as_Microseconds()->ts_usec(), 92800u);
  EXPECT_EQ(r->caplen(), 40u);
  EXPECT_EQ(r->len(), 40u);
  EXPECT_EQ(r->data()[0], 0x45);  // the record holds an IPv4 header directly
}

// draft-ietf-opsawg-pcap section 4: the same header written big-endian.
// These bytes are the little-endian headers above with every field's byte
// order reversed.
TEST(PcapKnownAnswer, BigEndianMicrosecondHeaderAndRecord) {
  const Frame bytes = from_hex(
      "a1b2c3d4" "0002" "0004" "00000000" "00000000" "0000ffff" "00000001"  // header, snaplen 65535, Ethernet
      "4c2a4c6f" "00020f8c" "00000004" "0000003c" "01020304");              // record: 4 of 60 bytes
  auto h = pcap::pcap_file_header::parse(bytes_of(bytes));
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->magic_case(), pcap::pcap_file_header::magic_case_t::BigMicroseconds);
  const auto& rest = h->as_BigMicroseconds()->rest();
  EXPECT_EQ(rest.version_major(), 2u);
  EXPECT_EQ(rest.version_minor(), 4u);
  EXPECT_EQ(rest.thiszone(), 0u);
  EXPECT_EQ(rest.sigfigs(), 0u);
  EXPECT_EQ(rest.snaplen(), 65535u);
  EXPECT_EQ(rest.linktype(), pcap::pcap_header_be::linktype_t::Ethernet);
  auto r = pcap::pcap_record_be::parse(mpl::bytes{bytes.data() + 24, bytes.size() - 24}, false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->ts_sec(), 1277840495u);
  EXPECT_EQ(r->as_Microseconds()->ts_usec(), 135052u);
  EXPECT_EQ(r->caplen(), 4u);
  EXPECT_EQ(r->len(), 60u);
  EXPECT_EQ(hex(r->data()), "01020304");
  EXPECT_EQ(r->size(), 20u);
  const std::uint8_t data[] = {1, 2, 3, 4};
  expect_builds(pcap::pcap_file_header::builder{.body = pcap::pcap_file_header::BigMicroseconds{.rest = {.snaplen = 65535}}},
                mpl::bytes{bytes.data(), 24});
  expect_builds(pcap::pcap_record_be::builder{.nanoseconds = false, .ts_sec = 1277840495,
                                              .body = pcap::pcap_record_be::Microseconds{.ts_usec = 135052}, .len = 60,
                                              .data = mpl::bytes{data}},
                mpl::bytes{bytes.data() + 24, 20});
}

TEST(PcapKnownAnswer, BigEndianNanosecondHeaderAndRecord) {
  const Frame bytes = from_hex(
      "a1b23c4d" "0002" "0004" "00000000" "00000000" "000007d0" "000000e4"  // snaplen 2000, raw IPv4
      "6981fc59" "2ba9fa80" "00000002" "00000002" "4500");
  auto h = pcap::pcap_file_header::parse(bytes_of(bytes));
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->magic_case(), pcap::pcap_file_header::magic_case_t::BigNanoseconds);
  const auto& rest = h->as_BigNanoseconds()->rest();
  EXPECT_EQ(rest.version_major(), 2u);
  EXPECT_EQ(rest.version_minor(), 4u);
  EXPECT_EQ(rest.thiszone(), 0u);
  EXPECT_EQ(rest.sigfigs(), 0u);
  EXPECT_EQ(rest.snaplen(), 2000u);
  EXPECT_EQ(rest.linktype(), pcap::pcap_header_be::linktype_t::IPv4);
  auto r = pcap::pcap_record_be::parse(mpl::bytes{bytes.data() + 24, bytes.size() - 24}, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->ts_sec(), 1770126425u);
  ASSERT_EQ(r->classify0_case(), pcap::pcap_record_be::classify0_case_t::Nanoseconds);
  EXPECT_EQ(r->as_Nanoseconds()->ts_nsec(), 732560000u);
  EXPECT_EQ(r->caplen(), 2u);
  EXPECT_EQ(r->len(), 2u);
  const std::uint8_t data[] = {0x45, 0x00};
  expect_builds(pcap::pcap_file_header::builder{.body = pcap::pcap_file_header::BigNanoseconds{
                                                    .rest = {.snaplen = 2000, .linktype = pcap::pcap_header_be::linktype_t::IPv4}}},
                mpl::bytes{bytes.data(), 24});
  expect_builds(pcap::pcap_record_be::builder{.nanoseconds = true, .ts_sec = 1770126425,
                                              .body = pcap::pcap_record_be::Nanoseconds{.ts_nsec = 732560000}, .len = 2,
                                              .data = mpl::bytes{data}},
                mpl::bytes{bytes.data() + 24, 18});
}

TEST(PcapKnownAnswer, UnknownMagicIsRejected) {
  const Frame pcapng = from_hex("0a0d0d0a000000000000000000000000000000000000000000000000");
  auto h = pcap::pcap_file_header::parse(bytes_of(pcapng));
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().kind, mpl::error_kind::no_branch_matched);
  EXPECT_STREQ(h.error().field, "pcap_file_header.magic");
}

}  // namespace
