// bgp.pcap and bgp_add_path.pcap, made by make_bgp_capture.sh: one eBGP
// session between two BIRD daemons, A (AS 65001, 10.53.0.1, the active
// side) and B (AS 65002, 10.53.0.2), each announcing two static routes with
// fixed attributes, then A shutting down. The second capture has ADD-PATH
// enabled both ways, so every NLRI carries a path identifier, and carries
// IPv6 unicast too, with ADD-PATH as well: two more routes per side in
// MP_REACH_NLRI, and A's withdrawal of its two in MP_UNREACH_NLRI, every
// prefix after its path identifier. Every message parses with the
// generated BGP codec (under the ADD-PATH parameters the session
// negotiated); OPENs, UPDATEs and the NOTIFICATION carry exactly what the
// BIRD configs say; every message rebuilds byte for byte with from(); every
// truncation is refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bgp.h"
#include "known_capture.h"
#include "streams.h"

namespace {

using namespace known_capture;
namespace m = bgp::bgp_message;
namespace av = bgp::bgp_attribute_value;
namespace cap = bgp::bgp_capability;

struct Message {
  bool from_a = false;  // A connects, so its stream goes to port 179
  Bytes bytes;
};

struct Session {
  std::string file;
  bool add_path = false;  // for IPv4 unicast and, when carried, IPv6 unicast
  bool ipv6 = false;      // IPv6 unicast routes too
};
const Session kSessions[] = {{"bgp.pcap", false, false}, {"bgp_add_path.pcap", true, true}};

std::vector<Message> messages(const Session& s) {
  std::vector<Message> out;
  std::size_t streams = 0;
  for (const auto& stream : ssh_bgp_test::tcp_streams(path(s.file))) {
    if (stream.source_port != 179 && stream.destination_port != 179) continue;
    ++streams;
    EXPECT_FALSE(stream.gap) << s.file;
    mpl::bytes rest{stream.data.data(), stream.data.size()};
    while (!rest.empty()) {
      auto v = m::parse(rest, s.add_path);
      EXPECT_TRUE(v.ok()) << s.file << ": " << v.error().describe();
      if (!v.ok()) break;
      out.push_back({stream.destination_port == 179, Bytes(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(v->size()))});
      rest = rest.subspan(v->size());
    }
  }
  EXPECT_EQ(streams, 2u) << s.file << ": one connection, both directions";
  return out;
}

std::string dotted(std::uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string(a >> 16 & 0xff) + "." + std::to_string(a >> 8 & 0xff) + "." +
         std::to_string(a & 0xff);
}

std::string prefix_text(const bgp::bgp_ipv4_prefix::view& p) {
  std::uint32_t a = 0;
  const mpl::bytes b = p.bytes().subspan(1);
  for (std::size_t i = 0; i < 4; ++i) a = a << 8 | (i < b.size() ? b[i] : 0u);
  return dotted(a) + "/" + std::to_string(p.prefix_length());
}

// An IPv6 address as eight groups in hex, none left out (the test's own
// spelling: "2001:db8:a:0:0:0:0:0").
std::string groups(mpl::bytes b) {
  std::string out;
  char group[8];
  for (std::size_t i = 0; i < 16; i += 2) {
    const unsigned g = (i < b.size() ? b[i] : 0u) << 8 | (i + 1 < b.size() ? b[i + 1] : 0u);
    std::snprintf(group, sizeof group, "%x", g);
    out += (i == 0 ? "" : ":") + std::string(group);
  }
  return out;
}

std::string prefix_text(const bgp::bgp_ipv6_prefix::view& p) {
  return groups(p.bytes().subspan(1)) + "/" + std::to_string(p.prefix_length());
}

// What one UPDATE's MP_REACH_NLRI and MP_UNREACH_NLRI carry: "A
// 2001:db8:a:0:0:0:0:0/48" per prefix, with its path identifier (0 when it
// has none).
struct Multiprotocol {
  std::vector<std::pair<std::string, std::uint32_t>> reach, unreach;
  bool has_unreach = false;
};

// The prefixes of an IPv6 list of MP_REACH_NLRI or MP_UNREACH_NLRI, each
// after a path identifier exactly when `add_path`.
template <class List>
void routes_of(const List& list, bool add_path, const std::string& side,
               std::vector<std::pair<std::string, std::uint32_t>>& out) {
  for (const auto& n : list) {
    EXPECT_EQ(n.as_WithPathId().has_value(), add_path);
    out.emplace_back(side + prefix_text(n.prefix()), n.as_WithPathId() ? n.as_WithPathId()->path_id() : 0);
  }
}

// An UPDATE's path attributes in words, in the order sent (AS numbers are
// four octets: both OPENs advertise capability 65); the IPv6 prefixes of
// its multiprotocol attributes into `mp`, each prefixed with `side`.
std::string attributes_text(const m::Update_view& u, bool add_path, const std::string& side, Multiprotocol& mp) {
  std::string out;
  for (const auto& e : u.path_attributes()) {
    const auto a = e.attribute();
    const mpl::bytes value = a.as_Short() ? a.as_Short()->value() : a.as_Extended()->value();
    auto v = av::parse(value, true, add_path, add_path, static_cast<std::uint64_t>(a.type_code()), value.size());
    EXPECT_TRUE(v.ok()) << v.error().describe();
    if (!v.ok()) return out + " ?";
    EXPECT_EQ(v->size(), value.size());
    if (auto x = v->as_Origin()) {
      out += " origin " + std::to_string(static_cast<int>(x->origin()));
    } else if (auto x = v->as_AsPath4()) {
      out += " path";
      for (const auto& s : x->segments()) {
        EXPECT_EQ(s.segment().segment_type(), bgp::bgp_as4_path_segment::segment_type_t::AsSequence);
        for (const auto& asn : s.segment().asns()) out += " " + std::to_string(asn.asn());
      }
    } else if (auto x = v->as_NextHop()) {
      out += " next-hop " + dotted(x->next_hop());
    } else if (auto x = v->as_MultiExitDisc()) {
      out += " med " + std::to_string(x->med());
    } else if (auto x = v->as_Communities()) {
      for (const auto& c : x->communities()) {
        const auto n = static_cast<std::uint32_t>(c.community());
        out += " community " + std::to_string(n >> 16) + ":" + std::to_string(n & 0xffff);
      }
    } else if (auto x = v->as_MpReachNlri()) {
      // RFC 2545 §3: the global address, then the link-local one.
      const mpl::bytes hop = x->next_hop();
      out += " next-hop " + groups(hop.first(std::min<std::size_t>(16, hop.size())));
      if (hop.size() == 32) out += " " + groups(hop.subspan(16));
      auto ipv6 = x->as_Ipv6Unicast();
      EXPECT_TRUE(ipv6.has_value());
      if (ipv6) routes_of(ipv6->nlri(), add_path, side, mp.reach);
    } else if (auto x = v->as_MpUnreachNlri()) {
      mp.has_unreach = true;
      auto ipv6 = x->as_Ipv6Unicast();
      EXPECT_TRUE(ipv6.has_value());
      if (ipv6) routes_of(ipv6->withdrawn(), add_path, side, mp.unreach);
    } else if (auto x = v->as_LargeCommunity()) {
      for (const auto& c : x->communities()) {
        out += " large " + std::to_string(c.global_administrator()) + ":" + std::to_string(c.local_data_1()) + ":" +
               std::to_string(c.local_data_2());
      }
    } else {
      out += " type " + std::to_string(static_cast<int>(a.type_code()));
    }
  }
  return out;
}

TEST(BgpCapture, EveryMessageParsesAndTheSessionRunsItsCourse) {
  for (const auto& s : kSessions) {
    std::map<std::pair<bool, m::type_t>, std::size_t> count;
    const auto all = messages(s);
    for (const auto& msg : all) {
      auto v = m::parse(view(msg.bytes), s.add_path);
      ASSERT_TRUE(v.ok());
      EXPECT_EQ(v->size(), msg.bytes.size());
      EXPECT_EQ(v->length(), msg.bytes.size());
      EXPECT_TRUE(v->trailing().empty());
      ++count[{msg.from_a, v->type()}];
    }
    // Each side: its OPEN, KEEPALIVEs (one confirms the OPEN, then one every
    // 3 s), per family two UPDATEs with a route each and the End-of-RIB
    // UPDATE; with IPv6, A's withdrawal of its IPv6 routes; A's
    // NOTIFICATION last.
    for (bool a : {true, false}) {
      EXPECT_EQ((count[{a, m::type_t::Open}]), 1u) << s.file;
      EXPECT_GE((count[{a, m::type_t::Keepalive}]), 2u) << s.file;
      EXPECT_EQ((count[{a, m::type_t::Update}]), s.ipv6 ? (a ? 7u : 6u) : 3u) << s.file;
      EXPECT_EQ((count[{a, m::type_t::RouteRefresh}]), 0u) << s.file;
    }
    EXPECT_EQ((count[{true, m::type_t::Notification}]), 1u) << s.file;
    EXPECT_EQ((count[{false, m::type_t::Notification}]), 0u) << s.file;
    ASSERT_FALSE(all.empty());
    auto first = m::parse(view(all.front().bytes), s.add_path);
    EXPECT_TRUE(first->as_Open()) << "the active side speaks first";
  }
}

TEST(BgpCapture, OpensCarryTheConfiguredAsHoldTimeAndCapabilities) {
  for (const auto& s : kSessions) {
    std::size_t opens = 0;
    for (const auto& msg : messages(s)) {
      auto v = m::parse(view(msg.bytes), s.add_path);
      auto o = v->as_Open();
      if (!o) continue;
      ++opens;
      EXPECT_EQ(o->version(), 4);
      EXPECT_EQ(o->my_as(), msg.from_a ? 65001 : 65002);
      EXPECT_EQ(o->hold_time(), 9);  // "hold time 9"
      EXPECT_EQ(o->bgp_identifier(), msg.from_a ? kIpA : kIpB);
      std::vector<std::string> caps;
      for (const auto& p : o->optional_parameters()) {
        auto c = p.parameter().as_Capabilities();
        ASSERT_TRUE(c);
        for (const auto& e : c->capabilities()) {
          const auto x = e.capability();
          if (auto mp = x.as_Multiprotocol()) {
            EXPECT_EQ(mp->safi(), cap::safi_t::Unicast);
            caps.push_back(mp->afi() == cap::afi_t::Ipv4 ? "multiprotocol ipv4" : "multiprotocol ipv6");
          } else if (x.as_RouteRefresh()) {
            caps.push_back("route-refresh");
          } else if (auto gr = x.as_GracefulRestart()) {
            EXPECT_EQ(gr->restart_time(), 120);  // BIRD's default
            EXPECT_TRUE(gr->families().empty());
            caps.push_back("graceful-restart");
          } else if (auto as4 = x.as_FourOctetAs()) {
            EXPECT_EQ(as4->as_number(), msg.from_a ? 65001u : 65002u);
            caps.push_back("as4");
          } else if (auto ap = x.as_AddPath()) {
            std::string families;
            for (const auto& f : ap->families()) {
              EXPECT_EQ(f.safi(), 1);
              EXPECT_EQ(f.send_receive(), cap::send_receive_t::Both);  // "add paths on"
              families += " " + std::to_string(f.afi());
            }
            caps.push_back("add-path afi" + families);
          } else if (x.as_EnhancedRouteRefresh()) {
            caps.push_back("enhanced-route-refresh");
          } else if (auto u = x.as_Unknown()) {
            caps.push_back("code " + std::to_string(static_cast<int>(x.code())) + " length " +
                           std::to_string(u->value().size()));
          } else {
            caps.push_back("code " + std::to_string(static_cast<int>(x.code())));
          }
        }
      }
      std::vector<std::string> want = {"multiprotocol ipv4"};
      if (s.ipv6) want.push_back("multiprotocol ipv6");
      for (const char* c : {"route-refresh", "graceful-restart", "as4"}) want.push_back(c);
      if (s.add_path) want.push_back(s.ipv6 ? "add-path afi 1 2" : "add-path afi 1");
      want.push_back("enhanced-route-refresh");
      // Long-lived graceful restart (RFC 9494), which the spec has no case
      // for: BIRD announces it with no address family in it (length 0).
      want.push_back("code 71 length 0");
      EXPECT_EQ(caps, want) << s.file;
    }
    EXPECT_EQ(opens, 2u);
  }
}

TEST(BgpCapture, UpdatesCarryTheStaticRoutesWithTheirAttributes) {
  for (const auto& s : kSessions) {
    std::map<std::string, std::string> routes;  // "A 198.51.100.0/24" -> attributes
    std::size_t end_of_rib = 0;
    std::set<std::uint32_t> path_ids;
    std::map<std::string, std::uint32_t> reached, withdrawn;  // IPv6 route -> path identifier
    for (const auto& msg : messages(s)) {
      auto v = m::parse(view(msg.bytes), s.add_path);
      auto u = v->as_Update();
      if (!u) continue;
      EXPECT_TRUE(u->withdrawn_routes().empty());
      if (u->path_attributes().empty() && u->nlri().empty()) {
        ++end_of_rib;  // RFC 4724 §2: the End-of-RIB marker for IPv4 unicast
        continue;
      }
      Multiprotocol mp;
      const std::string attributes = attributes_text(*u, s.add_path, msg.from_a ? "A " : "B ", mp);
      if (mp.has_unreach && mp.unreach.empty() && u->path_attributes().size() == 1) {
        ++end_of_rib;  // ... and for another family: an empty MP_UNREACH_NLRI alone
        continue;
      }
      for (const auto& [route, id] : mp.reach) {
        routes[route] = attributes;
        reached[route] = id;
        if (s.add_path) path_ids.insert(id);
      }
      for (const auto& [route, id] : mp.unreach) withdrawn[route] = id;
      for (const auto& n : u->nlri()) {
        EXPECT_EQ(n.as_WithPathId().has_value(), s.add_path);
        if (auto id = n.as_WithPathId()) path_ids.insert(id->path_id());
        routes[std::string(msg.from_a ? "A " : "B ") + prefix_text(n.prefix())] = attributes;
      }
    }
    // The configs: origin IGP (0) for static routes, the sender's AS alone
    // in the path, itself as next hop (eBGP on a shared subnet), the MED
    // its export filter sets, the communities of its static routes.
    const std::map<std::string, std::string> want = {
        {"A 198.51.100.0/24", " origin 0 path 65001 next-hop 10.53.0.1 med 50 community 65001:100"},
        {"A 203.0.113.0/25", " origin 0 path 65001 next-hop 10.53.0.1 community 65001:200"},
        {"B 192.0.2.0/24", " origin 0 path 65002 next-hop 10.53.0.2 med 20 large 65002:1:2"},
        {"B 192.0.2.128/25", " origin 0 path 65002 next-hop 10.53.0.2"},
    };
    std::map<std::string, std::string> want_all = want;
    if (s.ipv6) {
      // The same in MP_REACH_NLRI, the next hop the global and the
      // link-local address of the sender (RFC 2545 §3).
      const std::string hop_a = " next-hop fd00:53:0:0:0:0:0:1 fe80:0:0:0:0:0:0:a";
      const std::string hop_b = " next-hop fd00:53:0:0:0:0:0:2 fe80:0:0:0:0:0:0:b";
      want_all["A 2001:db8:a:0:0:0:0:0/48"] = hop_a + " origin 0 path 65001 community 65001:600";
      want_all["A 2001:db8:a:100:0:0:0:0/56"] = hop_a + " origin 0 path 65001 community 65001:601";
      want_all["B 2001:db8:b:0:0:0:0:0/48"] = hop_b + " origin 0 path 65002 community 65002:600";
      want_all["B 2001:db8:b:100:0:0:0:0/56"] = hop_b + " origin 0 path 65002 community 65002:601";
      // A withdraws its two, by the path identifiers it announced them with.
      ASSERT_EQ(withdrawn.size(), 2u) << s.file;
      for (const auto& [route, id] : withdrawn) {
        ASSERT_TRUE(reached.contains(route)) << route;
        EXPECT_EQ(id, reached.at(route)) << route;
        EXPECT_EQ(route.substr(0, 2), "A ");
      }
    } else {
      EXPECT_TRUE(reached.empty() && withdrawn.empty()) << s.file;
    }
    EXPECT_EQ(routes, want_all) << s.file;
    EXPECT_EQ(end_of_rib, s.ipv6 ? 4u : 2u) << s.file;
    if (s.add_path) {
      EXPECT_FALSE(path_ids.empty());
      EXPECT_EQ(path_ids.count(0), 0u);  // BIRD numbers paths from 1
    }
  }
}

TEST(BgpCapture, ANotificationSaysAdministrativeShutdown) {
  for (const auto& s : kSessions) {
    std::size_t found = 0;
    for (const auto& msg : messages(s)) {
      auto v = m::parse(view(msg.bytes), s.add_path);
      auto n = v->as_Notification();
      if (!n) continue;
      ++found;
      EXPECT_TRUE(msg.from_a);
      EXPECT_EQ(n->error_code(), m::error_code_t::Cease);
      ASSERT_TRUE(n->as_Cease());
      EXPECT_EQ(n->as_Cease()->cease_subcode(), m::cease_subcode_t::AdministrativeShutdown);
      EXPECT_TRUE(n->data().empty());  // no RFC 8203 shutdown message configured
    }
    EXPECT_EQ(found, 1u) << s.file;
  }
}

TEST(BgpCapture, EveryMessageRebuildsByteForByte) {
  for (const auto& s : kSessions) {
    for (const auto& msg : messages(s)) {
      auto v = m::parse(view(msg.bytes), s.add_path);
      ASSERT_TRUE(v.ok());
      EXPECT_EQ(write(m::builder::from(*v)), msg.bytes) << s.file << " type " << static_cast<int>(v->type());
    }
  }
}

TEST(BgpCapture, TruncationAtEveryLengthIsRefused) {
  std::size_t tried = 0;
  for (const auto& s : kSessions) {
    for (const auto& msg : messages(s)) {
      tried += expect_every_cut_refused(msg.bytes, [&](mpl::bytes b) { return m::parse(b, s.add_path); }, s.file);
    }
  }
  EXPECT_GT(tried, 900u);
}

}  // namespace
