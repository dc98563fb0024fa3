// What every parser of the DHCP ACK case must produce: the BOOTP header and
// the options a client acts on, as plain values. Each implementation
// (generated, hand-written, libtins) fills one of these, so the benchmark can
// check they agree and hand the result to benchmark::DoNotOptimize, which
// forces every field to be computed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace bench {

// Bits of DhcpAckFields::present: which optional options the message had.
inline constexpr std::uint8_t kHasServerIdentifier = 1;
inline constexpr std::uint8_t kHasLeaseTime = 2;
inline constexpr std::uint8_t kHasSubnetMask = 4;
inline constexpr std::uint8_t kHasRouters = 8;
inline constexpr std::uint8_t kHasDnsServers = 16;
inline constexpr std::uint8_t kHasDomainName = 32;

// Addresses kept per list option. An option holds at most 63 (255 / 4); the
// count says how many there were, the array keeps the first ones, which is
// what a client configures from.
inline constexpr std::size_t kDhcpMaxAddresses = 8;

inline constexpr std::uint32_t kDhcpMagicCookie = 0x63825363;

struct DhcpAckFields {
  // BOOTP header (RFC 2131 section 2).
  std::uint8_t op = 0;
  std::uint8_t htype = 0;
  std::uint8_t hlen = 0;
  std::uint8_t hops = 0;
  std::uint32_t xid = 0;
  std::uint16_t secs = 0;
  std::uint8_t broadcast = 0;
  std::uint16_t flags_reserved = 0;
  std::uint32_t ciaddr = 0;
  std::uint32_t yiaddr = 0;
  std::uint32_t siaddr = 0;
  std::uint32_t giaddr = 0;
  std::array<std::uint8_t, 16> chaddr{};
  std::uint32_t magic_cookie = 0;
  // Options. When an option appears twice, the first one counts (as libtins'
  // search_option() does). The parse fails unless the message type is ACK.
  std::uint8_t message_type = 0;
  std::uint8_t present = 0;  // kHas* bits
  std::uint32_t server_identifier = 0;
  std::uint32_t lease_time = 0;
  std::uint32_t subnet_mask = 0;
  std::uint8_t router_count = 0;
  std::array<std::uint32_t, kDhcpMaxAddresses> routers{};
  std::uint8_t dns_server_count = 0;
  std::array<std::uint32_t, kDhcpMaxAddresses> dns_servers{};
  // Copied: libtins hands out a std::string, so a span into the input would
  // not be the same thing for all three.
  std::uint8_t domain_name_length = 0;
  std::array<std::uint8_t, 255> domain_name{};
  // Options up to and including End, Pad options included.
  std::uint32_t option_count = 0;

  bool operator==(const DhcpAckFields&) const = default;
};

}  // namespace bench
