// specs/bgp.mpl: every BGP message of the corpus captures parses, its path
// attributes parse under the negotiated AS size, and a builder made from
// the view writes the same bytes; known-answer fields from the captures;
// hand-assembled messages for what the corpus lacks; an UPDATE built with
// 4-byte AS numbers, communities and IPv6 MP_REACH_NLRI; truncation at
// every length.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "bgp.h"
#include "bgp_rebuild.h"
#include "streams.h"

namespace {

using ssh_bgp_test::Arena;
namespace m = bgp::bgp_message;
namespace av = bgp::bgp_attribute_value;

struct Message {
  std::string file;
  std::vector<std::uint8_t> bytes;
  bool as4 = false;
  bool as4_known = false;
};

bool advertises_as4(const m::view& v) {
  auto open = v.as_Open();
  if (!open) return false;
  for (const auto& p : open->optional_parameters()) {
    if (auto caps = p.parameter().as_Capabilities()) {
      for (const auto& c : caps->capabilities()) {
        if (c.capability().as_FourOctetAs()) return true;
      }
    }
  }
  return false;
}

// Every message of every BGP stream of the valid captures. A connection's
// AS size is four octets when both of its OPENs advertise capability 65
// (RFC 6793 §4); a capture that starts after the OPENs leaves it unknown.
struct Corpus {
  std::vector<Message> messages;
  std::vector<std::string> failures;
};

const Corpus& corpus() {
  static const Corpus all = [] {
    Corpus c;
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(codec_test::corpus("bgp"))) {
      if (entry.path().extension() == ".pcap") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::vector<std::pair<std::pair<int, int>, Message>> in_file;
      std::map<std::pair<int, int>, std::pair<int, int>> opens;  // connection -> (OPENs, with AS4)
      for (const auto& stream : ssh_bgp_test::tcp_streams(file)) {
        if (stream.source_port != 179 && stream.destination_port != 179) continue;
        const std::pair<int, int> conn = std::minmax<int>(stream.source_port, stream.destination_port);
        mpl::bytes rest{stream.data.data(), stream.data.size()};
        while (rest.size() >= 19) {
          auto v = m::parse(rest, false);
          if (!v.ok()) {
            // A capture that ends inside a message is not an error of ours.
            const std::size_t length = static_cast<std::size_t>(rest[16]) << 8 | rest[17];
            if (length <= rest.size()) c.failures.push_back(file + ": " + v.error().describe());
            break;
          }
          if (v->as_Open()) {
            opens[conn].first++;
            opens[conn].second += advertises_as4(*v) ? 1 : 0;
          }
          Message msg{std::filesystem::path(file).filename().string(),
                      std::vector<std::uint8_t>(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(v->size()))};
          in_file.emplace_back(conn, std::move(msg));
          rest = rest.subspan(v->size());
        }
      }
      for (auto& [conn, msg] : in_file) {
        const auto [n, with_as4] = opens[conn];
        msg.as4_known = n == 2;
        msg.as4 = n == 2 && with_as4 == 2;
        c.messages.push_back(std::move(msg));
      }
    }
    return c;
  }();
  return all;
}

mpl::bytes bytes_of(const std::vector<std::uint8_t>& v) { return {v.data(), v.size()}; }

// The AS size of a message whose connection's OPENs are not in the
// capture: the one under which its AS_PATH attributes fill their length.
bool as4_of(const Message& msg) {
  if (msg.as4_known) return msg.as4;
  auto v = m::parse(bytes_of(msg.bytes), false);
  auto u = v->as_Update();
  if (!u) return false;
  int fits2 = 0, fits4 = 0;
  for (const auto& e : u->path_attributes()) {
    const auto& a = e.attribute();
    if (a.type_code() != bgp::bgp_path_attribute::type_code_t::AsPath) continue;
    const mpl::bytes value = a.as_Short() ? a.as_Short()->value() : a.as_Extended()->value();
    auto two = av::parse(value, false, false, false, 2, value.size());
    auto four = av::parse(value, true, false, false, 2, value.size());
    fits2 += two.ok() && two->size() == value.size() ? 1 : 0;
    fits4 += four.ok() && four->size() == value.size() ? 1 : 0;
  }
  return fits4 > fits2;
}

TEST(BgpCorpus, EveryMessageParses) {
  MPL_NEEDS_CORPUS();
  const Corpus& c = corpus();
  for (const auto& f : c.failures) ADD_FAILURE() << f;
  std::map<m::type_t, int> types;
  for (const auto& msg : c.messages) types[m::parse(bytes_of(msg.bytes), false)->type()]++;
  EXPECT_GE(c.messages.size(), 100u);
  EXPECT_GT(types[m::type_t::Open], 0);
  EXPECT_GT(types[m::type_t::Update], 0);
  EXPECT_GT(types[m::type_t::Notification], 0);
  EXPECT_GT(types[m::type_t::Keepalive], 0);
  for (const auto& msg : c.messages) EXPECT_TRUE(m::parse(bytes_of(msg.bytes), false)->trailing().empty()) << msg.file;
}

TEST(BgpCorpus, EveryPathAttributeValueParsesAndFillsItsLength) {
  MPL_NEEDS_CORPUS();
  std::map<int, int> kinds;
  for (const auto& msg : corpus().messages) {
    auto v = m::parse(bytes_of(msg.bytes), false);
    auto u = v->as_Update();
    if (!u) continue;
    const bool as4 = as4_of(msg);
    std::size_t total = 0;
    for (const auto& e : u->path_attributes()) {
      const auto& a = e.attribute();
      total += a.size();
      const mpl::bytes value = a.as_Short() ? a.as_Short()->value() : a.as_Extended()->value();
      EXPECT_EQ(a.extended_length() != 0, a.as_Extended().has_value());
      auto parsed = av::parse(value, as4, false, false, static_cast<std::uint64_t>(a.type_code()), value.size());
      ASSERT_TRUE(parsed.ok()) << msg.file << ": " << parsed.error().describe();
      EXPECT_EQ(parsed->size(), value.size()) << msg.file << " attribute " << int(a.type_code());
      kinds[static_cast<int>(parsed->classify0_case())]++;
    }
    EXPECT_EQ(total, u->total_path_attribute_length());
  }
  // ORIGIN, AS_PATH (2 and 4 byte), NEXT_HOP, MED, LOCAL_PREF, MP_REACH,
  // MP_UNREACH, EXTENDED and LARGE communities all occur.
  for (auto k : {av::classify0_case_t::Origin, av::classify0_case_t::NextHop, av::classify0_case_t::MultiExitDisc,
                 av::classify0_case_t::LocalPref, av::classify0_case_t::MpReachNlri, av::classify0_case_t::MpUnreachNlri,
                 av::classify0_case_t::ExtendedCommunities, av::classify0_case_t::LargeCommunity,
                 av::classify0_case_t::As4Path}) {
    EXPECT_GT(kinds[static_cast<int>(k)], 0) << "case " << static_cast<int>(k);
  }
  EXPECT_GT(kinds[static_cast<int>(av::classify0_case_t::AsPath)] + kinds[static_cast<int>(av::classify0_case_t::AsPath4)], 0);
}

TEST(BgpCorpus, EveryMessageRebuildsToTheSameBytes) {
  MPL_NEEDS_CORPUS();
  std::size_t rebuilt = 0;
  for (const auto& msg : corpus().messages) {
    auto v = m::parse(bytes_of(msg.bytes), false);
    ASSERT_TRUE(v.ok());
    const bool as4 = as4_of(msg);
    Arena arena;
    const m::builder b = ssh_bgp_test::message_builder(arena, *v, as4);
    ASSERT_EQ(b.size(), msg.bytes.size()) << msg.file;
    std::vector<std::uint8_t> out(b.size());
    auto w = b.write(mpl::mutable_bytes{out.data(), out.size()});
    ASSERT_TRUE(w.ok()) << w.error().describe();
    EXPECT_EQ(out, msg.bytes) << msg.file << " type " << int(v->type());
    // parse(build(x)) == x
    auto again = m::parse(bytes_of(out), false);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->type(), v->type());
    EXPECT_EQ(again->length(), v->length());
    ++rebuilt;
  }
  EXPECT_EQ(rebuilt, corpus().messages.size());
}

TEST(BgpCorpus, TruncationAtEveryLengthIsRefused) {
  MPL_NEEDS_CORPUS();
  std::size_t checked = 0;
  for (const auto& msg : corpus().messages) {
    for (std::size_t n = 0; n < msg.bytes.size(); ++n) {
      // A fresh copy of exactly n bytes, so that AddressSanitizer sees any
      // read past the end.
      std::vector<std::uint8_t> cut(msg.bytes.begin(), msg.bytes.begin() + static_cast<std::ptrdiff_t>(n));
      auto v = m::parse(mpl::bytes{cut.data(), cut.size()}, false);
      ASSERT_FALSE(v.ok()) << msg.file << " cut at " << n;
      EXPECT_EQ(v.error().kind, mpl::error_kind::truncated) << v.error().describe();
      ++checked;
    }
  }
  EXPECT_GT(checked, 5000u);
}

// tcpdump bgp-4byte-asn.pcap: the OPEN of AS 4200000000 (AS_TRANS in the
// header) with its capabilities, as tshark shows them.
TEST(BgpKnownAnswer, FourByteAsnOpen) {
  MPL_NEEDS_CORPUS();
  const Message* open = nullptr;
  for (const auto& msg : corpus().messages) {
    if (msg.file == "tcpdump__bgp-4byte-asn.pcap" && m::parse(bytes_of(msg.bytes), false)->as_Open()) {
      open = &msg;
      break;
    }
  }
  ASSERT_NE(open, nullptr);
  auto v = m::parse(bytes_of(open->bytes), false);
  auto o = v->as_Open();
  EXPECT_EQ(o->version(), 4u);
  EXPECT_EQ(v->marker().size(), 16u);
  EXPECT_EQ(v->length(), open->bytes.size());
  std::uint32_t as4 = 0;
  bool mp = false;
  for (const auto& p : o->optional_parameters()) {
    ASSERT_TRUE(p.parameter().as_Capabilities());
    for (const auto& c : p.parameter().as_Capabilities()->capabilities()) {
      if (auto a = c.capability().as_FourOctetAs()) as4 = a->as_number();
      if (auto x = c.capability().as_Multiprotocol()) mp = mp || x->afi() == bgp::bgp_capability::afi_t::Ipv4;
    }
  }
  EXPECT_TRUE(mp);
  EXPECT_NE(as4, 0u);
  if (as4 > 0xffff) {
    EXPECT_EQ(o->my_as(), 23456u);  // AS_TRANS
  } else {
    EXPECT_EQ(o->my_as(), as4);
  }
}

// tcpdump bgp-large-community.pcap: one UPDATE with LARGE_COMMUNITY values.
TEST(BgpKnownAnswer, LargeCommunities) {
  MPL_NEEDS_CORPUS();
  std::size_t seen = 0;
  for (const auto& msg : corpus().messages) {
    if (msg.file != "tcpdump__bgp-large-community.pcap") continue;
    auto v = m::parse(bytes_of(msg.bytes), false);
    auto u = v->as_Update();
    if (!u) continue;
    for (const auto& e : u->path_attributes()) {
      const auto& a = e.attribute();
      if (a.type_code() != bgp::bgp_path_attribute::type_code_t::LargeCommunity) continue;
      EXPECT_EQ(a.optional(), 1u);
      EXPECT_EQ(a.transitive(), 1u);
      const mpl::bytes value = a.as_Short() ? a.as_Short()->value() : a.as_Extended()->value();
      auto lc = av::parse(value, msg.as4, false, false, 32, value.size());
      ASSERT_TRUE(lc.ok());
      std::size_t here = 0;
      for (const auto& c : lc->as_LargeCommunity()->communities()) {
        EXPECT_NE(c.global_administrator(), 0u);
        ++here;
      }
      EXPECT_EQ(here * 12, value.size());
      seen += here;
    }
  }
  EXPECT_GT(seen, 0u);
}

// tcpdump bgp-bfd-cease.pcap: NOTIFICATION Cease / BFD Down (RFC 9384).
TEST(BgpKnownAnswer, CeaseNotification) {
  MPL_NEEDS_CORPUS();
  bool found = false;
  for (const auto& msg : corpus().messages) {
    if (msg.file != "tcpdump__bgp-bfd-cease.pcap") continue;
    auto parsed = m::parse(bytes_of(msg.bytes), false);
    auto n = parsed->as_Notification();
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(n->error_code(), m::error_code_t::Cease);
    ASSERT_TRUE(n->as_Cease().has_value());
    EXPECT_EQ(n->as_Cease()->cease_subcode(), m::cease_subcode_t::BfdDown);
    EXPECT_EQ(msg.bytes.size(), 21u);
    found = true;
  }
  EXPECT_TRUE(found);
}

// ---------------------------------------------------------------- by hand

std::vector<std::uint8_t> write(const m::builder& b) {
  std::vector<std::uint8_t> out(b.size());
  auto w = b.write(mpl::mutable_bytes{out.data(), out.size()});
  EXPECT_TRUE(w.ok()) << w.error().describe();
  return out;
}

std::vector<std::uint8_t> header(std::uint16_t length, std::uint8_t type) {
  std::vector<std::uint8_t> h(16, 0xff);
  h.push_back(static_cast<std::uint8_t>(length >> 8));
  h.push_back(static_cast<std::uint8_t>(length));
  h.push_back(type);
  return h;
}

TEST(BgpByHand, KeepaliveIsTheHeaderAlone) {
  const auto bytes = write(m::builder{.type = m::type_t::Keepalive, .body = m::Keepalive{}});
  EXPECT_EQ(bytes, header(19, 4));
  auto v = m::parse(bytes_of(bytes), false);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->as_Keepalive().has_value());
  EXPECT_EQ(v->size(), 19u);
}

TEST(BgpByHand, RouteRefreshAndEnhancedSubtypes) {
  const auto bytes = write(m::builder{.type = m::type_t::RouteRefresh,
                                     .body = m::RouteRefresh{.afi = m::afi_t::Ipv6,
                                                             .subtype = m::subtype_t::EndOfRouteRefresh,
                                                             .safi = m::safi_t::Unicast}});
  auto expected = header(23, 5);
  for (std::uint8_t b : {0x00, 0x02, 0x02, 0x01}) expected.push_back(b);
  EXPECT_EQ(bytes, expected);
  auto parsed = m::parse(bytes_of(bytes), false);
  auto rr = parsed->as_RouteRefresh();
  ASSERT_TRUE(rr.has_value());
  EXPECT_EQ(rr->afi(), m::afi_t::Ipv6);
  EXPECT_EQ(rr->subtype(), m::subtype_t::EndOfRouteRefresh);
}

TEST(BgpByHand, NotificationCodesAndSubcodes) {
  const std::uint8_t shutdown[] = {5, 'b', 'y', 'e', '!', '!'};
  const auto bytes = write(m::builder{.type = m::type_t::Notification,
                                      .body = m::Notification{.error_code = m::error_code_t::Cease,
                                                              .body = m::Cease{.cease_subcode = m::cease_subcode_t::AdministrativeShutdown},
                                                              .data = shutdown}});
  auto expected = header(27, 3);
  for (int b : {6, 2, 5, int{'b'}, int{'y'}, int{'e'}, int{'!'}, int{'!'}}) expected.push_back(static_cast<std::uint8_t>(b));
  EXPECT_EQ(bytes, expected);
  auto parsed = m::parse(bytes_of(bytes), false);
  auto n = parsed->as_Notification();
  EXPECT_EQ(n->as_Cease()->cease_subcode(), m::cease_subcode_t::AdministrativeShutdown);
  EXPECT_EQ(n->data().size(), 6u);

  // An UPDATE error and an unlisted code.
  auto upd = header(21, 3);
  upd.push_back(3);
  upd.push_back(11);
  auto u = m::parse(bytes_of(upd), false);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->as_Notification()->as_UpdateMessage()->update_subcode(), m::update_subcode_t::MalformedAsPath);
  auto other = header(21, 3);
  other.push_back(9);
  other.push_back(1);
  auto o = m::parse(bytes_of(other), false);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->as_Notification()->as_OtherError()->subcode(), 1u);
}

// RFC 7911 §3: with ADD-PATH negotiated, every prefix of the UPDATE's
// withdrawn routes and NLRI follows a 4-byte path identifier; bgp_message's
// add_path parameter says so.
TEST(BgpByHand, AddPathIdentifiersAreReadUnderTheParameter) {
  const std::vector<std::uint8_t> bytes = {
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
      0x00, 50, 2,                     // length, UPDATE
      0x00, 6, 0, 0, 0, 1, 8, 10,      // withdrawn: path 1, 10.0.0.0/8
      0x00, 4, 0x40, 1, 1, 0,          // attributes: ORIGIN IGP
      0, 0, 0, 2, 24, 192, 0, 2,       // NLRI: path 2, 192.0.2.0/24
      0, 0, 0, 3, 32, 198, 51, 100, 1, // path 3, 198.51.100.1/32
  };
  auto v = m::parse(bytes_of(bytes), true);
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_TRUE(v->add_path());
  auto u = v->as_Update();
  ASSERT_TRUE(u.has_value());
  std::vector<std::pair<std::uint32_t, unsigned>> withdrawn, nlri;
  for (const auto& w : u->withdrawn_routes()) {
    ASSERT_TRUE(w.as_WithPathId().has_value());
    withdrawn.emplace_back(w.as_WithPathId()->path_id(), w.prefix().prefix_length());
  }
  for (const auto& n : u->nlri()) {
    ASSERT_TRUE(n.as_WithPathId().has_value());
    nlri.emplace_back(n.as_WithPathId()->path_id(), n.prefix().prefix_length());
  }
  EXPECT_EQ(withdrawn, (std::vector<std::pair<std::uint32_t, unsigned>>{{1, 8}}));
  EXPECT_EQ(nlri, (std::vector<std::pair<std::uint32_t, unsigned>>{{2, 24}, {3, 32}}));

  // Without the parameter the same bytes do not parse: the withdrawn
  // routes' bytes read as prefixes run past their length.
  auto plain = m::parse(bytes_of(bytes), false);
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.error().kind, mpl::error_kind::truncated);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    const std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(m::parse(bytes_of(cut), true).ok()) << n;
  }

  // The builder writes the identifiers of the case chosen for each prefix.
  namespace p4 = bgp::bgp_ipv4_prefix;
  const std::array<m::withdrawn_routes_element_builder, 1> w{
      {{.body = m::WithPathId{.path_id = 1}, .prefix = {.prefix_length = 8, .body = p4::Bytes1{.prefix = {10}}}}}};
  const std::array<m::nlri_element_builder, 2> n{{
      {.body = m::classify2_WithPathId{.path_id = 2},
       .prefix = {.prefix_length = 24, .body = p4::Bytes3{.prefix = {192, 0, 2}}}},
      {.body = m::classify2_WithPathId{.path_id = 3},
       .prefix = {.prefix_length = 32, .body = p4::Bytes4{.prefix = {198, 51, 100, 1}}}},
  }};
  // write() checks a packet written on its own against the arguments its
  // parameters say parse() will be given: those of a one-byte ORIGIN.
  const av::builder origin{.type_code = 1, .length = 1, .body = av::Origin{.origin = av::origin_t::Igp}};
  const std::array<m::path_attributes_element_builder, 1> attrs{
      {{.attribute = {.transitive = 1,
                      .type_code = bgp::bgp_path_attribute::type_code_t::Origin,
                      .body = bgp::bgp_path_attribute::Short{.value = origin}}}}};
  EXPECT_EQ(write(m::builder{.add_path = true,
                             .type = m::type_t::Update,
                             .body = m::Update{.withdrawn_routes = w, .path_attributes = attrs, .nlri = n}}),
            bytes);
}

// ADD-PATH inside MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 7911 §3): the
// attribute's AFI/SAFI picks add_path_ipv4 or add_path_ipv6, and a path
// identifier precedes each prefix when that one is true; the other
// family's flag changes nothing.
TEST(BgpByHand, AddPathIdentifiersInMultiprotocolAttributes) {
  using Routes = std::vector<std::pair<std::uint32_t, unsigned>>;
  const std::vector<std::uint8_t> reach = {
      0, 2, 1, 16,                                           // IPv6 unicast, next hop of 16 bytes
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,  // 2001:db8::1
      0,                                                     // reserved
      0, 0, 0, 7, 32, 0x20, 0x01, 0x0d, 0xb8,                // path 7, 2001:db8::/32
      0, 0, 0, 8, 40, 0x20, 0x01, 0x0d, 0xb8, 0x12,          // path 8, 2001:db8:1200::/40
  };
  for (bool ipv4 : {false, true}) {
    auto p = av::parse(bytes_of(reach), false, ipv4, true, 14, reach.size());
    ASSERT_TRUE(p.ok()) << p.error().describe();
    EXPECT_TRUE(p->add_path_ipv6());
    Routes got;
    for (const auto& e : p->as_MpReachNlri()->as_Ipv6Unicast()->nlri()) {
      ASSERT_TRUE(e.as_WithPathId().has_value());
      got.emplace_back(e.as_WithPathId()->path_id(), e.prefix().prefix_length());
    }
    EXPECT_EQ(got, (Routes{{7, 32}, {8, 40}}));
    // The builder made from the view writes the identifiers back.
    const av::builder b = av::builder::from(*p);
    std::vector<std::uint8_t> out(b.size());
    ASSERT_TRUE(b.write(mpl::mutable_bytes{out.data(), out.size()}).ok());
    EXPECT_EQ(out, reach);
  }
  // Read without the flag, the identifiers pass for prefixes: here the bytes
  // happen to fill the attribute as nine prefixes of nonsense, which is why
  // the negotiation has to be followed rather than guessed.
  auto plain = av::parse(bytes_of(reach), false, true, false, 14, reach.size());
  ASSERT_TRUE(plain.ok()) << plain.error().describe();
  std::vector<unsigned> lengths;
  for (const auto& e : plain->as_MpReachNlri()->as_Ipv6Unicast()->nlri()) {
    EXPECT_TRUE(e.as_NoPathId().has_value());
    lengths.push_back(e.prefix().prefix_length());
  }
  EXPECT_EQ(lengths, (std::vector<unsigned>{0, 0, 0, 7, 32, 0, 0, 8, 32}));

  const std::vector<std::uint8_t> unreach = {
      0, 1, 1,              // IPv4 unicast
      0, 0, 0, 5, 8, 10,    // path 5, 10.0.0.0/8
  };
  for (bool ipv6 : {false, true}) {
    auto p = av::parse(bytes_of(unreach), false, true, ipv6, 15, unreach.size());
    ASSERT_TRUE(p.ok()) << p.error().describe();
    Routes got;
    for (const auto& e : p->as_MpUnreachNlri()->as_Ipv4Unicast()->withdrawn()) {
      ASSERT_TRUE(e.as_WithPathId().has_value());
      got.emplace_back(e.as_WithPathId()->path_id(), e.prefix().prefix_length());
    }
    EXPECT_EQ(got, (Routes{{5, 8}}));
  }
  // Without it: prefixes of length 0, 0, 0, 5 (one byte, 8), then one of
  // length 10 whose two bytes are not there.
  auto wrong = av::parse(bytes_of(unreach), false, false, true, 15, unreach.size());
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, mpl::error_kind::truncated);
  for (std::size_t n = 0; n < reach.size(); ++n) {
    const std::vector<std::uint8_t> cut(reach.begin(), reach.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(av::parse(bytes_of(cut), false, false, true, 14, reach.size()).ok()) << n;
  }
}

// The FQDN capability's two names (up to 255 bytes each) can need more than
// the 255 bytes its one-byte capability length can say: the builder refuses
// to write a length it cannot represent, and writes up to the limit.
TEST(BgpByHand, FqdnCapabilityLongerThanItsLengthFieldIsRefused) {
  namespace cap = bgp::bgp_capability;
  const std::vector<std::uint8_t> host(200, 'h');
  const std::vector<std::uint8_t> domain(54, 'd');
  std::array<std::uint8_t, 512> out{};
  // 2 + 200 + 53 = 255 bytes of value: the largest that fits.
  const cap::builder fits{.code = cap::code_t::Fqdn,
                          .body = cap::Fqdn{.hostname = mpl::bytes{host.data(), host.size()},
                                            .domain_name = mpl::bytes{domain.data(), 53}}};
  auto n = fits.write(out);
  ASSERT_TRUE(n.ok()) << n.error().describe();
  EXPECT_EQ(*n, 2u + 255);
  EXPECT_EQ(out[1], 255);
  auto back = cap::parse(mpl::bytes{out.data(), *n});
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(back->as_Fqdn()->domain_name().size(), 53u);
  // One byte more: out_of_range on capability_length, nothing claimed written.
  const cap::builder too_long{.code = cap::code_t::Fqdn,
                              .body = cap::Fqdn{.hostname = mpl::bytes{host.data(), host.size()},
                                                .domain_name = mpl::bytes{domain.data(), domain.size()}}};
  auto e = too_long.write(out);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, mpl::error_kind::out_of_range);
  EXPECT_STREQ(e.error().field, "bgp_capability.capability_length");
}

TEST(BgpByHand, OpenWithEveryCapabilityRoundTrips) {
  namespace cap = bgp::bgp_capability;
  const std::array<cap::families_element_builder, 1> gr_families{{{.afi = 1, .safi = 1, .forwarding_state = 1}}};
  const std::array<cap::AddPath_families_element_builder, 1> ap_families{
      {{.afi = 1, .safi = 1, .send_receive = cap::send_receive_t::Both}}};
  const std::uint8_t host[] = {'r', '1'};
  const std::uint8_t raw[] = {0xde, 0xad};
  const std::array<bgp::bgp_optional_parameter::capabilities_element_builder, 9> caps{{
      {.capability = {.code = cap::code_t::Multiprotocol, .body = cap::Multiprotocol{.afi = cap::afi_t::Ipv6, .safi = cap::safi_t::Unicast}}},
      {.capability = {.code = cap::code_t::RouteRefresh, .body = cap::RouteRefresh{}}},
      {.capability = {.code = cap::code_t::ExtendedMessage, .body = cap::ExtendedMessage{}}},
      {.capability = {.code = cap::code_t::GracefulRestart,
                      .body = cap::GracefulRestart{.restart_state = 1, .restart_time = 120, .families = gr_families}}},
      {.capability = {.code = cap::code_t::FourOctetAs, .body = cap::FourOctetAs{.as_number = 4200000001u}}},
      {.capability = {.code = cap::code_t::AddPath, .body = cap::AddPath{.families = ap_families}}},
      {.capability = {.code = cap::code_t::EnhancedRouteRefresh, .body = cap::EnhancedRouteRefresh{}}},
      {.capability = {.code = cap::code_t::Fqdn, .body = cap::Fqdn{.hostname = host, .domain_name = {}}}},
      {.capability = {.code = static_cast<cap::code_t>(200), .body = cap::Unknown{.value = raw}}},
  }};
  const std::array<m::optional_parameters_element_builder, 1> params{
      {{.parameter = {.parameter_type = bgp::bgp_optional_parameter::parameter_type_t::Capabilities,
                      .body = bgp::bgp_optional_parameter::Capabilities{.capabilities = caps}}}}};
  const auto bytes = write(m::builder{.type = m::type_t::Open,
                                      .body = m::Open{.my_as = 23456, .hold_time = 90, .bgp_identifier = 0x0a000001,
                                                      .optional_parameters = params}});
  // 19 + 10 + parameter header 2 + capabilities (6 + 2 + 2 + 8 + 6 + 6 + 2 + 6 + 4)
  ASSERT_EQ(bytes.size(), 19u + 10 + 2 + 42);
  EXPECT_EQ(bytes[28], 44);  // optional parameters length
  EXPECT_EQ(bytes[30], 42);  // parameter length
  auto v = m::parse(bytes_of(bytes), false);
  ASSERT_TRUE(v.ok()) << v.error().describe();
  auto o = v->as_Open();
  EXPECT_EQ(o->hold_time(), 90u);
  std::vector<cap::code_case_t> cases;
  for (const auto& p : o->optional_parameters()) {
    for (const auto& c : p.parameter().as_Capabilities()->capabilities()) {
      cases.push_back(c.capability().code_case());
      if (auto g = c.capability().as_GracefulRestart()) {
        EXPECT_EQ(g->restart_state(), 1u);
        EXPECT_EQ(g->restart_time(), 120u);
        EXPECT_EQ(g->families().size(), 1u);
      }
      if (auto a = c.capability().as_FourOctetAs()) {
        EXPECT_EQ(a->as_number(), 4200000001u);
      }
      if (auto f = c.capability().as_Fqdn()) {
        EXPECT_EQ(mpl::as_string_view(f->hostname()), "r1");
      }
    }
  }
  EXPECT_EQ(cases, (std::vector<cap::code_case_t>{cap::code_case_t::Multiprotocol, cap::code_case_t::RouteRefresh,
                                                   cap::code_case_t::ExtendedMessage, cap::code_case_t::GracefulRestart,
                                                   cap::code_case_t::FourOctetAs, cap::code_case_t::AddPath,
                                                   cap::code_case_t::EnhancedRouteRefresh, cap::code_case_t::Fqdn,
                                                   cap::code_case_t::Unknown}));
  // A capability whose length is not its RFC's is kept raw, and the ones
  // after it still parse.
  auto odd = bytes;
  odd[29 + 2 + 6 + 1] = 1;  // RouteRefresh length 0 -> 1 ...
  odd.insert(odd.begin() + 29 + 2 + 6 + 2, 0x00);  // ... with one byte
  odd[28] = 45;
  odd[30] = 43;
  odd[17] = static_cast<std::uint8_t>(odd.size());
  auto ov = m::parse(bytes_of(odd), false);
  ASSERT_TRUE(ov.ok()) << ov.error().describe();
  auto it = ov->as_Open()->optional_parameters().begin()->parameter().as_Capabilities()->capabilities().begin();
  ++it;
  EXPECT_EQ(it->capability().code_case(), cap::code_case_t::Unknown);
  ++it;
  EXPECT_EQ(it->capability().code_case(), cap::code_case_t::ExtendedMessage);
}

// The UPDATE of the issue: 4-byte AS numbers, communities, and IPv6
// unicast routes in MP_REACH_NLRI, built from parts; every length is
// computed by the builders and checked here by hand.
TEST(BgpByHand, UpdateWithAs4CommunitiesAndIpv6MpReach) {
  namespace pa = bgp::bgp_path_attribute;
  const av::builder origin{.as4 = true, .type_code = 1, .length = 1, .body = av::Origin{.origin = av::origin_t::Igp}};
  const std::array<bgp::bgp_as4_path_segment::asns_element_builder, 3> asns{{{.asn = 4200000000u}, {.asn = 65551}, {.asn = 13335}}};
  const std::array<av::AsPath4_segments_element_builder, 1> segments{
      {{.segment = {.segment_type = bgp::bgp_as4_path_segment::segment_type_t::AsSequence, .asns = asns}}}};
  const av::builder as_path{.as4 = true, .type_code = 2, .length = 14, .body = av::AsPath4{.segments = segments}};
  const std::array<av::communities_element_builder, 2> communities{
      {{.community = static_cast<av::community_t>(0xfde80064u)}, {.community = av::community_t::NoExport}}};
  const av::builder comm{.as4 = true, .type_code = 8, .length = 8, .body = av::Communities{.communities = communities}};
  const std::uint8_t next_hop[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  const std::array<av::Ipv6Unicast_nlri_element_builder, 2> routes{{
      {.prefix = {.prefix_length = 32, .body = bgp::bgp_ipv6_prefix::Bytes4{.prefix = {0x20, 0x01, 0x0d, 0xb8}}}},
      {.prefix = {.prefix_length = 48, .body = bgp::bgp_ipv6_prefix::Bytes6{.prefix = {0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34}}}},
  }};
  const av::builder mp{.as4 = true, .type_code = 14, .length = 33,  // 4+16+1+5+7, checked by write()
                       .body = av::MpReachNlri{.afi = av::afi_t::Ipv6, .safi = av::safi_t::Unicast, .next_hop = next_hop,
                                               .body = av::Ipv6Unicast{.nlri = routes}}};
  using pt = pa::type_code_t;
  const std::array<m::path_attributes_element_builder, 4> attrs{{
      {.attribute = {.transitive = 1, .type_code = pt::Origin, .body = pa::Short{.value = origin}}},
      {.attribute = {.transitive = 1, .type_code = pt::AsPath, .body = pa::Short{.value = as_path}}},
      {.attribute = {.optional = 1, .transitive = 1, .type_code = pt::Communities, .body = pa::Short{.value = comm}}},
      // MP_REACH with the two-byte length, as RFC 4271 allows for any size.
      {.attribute = {.optional = 1, .type_code = pt::MpReachNlri, .body = pa::Extended{.value = mp}}},
  }};
  const m::builder update{.type = m::type_t::Update, .body = m::Update{.path_attributes = attrs}};
  const auto bytes = write(update);

  // origin 3+1, as_path 3+(2+12), communities 3+8, mp_reach 4+(4+16+1+5+7)
  const std::size_t attr_bytes = 4 + 17 + 11 + 37;
  ASSERT_EQ(bytes.size(), 19u + 2 + 2 + attr_bytes);
  EXPECT_EQ((bytes[16] << 8) | bytes[17], static_cast<int>(bytes.size()));
  EXPECT_EQ((bytes[21] << 8) | bytes[22], static_cast<int>(attr_bytes));

  auto v = m::parse(bytes_of(bytes), false);
  ASSERT_TRUE(v.ok()) << v.error().describe();
  auto u = v->as_Update();
  EXPECT_EQ(u->withdrawn_routes_length(), 0u);
  EXPECT_EQ(u->nlri().size(), 0u);
  ASSERT_EQ(u->path_attributes().size(), 4u);
  auto it = u->path_attributes().begin();
  ++it;
  {
    const auto& a = it->attribute();
    EXPECT_EQ(a.as_Short()->attribute_length(), 14u);
    auto p = av::parse(a.as_Short()->value(), true, false, false, 2, 14);
    ASSERT_TRUE(p.ok());
    const auto seg = p->as_AsPath4()->segments().begin()->segment();
    std::vector<std::uint32_t> got;
    for (const auto& e : seg.asns()) got.push_back(e.asn());
    EXPECT_EQ(got, (std::vector<std::uint32_t>{4200000000u, 65551, 13335}));
    EXPECT_EQ(seg.segment_length(), 3u);
    // The same bytes read with 2-byte AS numbers: a sequence of three
    // 2-byte numbers (0xfa56, 0xea00, 0x0001), then a "segment" of type 0
    // claiming 15 numbers that the attribute does not have.
    auto as2 = av::parse(a.as_Short()->value(), false, false, false, 2, 14);
    ASSERT_FALSE(as2.ok());
    EXPECT_EQ(as2.error().kind, mpl::error_kind::truncated);
    EXPECT_STREQ(as2.error().field, "bgp_as_path_segment.asns.asn");
    EXPECT_EQ(as2.error().offset, 14u);  // the end of the value: nothing left for the 4th number
  }
  ++it;
  {
    auto p = av::parse(it->attribute().as_Short()->value(), true, false, false, 8, 8);
    std::vector<av::community_t> got;
    for (const auto& c : p->as_Communities()->communities()) got.push_back(c.community());
    EXPECT_EQ(got, (std::vector<av::community_t>{static_cast<av::community_t>(0xfde80064u), av::community_t::NoExport}));
  }
  ++it;
  {
    const auto& a = it->attribute();
    EXPECT_EQ(a.extended_length(), 1u);
    EXPECT_EQ(a.optional(), 1u);
    EXPECT_EQ(a.as_Extended()->attribute_length(), 33u);
    auto p = av::parse(a.as_Extended()->value(), true, false, false, 14, 33);
    ASSERT_TRUE(p.ok()) << p.error().describe();
    auto r = p->as_MpReachNlri();
    EXPECT_EQ(r->afi(), av::afi_t::Ipv6);
    EXPECT_EQ(r->next_hop_length(), 16u);
    std::vector<int> lengths;
    for (const auto& e : r->as_Ipv6Unicast()->nlri()) lengths.push_back(e.prefix().prefix_length());
    EXPECT_EQ(lengths, (std::vector<int>{32, 48}));
  }
  // Rebuilt from the view, the same bytes.
  Arena arena;
  EXPECT_EQ(write(ssh_bgp_test::message_builder(arena, *v, true)), bytes);
}

// The as4 parameter: AGGREGATOR is 6 bytes between 2-byte speakers and 8
// between 4-byte ones; a value of the other size is not taken for it.
TEST(BgpByHand, AggregatorDependsOnTheAsSize) {
  const std::uint8_t six[] = {0xfd, 0xe8, 192, 0, 2, 1};
  const std::uint8_t eight[] = {0, 0, 0xfd, 0xe8, 192, 0, 2, 1};
  auto a2 = av::parse(six, false, false, false, 7, 6);
  ASSERT_TRUE(a2.ok());
  EXPECT_EQ(a2->as_Aggregator()->aggregator_as(), 65000u);
  auto a4 = av::parse(eight, true, false, false, 7, 8);
  ASSERT_TRUE(a4.ok());
  EXPECT_EQ(a4->as_Aggregator4()->aggregator_as(), 65000u);
  EXPECT_EQ(a4->as_Aggregator4()->aggregator_address(), 0xc0000201u);
  // Under the other parameter value the same bytes are not an aggregator.
  EXPECT_TRUE(av::parse(six, true, false, false, 7, 6)->as_Unknown().has_value());
  EXPECT_TRUE(av::parse(eight, false, false, false, 7, 8)->as_Unknown().has_value());
  // AS_PATH of one 2-byte AS read with 4-byte numbers: the segment needs
  // more bytes than the attribute has.
  const std::uint8_t path[] = {2, 1, 0xfd, 0xe8};
  EXPECT_TRUE(av::parse(path, false, false, false, 2, 4).ok());
  auto wrong = av::parse(path, true, false, false, 2, 4);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, mpl::error_kind::truncated);
  EXPECT_STREQ(wrong.error().field, "bgp_as4_path_segment.asns.asn");
}

TEST(BgpByHand, PrefixLengthMustAgreeWithTheBytesChosen) {
  // The byte count of a prefix is chosen by the range its bit length is in:
  // write() refuses a length outside the chosen case's range, and one past
  // max(32), as parse() would.
  namespace p4 = bgp::bgp_ipv4_prefix;
  const p4::builder nine_bits{.prefix_length = 9, .body = p4::Bytes3{.prefix = {10, 1, 2}}};
  std::vector<std::uint8_t> out(nine_bits.size());
  auto w = nine_bits.write(mpl::mutable_bytes{out.data(), out.size()});
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::no_branch_matched);
  EXPECT_EQ(w.error().found, 9u);
  const p4::builder too_long{.prefix_length = 33, .body = p4::Bytes4{.prefix = {10, 1, 2, 3}}};
  out.assign(too_long.size(), 0);
  w = too_long.write(mpl::mutable_bytes{out.data(), out.size()});
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::out_of_range);
  EXPECT_STREQ(w.error().field, "bgp_ipv4_prefix.prefix_length");
  EXPECT_EQ(w.error().hi, 32u);
  for (std::uint8_t bits : {17, 20, 24}) {
    const p4::builder ok{.prefix_length = bits, .body = p4::Bytes3{.prefix = {10, 1, 2}}};
    out.assign(ok.size(), 0);
    ASSERT_TRUE(ok.write(mpl::mutable_bytes{out.data(), out.size()}).ok()) << int{bits};
    auto v = p4::parse(bytes_of(out));
    ASSERT_TRUE(v.ok());
    EXPECT_TRUE(v->as_Bytes3().has_value());
  }
}

TEST(BgpByHand, WithdrawnRoutesAndNlriPrefixes) {
  using p4 = bgp::bgp_ipv4_prefix::builder;
  const std::array<m::withdrawn_routes_element_builder, 2> withdrawn{
      {{.prefix = p4{.prefix_length = 0, .body = bgp::bgp_ipv4_prefix::Bytes0{}}},
       {.prefix = p4{.prefix_length = 23, .body = bgp::bgp_ipv4_prefix::Bytes3{.prefix = {198, 51, 100}}}}}};
  const std::array<m::nlri_element_builder, 1> nlri{
      {{.prefix = p4{.prefix_length = 32, .body = bgp::bgp_ipv4_prefix::Bytes4{.prefix = {192, 0, 2, 7}}}}}};
  const auto bytes = write(m::builder{.type = m::type_t::Update, .body = m::Update{.withdrawn_routes = withdrawn, .nlri = nlri}});
  auto expected = header(19 + 2 + 5 + 2 + 5, 2);
  for (std::uint8_t b : {0, 5, 0, 23, 198, 51, 100, 0, 0, 32, 192, 0, 2, 7}) expected.push_back(b);
  EXPECT_EQ(bytes, expected);
  auto parsed = m::parse(bytes_of(bytes), false);
  auto u = parsed->as_Update();
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->withdrawn_routes().size(), 2u);
  EXPECT_EQ(u->nlri().begin()->prefix().as_Bytes4()->prefix()[3], 7u);
  // A prefix longer than 32 bits is refused, and so is one crossing the
  // end of its list.
  auto bad = expected;
  bad[28] = 33;
  auto too_long = m::parse(bytes_of(bad), false);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().kind, mpl::error_kind::out_of_range);
  bad = expected;
  bad[20] = 4;  // withdrawn length 4 cuts the second prefix
  EXPECT_FALSE(m::parse(bytes_of(bad), false).ok());
}

TEST(BgpByHand, BadMarkerAndShortLengthAreErrors) {
  auto k = header(19, 4);
  k[3] = 0;
  auto v = m::parse(bytes_of(k), false);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, mpl::error_kind::const_mismatch);
  EXPECT_STREQ(v.error().field, "bgp_message.marker");
  // The constant's bytes, from the first that differs (issue 18: it read
  // "expected 0, found 0").
  EXPECT_EQ(v.error().describe(), "bgp_message.marker at byte 0: constant bytes differ from byte 3 of 16: "
                                  "expected ffffffffffffffff, found 00ffffffffffffff");
  auto late = header(19, 4);
  late[15] = 0x7f;
  EXPECT_EQ(m::parse(bytes_of(late), false).error().describe(),
            "bgp_message.marker at byte 0: constant bytes differ from byte 15 of 16: expected ff, found 7f");
  auto s = header(18, 4);
  EXPECT_EQ(m::parse(bytes_of(s), false).error().kind, mpl::error_kind::out_of_range);
  // A length beyond the KEEPALIVE header: the extra bytes are kept apart.
  auto longer = header(21, 4);
  longer.push_back(1);
  longer.push_back(2);
  auto l = m::parse(bytes_of(longer), false);
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->trailing().size(), 2u);
  EXPECT_EQ(l->size(), 21u);
}

}  // namespace
