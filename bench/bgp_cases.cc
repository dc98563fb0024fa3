// BGP: parse a captured UPDATE (every withdrawn route, each path
// attribute's header, the values of ORIGIN, AS_PATH, NEXT_HOP, MED,
// LOCAL_PREF and COMMUNITIES, every NLRI prefix) and build the same UPDATE
// from the route it announces, through the generated code and the
// hand-written baseline. libtins has no BGP, so it has no case here.
//
// Case names are <operation>/<input>/<implementation>; bench/report.py pairs
// them up by that last part.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "bgp_fields.h"
#include "bgp_generated.h"
#include "bgp_handwritten.h"
#include "bgp_packets.h"
#include "registry.h"
#include "timed_loops.h"

namespace bench {
namespace {

// The capture's session uses four-octet AS numbers: both OPENs advertise
// capability 65 (BIRD's default) and the AS_PATH holds one 4-byte number in
// 6 bytes.
constexpr bool kAs4 = true;

using ParseFn = bool (*)(mpl::bytes, bool, BgpUpdateFields&) noexcept;
using BuildFn = std::size_t (*)(const BgpUpdateArgs&, mpl::mutable_bytes) noexcept;

struct Impl {
  const char* name;
  ParseFn parse;
  BuildFn build;
};

const std::vector<Impl>& impls() {
  static const std::vector<Impl> all = {
      {"generated", gen_bgp::parse_bgp_update, gen_bgp::build_bgp_update},
      {"handwritten", hand_bgp::parse_bgp_update, hand_bgp::build_bgp_update},
  };
  return all;
}

mpl::bytes update() {
  return mpl::bytes{kBgpUpdate, sizeof kBgpUpdate};
}

// ---------------------------------------------------------------- known values

// What tshark shows for the captured UPDATE (tests/captures/bgp.pcap,
// frame 13: BIRD in AS 65001 announcing 198.51.100.0/24).
constexpr std::array<BgpPrefix, 1> kNlri{{
    {24, 0xc6336400},  // 198.51.100.0/24
}};
constexpr std::array<std::uint32_t, 1> kAsSequence{65001};
constexpr std::uint8_t kOriginIgp = 0;
constexpr std::uint32_t kNextHop = 0x0a350001;  // 10.53.0.1
constexpr std::uint32_t kMed = 50;
constexpr std::array<std::uint32_t, 1> kCommunities{(65001u << 16) | 100u};  // 65001:100

BgpUpdateFields expected_fields() {
  BgpUpdateFields f;
  f.length = 61;
  f.withdrawn_routes_length = 0;
  f.total_path_attribute_length = 34;
  // optional, transitive, partial, extended length, unused, type, length
  f.attributes.push({0, 1, 0, 0, 0, kBgpTypeOrigin, 1});       // flags 0x40
  f.attributes.push({0, 1, 0, 0, 0, kBgpTypeAsPath, 6});       // flags 0x40
  f.attributes.push({0, 1, 0, 0, 0, kBgpTypeNextHop, 4});      // flags 0x40
  f.attributes.push({1, 0, 0, 0, 0, kBgpTypeMed, 4});          // flags 0x80
  f.attributes.push({1, 1, 0, 0, 0, kBgpTypeCommunities, 4});  // flags 0xc0
  f.origin = kOriginIgp;
  f.as_path_segments.push({kBgpAsSequence, 1});
  f.as_path_asns.push(kAsSequence[0]);
  f.next_hop = kNextHop;
  f.med = kMed;
  f.communities.push(kCommunities[0]);
  for (const BgpPrefix& p : kNlri) f.nlri.push(p);
  return f;
}

// The route the build cases announce: the captured UPDATE's.
BgpUpdateArgs route() {
  BgpUpdateArgs a;
  a.origin = kOriginIgp;
  a.as_sequence = kAsSequence;
  a.next_hop = kNextHop;
  a.med = kMed;
  a.communities = kCommunities;
  a.nlri = kNlri;
  return a;
}

// ---------------------------------------------------------------- cases

void parse_case(benchmark::State& state, ParseFn parse) {
  time_parse<BgpUpdateFields>(state, update(),
                              [parse](mpl::bytes m, BgpUpdateFields& f) { return parse(m, kAs4, f); });
}

void build_case(benchmark::State& state, BuildFn build) { time_build<256>(state, route(), build, update().size()); }

const bool registered = [] {
  for (const Impl& impl : impls()) {
    const std::string n = impl.name;
    benchmark::RegisterBenchmark(("parse/bgp_update/" + n).c_str(), parse_case, impl.parse);
    benchmark::RegisterBenchmark(("build/bgp_update/" + n).c_str(), build_case, impl.build);
  }
  return true;
}();

// ---------------------------------------------------------------- self-checks

std::string differs(const char* what, const Impl& impl) {
  return std::string("BGP ") + what + ": " + impl.name;
}

// Parses `bytes` from a fresh copy of exactly that size, so that
// AddressSanitizer sees any read past the end.
bool parse_copy(const Impl& impl, mpl::bytes bytes, BgpUpdateFields& f) {
  const std::vector<std::uint8_t> copy(bytes.begin(), bytes.end());
  return impl.parse(mpl::bytes{copy.data(), copy.size()}, kAs4, f);
}

const bool checked = [] {
  add_self_check("BGP UPDATE parse agrees with tshark", [] {
    const BgpUpdateFields expected = expected_fields();
    for (const Impl& impl : impls()) {
      BgpUpdateFields f;
      if (!impl.parse(update(), kAs4, f)) return differs("refused the captured UPDATE", impl);
      if (!(f == expected)) return differs("fields differ from tshark's", impl);
    }
    return std::string();
  });
  add_self_check("BGP UPDATE truncated at every length is refused", [] {
    for (const Impl& impl : impls()) {
      for (std::size_t n = 0; n < update().size(); ++n) {
        BgpUpdateFields f;
        if (parse_copy(impl, update().first(n), f))
          return differs("accepted a truncated UPDATE", impl);
      }
    }
    return std::string();
  });
  // Every byte of the message set to values that cross the rules (a marker
  // byte, a length, a prefix of 0, 24, 32 and 33 bits, each flag, a type
  // code, ...): the hand-written reader accepts exactly what the generated
  // one accepts, and reads the same values from it.
  add_self_check("BGP UPDATE with one byte changed: accepted and read alike", [] {
    const std::uint8_t values[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x08, 0x10, 0x18,
                                   0x20, 0x21, 0x23, 0x40, 0x50, 0x52, 0x53, 0x54, 0x80, 0xff};
    const Impl& reference = impls().front();
    std::size_t accepted = 0;
    for (std::size_t at = 0; at < update().size(); ++at) {
      for (std::uint8_t v : values) {
        std::vector<std::uint8_t> changed(update().begin(), update().end());
        changed[at] = v;
        const mpl::bytes bytes{changed.data(), changed.size()};
        BgpUpdateFields want;
        const bool ok = parse_copy(reference, bytes, want);
        accepted += ok ? 1 : 0;
        for (const Impl& impl : impls()) {
          BgpUpdateFields got;
          if (parse_copy(impl, bytes, got) != ok || (ok && !(got == want))) {
            return differs("disagrees with the generated reader", impl) + " (byte " +
                   std::to_string(at) + " = " + std::to_string(v) + ")";
          }
        }
      }
    }
    if (accepted == 0) return std::string("BGP: no changed UPDATE was accepted");
    return std::string();
  });
  add_self_check("BGP UPDATE built equals the captured UPDATE", [] {
    for (const Impl& impl : impls()) {
      std::array<std::uint8_t, 256> out{};
      const std::size_t n = impl.build(route(), out);
      if (n != update().size() || !std::equal(update().begin(), update().end(), out.begin())) {
        return differs("built bytes differ from the capture", impl);
      }
      std::array<std::uint8_t, sizeof kBgpUpdate - 1> small{};
      if (impl.build(route(), small) != 0) return differs("wrote into a too-small buffer", impl);
      // A prefix the parsers would refuse is not written either.
      BgpUpdateArgs bad = route();
      const std::array<BgpPrefix, 1> too_long{{{33, 0x0a000000}}};
      bad.nlri = too_long;
      if (impl.build(bad, out) != 0) return differs("wrote a 33-bit prefix", impl);
    }
    return std::string();
  });
  // Routes other than the captured one: withdrawn routes, prefixes of every
  // byte count, three communities, then no AS numbers (an iBGP route) and no
  // COMMUNITIES attribute; both builders write the same bytes and both
  // readers read the route back.
  add_self_check("BGP UPDATE builders agree on other routes", [] {
    const std::array<BgpPrefix, 4> withdrawn{
        {{0, 0}, {8, 0x0a000000}, {23, 0xc6336400}, {17, 0xac108000}}};
    const std::array<BgpPrefix, 3> nlri{{{12, 0x0a100000}, {24, 0xc0000200}, {32, 0xc0000207}}};
    const std::array<std::uint32_t, 3> path{4200000000u, 65551, 13335};
    const std::array<std::uint32_t, 3> communities{0xfde90001u, 0xffffff01u, 0x00000000u};
    BgpUpdateArgs a = route();
    a.withdrawn = withdrawn;
    a.nlri = nlri;
    for (std::size_t asns : {std::size_t{3}, std::size_t{0}}) {
      a.as_sequence = std::span<const std::uint32_t>(path.data(), asns);
      a.communities = std::span<const std::uint32_t>(communities.data(), asns);
      std::vector<std::vector<std::uint8_t>> built;
      for (const Impl& impl : impls()) {
        std::array<std::uint8_t, 256> out{};
        const std::size_t n = impl.build(a, out);
        if (n == 0) return differs("refused a route", impl);
        built.emplace_back(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n));
        BgpUpdateFields f;
        if (!impls().front().parse(mpl::bytes{out.data(), n}, kAs4, f))
          return differs("wrote an unreadable UPDATE", impl);
        if (f.withdrawn.count != withdrawn.size() || f.nlri.count != nlri.size() ||
            f.as_path_asns.count != asns || f.communities.count != asns || f.withdrawn.kept[2] != withdrawn[2] ||
            f.nlri.kept[0] != nlri[0] || (asns != 0 && f.as_path_asns.kept[0] != path[0]) ||
            (asns != 0 && f.communities.kept[1] != communities[1]) || f.attributes.count != (asns != 0 ? 5u : 4u)) {
          return differs("wrote another route", impl);
        }
      }
      if (!std::all_of(built.begin(), built.end(),
                       [&](const auto& b) { return b == built.front(); })) {
        return std::string("BGP: the builders wrote different bytes for another route");
      }
    }
    return std::string();
  });
  return true;
}();

}  // namespace
}  // namespace bench
