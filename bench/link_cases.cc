// Link, network and transport layers: parse Eth/IPv4/UDP and Eth/IPv4/ICMP
// echo, build an echo reply frame with both checksums, decrement a TTL in
// place. Each operation runs through the generated code (bounds checks
// elided, the default), the generated code with per-field checks
// (mplc --bounds-checks=per-field), the hand-written baseline, and libtins.
//
// Case names are <operation>/<input>/<implementation>; scripts/bench.sh
// pairs them up by that last part to compute ratios.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "elided/ethernet.h"
#include "elided/icmp.h"
#include "elided/ipv4.h"
#include "elided/udp.h"
#include "fields.h"
#include "handwritten.h"
#include "packets.h"
#include "per_field/ethernet.h"
#include "per_field/icmp.h"
#include "per_field/ipv4.h"
#include "per_field/udp.h"
#include "registry.h"
#include "timed_loops.h"
#if defined(MPL_BENCH_HAVE_LIBTINS)
#include "tins_paths.h"
#endif

namespace bench {

namespace elided {
namespace eth_ns = ::ethernet::ethernet;
namespace ip_ns = ::ipv4::ipv4;
namespace icmp_ns = ::icmp::icmp;
namespace udp_ns = ::udp::udp;
#include "generated_paths.inc"
}  // namespace elided

namespace per_field {
namespace eth_ns = ::per_field_ethernet::ethernet;
namespace ip_ns = ::per_field_ipv4::ipv4;
namespace icmp_ns = ::per_field_icmp::icmp;
namespace udp_ns = ::per_field_udp::udp;
#include "generated_paths.inc"
}  // namespace per_field

namespace {

using ParseFn = bool (*)(mpl::bytes, HeaderFields&) noexcept;
using BuildFn = std::size_t (*)(const ReplyArgs&, mpl::mutable_bytes) noexcept;
using MutateFn = bool (*)(mpl::mutable_bytes) noexcept;

struct Impl {
  const char* name;
  ParseFn parse_udp;
  ParseFn parse_ping;
  BuildFn build_reply;
  MutateFn decrement_ttl;  // nullptr: not offered (libtins has no in-place edit)
};

const std::vector<Impl>& impls() {
  static const std::vector<Impl> all = {
      {"generated", elided::parse_udp_frame, elided::parse_ping_frame, elided::build_echo_reply,
       elided::decrement_ttl},
      {"generated_per_field", per_field::parse_udp_frame, per_field::parse_ping_frame, per_field::build_echo_reply,
       per_field::decrement_ttl},
      {"handwritten", hand::parse_udp_frame, hand::parse_ping_frame, hand::build_echo_reply, hand::decrement_ttl},
#if defined(MPL_BENCH_HAVE_LIBTINS)
      {"libtins", tins::parse_udp_frame, tins::parse_ping_frame, tins::build_echo_reply, nullptr},
#endif
  };
  return all;
}

mpl::bytes udp_frame() { return mpl::bytes{kUdpFrame, sizeof kUdpFrame}; }
mpl::bytes ping_frame() { return mpl::bytes{kPingRequestFrame, sizeof kPingRequestFrame}; }
mpl::bytes reply_frame() { return mpl::bytes{kPingReplyFrame, sizeof kPingReplyFrame}; }

// The reply arguments a server has after parsing the request (read once, by
// the hand-written parser, outside any timing).
ReplyArgs reply_args() {
  static const HeaderFields request = [] {
    HeaderFields f;
    hand::parse_ping_frame(ping_frame(), f);
    return f;
  }();
  ReplyArgs a;
  a.eth_destination = request.eth_source;
  a.eth_source = request.eth_destination;
  a.src = request.dst;
  a.dst = request.src;
  a.identifier = request.echo_identifier;
  a.sequence = request.echo_sequence;
  a.data = ping_frame().subspan(14 + 20 + 8);
  return a;
}

// ---------------------------------------------------------------- cases

void parse_case(benchmark::State& state, ParseFn parse, mpl::bytes input) {
  time_parse<HeaderFields>(state, input, parse);
}

void build_case(benchmark::State& state, BuildFn build) {
  time_build<256>(state, reply_args(), build, reply_frame().size());
}

void mutate_case(benchmark::State& state, MutateFn mutate) {
  std::vector<std::uint8_t> packet(ping_frame().begin() + 14, ping_frame().end());
  for (auto _ : state) {
    std::uint8_t* p = packet.data();
    benchmark::DoNotOptimize(p);
    const bool ok = mutate(mpl::mutable_bytes{p, packet.size()});
    benchmark::DoNotOptimize(ok);
    benchmark::ClobberMemory();
  }
  // Every decrement kept the header checksum right.
  if (mpl::internet_checksum(mpl::bytes{packet.data(), 20}) != 0) state.SkipWithError("header checksum broken");
}

const bool registered = [] {
  for (const Impl& impl : impls()) {
    const std::string n = impl.name;
    benchmark::RegisterBenchmark(("parse/eth_ipv4_udp/" + n).c_str(), parse_case, impl.parse_udp, udp_frame());
    benchmark::RegisterBenchmark(("parse/eth_ipv4_icmp_echo/" + n).c_str(), parse_case, impl.parse_ping,
                                 ping_frame());
    benchmark::RegisterBenchmark(("build/eth_ipv4_icmp_echo_reply/" + n).c_str(), build_case, impl.build_reply);
    if (impl.decrement_ttl != nullptr) {
      benchmark::RegisterBenchmark(("mutate/ipv4_ttl/" + n).c_str(), mutate_case, impl.decrement_ttl);
    }
  }
  return true;
}();

// ---------------------------------------------------------------- self-checks

std::string differs(const char* what, const Impl& impl) { return std::string(what) + ": " + impl.name; }

const bool checked = [] {
  add_self_check("parse agrees with the capture", [] {
    HeaderFields udp_ref, ping_ref;
    if (!hand::parse_udp_frame(udp_frame(), udp_ref)) return std::string("hand-written UDP parse failed");
    if (!hand::parse_ping_frame(ping_frame(), ping_ref)) return std::string("hand-written ping parse failed");
    // Values tshark shows for these frames (link.pcap frames 16 and 6; the
    // echo data is tshark's 8-byte timestamp and 32 data bytes).
    if (udp_ref.source_port != 40000 || udp_ref.destination_port != 7000 || udp_ref.udp_length != 22 ||
        udp_ref.payload_size != 14 || udp_ref.payload_first != 'h' || udp_ref.src != 0x0a350002 ||
        udp_ref.identification != 0x3d55 || udp_ref.dont_fragment != 1 || udp_ref.header_checksum != 0xe901 ||
        udp_ref.udp_checksum != 0x95fc) {
      return std::string("hand-written UDP fields wrong");
    }
    if (ping_ref.echo_identifier != 0x7e0c || ping_ref.echo_sequence != 1 || ping_ref.payload_size != 40 ||
        ping_ref.ttl != 64 || ping_ref.dont_fragment != 1 || ping_ref.identification != 0xf57b ||
        ping_ref.header_checksum != 0x30d1 || ping_ref.icmp_checksum != 0x3d6c || ping_ref.src != 0x0a350002) {
      return std::string("hand-written ping fields wrong");
    }
    for (const Impl& impl : impls()) {
      HeaderFields u, p;
      if (!impl.parse_udp(udp_frame(), u) || !(u == udp_ref)) return differs("UDP fields differ", impl);
      if (!impl.parse_ping(ping_frame(), p) || !(p == ping_ref)) return differs("ping fields differ", impl);
    }
    return std::string();
  });
  add_self_check("truncated frames are refused", [] {
    for (const Impl& impl : impls()) {
      if (std::string(impl.name) == "libtins") continue;  // reads short frames leniently
      for (std::size_t n = 0; n < udp_frame().size(); ++n) {
        HeaderFields f;
        if (impl.parse_udp(udp_frame().first(n), f)) return differs("accepted a truncated UDP frame", impl);
      }
      for (std::size_t n = 0; n < ping_frame().size(); ++n) {
        HeaderFields f;
        if (impl.parse_ping(ping_frame().first(n), f)) return differs("accepted a truncated ping frame", impl);
      }
    }
    return std::string();
  });
  add_self_check("built reply equals the captured reply", [] {
    for (const Impl& impl : impls()) {
      std::array<std::uint8_t, 256> out{};
      const std::size_t n = impl.build_reply(reply_args(), out);
      if (n != reply_frame().size() || !std::equal(reply_frame().begin(), reply_frame().end(), out.begin())) {
        return differs("reply bytes differ", impl);
      }
      std::array<std::uint8_t, sizeof kPingReplyFrame - 1> small{};
      if (impl.build_reply(reply_args(), small) != 0) return differs("wrote into a too-small buffer", impl);
    }
    return std::string();
  });
  add_self_check("TTL decrement keeps the checksum", [] {
    std::vector<std::uint8_t> reference;
    for (const Impl& impl : impls()) {
      if (impl.decrement_ttl == nullptr) continue;
      std::vector<std::uint8_t> packet(ping_frame().begin() + 14, ping_frame().end());
      for (int i = 0; i < 300; ++i) {  // through 0 and around
        if (!impl.decrement_ttl(mpl::mutable_bytes{packet.data(), packet.size()})) {
          return differs("refused the packet", impl);
        }
        if (mpl::internet_checksum(mpl::bytes{packet.data(), 20}) != 0) return differs("checksum broken", impl);
      }
      if (packet[8] != static_cast<std::uint8_t>(64 - 300)) return differs("wrong TTL", impl);
      if (reference.empty()) reference = packet;
      if (packet != reference) return differs("bytes differ", impl);
    }
    return std::string();
  });
  return true;
}();

}  // namespace
}  // namespace bench
