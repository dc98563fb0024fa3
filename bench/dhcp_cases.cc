// DHCP: parse a real DHCP ACK (the UDP payload, which is what all three
// implementations take) and read the BOOTP header and the options a client
// configures itself from, through the generated code (specs/dhcp.mpl), the
// hand-written baseline (dhcp_handwritten.h) and libtins (dhcp_tins.h).
//
// Case names are <operation>/<input>/<implementation>; scripts/bench.sh
// pairs them up by that last part to compute ratios.
#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "dhcp_fields.h"
#include "dhcp_handwritten.h"
#include "dhcp_packets.h"
#include "elided/dhcp.h"
#include "registry.h"
#include "timed_loops.h"
#if defined(MPL_BENCH_HAVE_LIBTINS)
#include "dhcp_tins.h"
#endif

namespace bench {
namespace {

namespace generated {

namespace opt = ::dhcp::dhcp_options;

template <typename Range>
void read_addresses(const Range& range, std::uint8_t& count, std::array<std::uint32_t, kDhcpMaxAddresses>& out) {
  count = static_cast<std::uint8_t>(range.size());
  std::size_t i = 0;
  for (const auto& a : range) {
    if (i == kDhcpMaxAddresses) break;
    out[i++] = a.address();
  }
}

// parse() validates the whole message; the options are then read by walking
// the list and switching on each element's classify case.
bool parse_dhcp_ack(mpl::bytes m, DhcpAckFields& f) noexcept {
  const auto v = ::dhcp::dhcp::parse(m);
  if (!v) return false;
  f.op = static_cast<std::uint8_t>(v->op());
  f.htype = v->htype();
  f.hlen = v->hlen();
  f.hops = v->hops();
  f.xid = v->xid();
  f.secs = v->secs();
  f.broadcast = v->broadcast();
  f.flags_reserved = v->flags_reserved();
  f.ciaddr = v->ciaddr();
  f.yiaddr = v->yiaddr();
  f.siaddr = v->siaddr();
  f.giaddr = v->giaddr();
  std::memcpy(f.chaddr.data(), v->chaddr().data(), f.chaddr.size());
  f.magic_cookie = v->magic_cookie();

  bool have_type = false;
  const opt::list_range options = v->options().list();
  for (const opt::list_element& o : options) {
    switch (o.code_case()) {
      case opt::code_case_t::MessageType:
        if (!have_type) f.message_type = static_cast<std::uint8_t>(o.as_MessageType()->message_type());
        have_type = true;
        break;
      case opt::code_case_t::ServerIdentifier:
        if ((f.present & kHasServerIdentifier) == 0) {
          f.server_identifier = o.as_ServerIdentifier()->server_address();
          f.present |= kHasServerIdentifier;
        }
        break;
      case opt::code_case_t::LeaseTime:
        if ((f.present & kHasLeaseTime) == 0) {
          f.lease_time = o.as_LeaseTime()->lease_seconds();
          f.present |= kHasLeaseTime;
        }
        break;
      case opt::code_case_t::SubnetMask:
        if ((f.present & kHasSubnetMask) == 0) {
          f.subnet_mask = o.as_SubnetMask()->subnet_mask();
          f.present |= kHasSubnetMask;
        }
        break;
      case opt::code_case_t::Router:
        if ((f.present & kHasRouters) == 0) {
          read_addresses(o.as_Router()->addresses(), f.router_count, f.routers);
          f.present |= kHasRouters;
        }
        break;
      case opt::code_case_t::DomainNameServer:
        if ((f.present & kHasDnsServers) == 0) {
          read_addresses(o.as_DomainNameServer()->addresses(), f.dns_server_count, f.dns_servers);
          f.present |= kHasDnsServers;
        }
        break;
      case opt::code_case_t::DomainName:
        if ((f.present & kHasDomainName) == 0) {
          const mpl::bytes name = o.as_DomainName()->name();
          f.domain_name_length = static_cast<std::uint8_t>(name.size());
          if (!name.empty()) std::memcpy(f.domain_name.data(), name.data(), name.size());
          f.present |= kHasDomainName;
        }
        break;
      default:
        break;
    }
  }
  f.option_count = static_cast<std::uint32_t>(options.size());
  return have_type && f.message_type == static_cast<std::uint8_t>(opt::message_type_t::Ack);
}

}  // namespace generated

using ParseFn = bool (*)(mpl::bytes, DhcpAckFields&) noexcept;

struct Impl {
  const char* name;
  ParseFn parse_ack;
  bool refuses_truncation;
};

const std::vector<Impl>& impls() {
  static const std::vector<Impl> all = {
      {"generated", generated::parse_dhcp_ack, true},
      {"handwritten", hand::parse_dhcp_ack, true},
#if defined(MPL_BENCH_HAVE_LIBTINS)
      // libtins reads options until the buffer ends and does not ask for
      // End, so a message cut between two options is accepted.
      {"libtins", tins::parse_dhcp_ack, false},
#endif
  };
  return all;
}

mpl::bytes ack() { return mpl::bytes{kDhcpAck, sizeof kDhcpAck}; }

// ---------------------------------------------------------------- cases

void parse_case(benchmark::State& state, ParseFn parse) { time_parse<DhcpAckFields>(state, ack(), parse); }

const bool registered = [] {
  for (const Impl& impl : impls()) {
    benchmark::RegisterBenchmark((std::string("parse/dhcp_ack/") + impl.name).c_str(), parse_case, impl.parse_ack);
  }
  return true;
}();

// ---------------------------------------------------------------- self-checks

std::string differs(const char* what, const Impl& impl) { return std::string(what) + ": " + impl.name; }

// The values tshark shows for frame 4 of tests/captures/dhcp.pcap.
DhcpAckFields tshark_values() {
  DhcpAckFields f;
  f.op = 2;  // Boot Reply
  f.htype = 1;
  f.hlen = 6;
  f.hops = 0;
  f.xid = 0x96224079;
  f.secs = 0;
  f.broadcast = 0;
  f.flags_reserved = 0;
  f.ciaddr = 0;
  f.yiaddr = 0x0a35007b;  // 10.53.0.123
  f.siaddr = 0x0a350001;  // 10.53.0.1
  f.giaddr = 0;
  f.chaddr = {0x02, 0x00, 0x00, 0x00, 0x00, 0x0b};
  f.magic_cookie = kDhcpMagicCookie;
  f.message_type = 5;  // ACK
  f.present = kHasServerIdentifier | kHasLeaseTime | kHasSubnetMask | kHasRouters | kHasDnsServers | kHasDomainName;
  f.server_identifier = 0x0a350001;  // 10.53.0.1
  f.lease_time = 3600;
  f.subnet_mask = 0xffffff00;
  f.router_count = 1;
  f.routers[0] = 0x0a350001;  // 10.53.0.1
  f.dns_server_count = 1;
  f.dns_servers[0] = 0x0a350001;  // 10.53.0.1
  const char name[] = "mpl.test";
  f.domain_name_length = 8;
  std::memcpy(f.domain_name.data(), name, 8);
  f.option_count = 12;  // End included
  return f;
}

const bool checked = [] {
  add_self_check("DHCP ACK parse agrees with tshark", [] {
    const DhcpAckFields expected = tshark_values();
    for (const Impl& impl : impls()) {
      DhcpAckFields f;
      if (!impl.parse_ack(ack(), f)) return differs("refused the ACK", impl);
      if (!(f == expected)) return differs("DHCP ACK fields differ from tshark's", impl);
    }
    return std::string();
  });
  add_self_check("truncated DHCP messages are refused", [] {
    for (const Impl& impl : impls()) {
      if (!impl.refuses_truncation) continue;
      for (std::size_t n = 0; n < ack().size(); ++n) {
        DhcpAckFields f;
        if (impl.parse_ack(ack().first(n), f)) return differs("accepted a truncated DHCP message", impl);
      }
    }
    return std::string();
  });
  // Evidence that the hand-written parser enforces the generated parser's
  // rules, no more and no fewer: changes of the message are accepted or
  // refused by both alike, with the same fields when accepted. The changes:
  // every byte set to values that hit the rules (lengths 0 to 5 and 8, the
  // codes with a rule, End, the neighbours of the original), and every pair
  // of adjacent bytes set to such a code and such a length (an option that
  // becomes another, with a length its new code may refuse). libtins is left
  // out: it checks fewer rules (no End, no fixed lengths of options it is
  // not asked for).
  add_self_check("generated and hand-written DHCP parsers judge alike", [] {
    const std::array<std::uint8_t, 16> values = {0, 1, 2, 3, 4, 5, 8, 15, 42, 53, 54, 61, 81, 82, 0x80, 255};
    const std::array<std::uint8_t, 7> lengths = {0, 1, 2, 3, 4, 5, 8};
    Verdicts counts;
    std::vector<std::uint8_t> m(ack().begin(), ack().end());
    const auto judge = [&](std::size_t at) {
      return judge_alike<DhcpAckFields>(mpl::bytes{m.data(), m.size()}, generated::parse_dhcp_ack,
                                        hand::parse_dhcp_ack, counts, [&] {
                                          return "bytes from " + std::to_string(at) + " = " + std::to_string(m[at]) +
                                                 ", " + std::to_string(at + 1 < m.size() ? m[at + 1] : 0);
                                        });
    };
    for (std::size_t at = 0; at < m.size(); ++at) {
      const std::uint8_t original = m[at];
      std::vector<std::uint8_t> tried(values.begin(), values.end());
      tried.push_back(static_cast<std::uint8_t>(original + 1));
      tried.push_back(static_cast<std::uint8_t>(original - 1));
      for (std::uint8_t value : tried) {
        m[at] = value;
        if (std::string problem = judge(at); !problem.empty()) return problem;
      }
      if (at + 1 < m.size()) {
        const std::uint8_t next = m[at + 1];
        for (std::uint8_t code : values) {
          for (std::uint8_t length : lengths) {
            m[at] = code;
            m[at + 1] = length;
            if (std::string problem = judge(at); !problem.empty()) return problem;
          }
        }
        m[at + 1] = next;
      }
      m[at] = original;
    }
    // Both outcomes must have occurred, or the check proves nothing.
    if (counts.accepted == 0 || counts.refused == 0) {
      return std::string("the mutations did not exercise both outcomes");
    }
    return std::string();
  });
  return true;
}();

}  // namespace
}  // namespace bench
