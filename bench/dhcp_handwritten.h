// The hand-written DHCP parser of the benchmark: what a careful engineer
// writes without a code generator (see handwritten.h for the style: every
// load goes through a helper that checks the bytes are there first). One pass
// over the message checks it and picks out the fields of DhcpAckFields.
//
// It enforces the rules that the parser generated from specs/dhcp.mpl
// enforces, and no others, so neither wins by checking less:
// * the 240 bytes of BOOTP header and magic cookie are there, and the cookie
//   is 99.130.83.99;
// * options run up to and including End (255); Pad (0) and End are one
//   byte, every other option has its length byte and that many data bytes
//   inside the message;
// * the fixed-size options of RFC 2132 have their length: 4 for subnet mask
//   (1), time offset (2), broadcast address (28), requested address (50),
//   lease time (51), server identifier (54), T1 (58), T2 (59); 1 for option
//   overload (52) and message type (53); 2 for maximum message size (57);
// * the address lists (router 3, DNS servers 6, NTP servers 42) hold whole
//   4-byte addresses;
// * client identifier (61) is at least 1 byte long, client FQDN (81) at
//   least 3;
// * relay agent information (82) is filled exactly by sub-options, each a
//   code, a length and that many bytes;
// * at most mpl::limits::max_array_elements options (the generated array
//   limit; the other arrays are too short to reach it).
// Values are not checked (op, htype, the message type may be anything),
// and what follows End is padding, kept by neither. That the message is an
// ACK is the benchmark case's own rule, applied by every implementation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include <mpl/bytes.h>
#include <mpl/limits.h>

#include "dhcp_fields.h"
#include "handwritten.h"

namespace bench::hand {

namespace dhcp_detail {

inline constexpr std::size_t kOptionsStart = 240;  // after the BOOTP header and the cookie
inline constexpr std::uint8_t kAck = 5;

// The length RFC 2132 fixes for an option code; 0 when it fixes none.
inline std::size_t fixed_length(std::uint8_t code) noexcept {
  switch (code) {
    case 1:
    case 2:
    case 28:
    case 50:
    case 51:
    case 54:
    case 58:
    case 59:
      return 4;
    case 52:
    case 53:
      return 1;
    case 57:
      return 2;
    default:
      return 0;
  }
}

// Relay agent sub-options: code[1] length[1] data[length], exactly filling
// the option.
inline bool sub_options_fill(mpl::bytes data) noexcept {
  for (std::size_t at = 0; at < data.size();) {
    std::uint8_t length = 0;
    if (!read_u8(data, at + 1, length)) return false;
    if (length > data.size() - (at + 2)) return false;
    at += 2 + std::size_t{length};
  }
  return true;
}

// The shape rules of specs/dhcp.mpl for the data of one option.
inline bool shape_ok(std::uint8_t code, mpl::bytes data) noexcept {
  const std::size_t fixed = fixed_length(code);
  if (fixed != 0) return data.size() == fixed;
  switch (code) {
    case 3:
    case 6:
    case 42:
      return data.size() % 4 == 0;
    case 61:
      return !data.empty();
    case 81:
      return data.size() >= 3;
    case 82:
      return sub_options_fill(data);
    default:
      return true;
  }
}

inline bool read_u32_option(mpl::bytes data, std::uint8_t bit, std::uint32_t& value, std::uint8_t& present) noexcept {
  if ((present & bit) != 0) return true;  // the first one counts
  if (!read_u32(data, 0, value)) return false;
  present = static_cast<std::uint8_t>(present | bit);
  return true;
}

inline bool read_address_list(mpl::bytes data, std::uint8_t bit, std::uint8_t& count,
                              std::array<std::uint32_t, kDhcpMaxAddresses>& addresses, std::uint8_t& present) noexcept {
  if ((present & bit) != 0) return true;
  count = static_cast<std::uint8_t>(data.size() / 4);
  for (std::size_t i = 0; i < count && i < kDhcpMaxAddresses; ++i) {
    if (!read_u32(data, 4 * i, addresses[i])) return false;
  }
  present = static_cast<std::uint8_t>(present | bit);
  return true;
}

}  // namespace dhcp_detail

inline bool parse_dhcp_ack(mpl::bytes m, DhcpAckFields& f) noexcept {
  namespace d = dhcp_detail;
  std::uint16_t flags = 0;
  if (!read_u8(m, 0, f.op) || !read_u8(m, 1, f.htype) || !read_u8(m, 2, f.hlen) || !read_u8(m, 3, f.hops)) {
    return false;
  }
  if (!read_u32(m, 4, f.xid) || !read_u16(m, 8, f.secs) || !read_u16(m, 10, flags)) return false;
  f.broadcast = static_cast<std::uint8_t>(flags >> 15);
  f.flags_reserved = static_cast<std::uint16_t>(flags & 0x7fff);
  if (!read_u32(m, 12, f.ciaddr) || !read_u32(m, 16, f.yiaddr) || !read_u32(m, 20, f.siaddr) ||
      !read_u32(m, 24, f.giaddr)) {
    return false;
  }
  if (m.size() < 28 + f.chaddr.size()) return false;
  std::memcpy(f.chaddr.data(), m.data() + 28, f.chaddr.size());
  // sname and file (bytes 44 to 235) are not read, but must be there: the
  // cookie after them is.
  if (!read_u32(m, 236, f.magic_cookie) || f.magic_cookie != kDhcpMagicCookie) return false;

  bool have_type = false;
  std::uint32_t count = 0;
  for (std::size_t at = d::kOptionsStart;;) {
    if (count == mpl::limits::max_array_elements) return false;
    std::uint8_t code = 0;
    if (!read_u8(m, at, code)) return false;  // the message ended before End
    ++count;
    if (code == 0) {
      ++at;
      continue;
    }
    if (code == 255) break;
    std::uint8_t length = 0;
    if (!read_u8(m, at + 1, length) || length > m.size() - (at + 2)) return false;
    const mpl::bytes data = m.subspan(at + 2, length);
    if (!d::shape_ok(code, data)) return false;
    bool ok = true;
    switch (code) {
      case 53:
        if (!have_type) ok = read_u8(data, 0, f.message_type);
        have_type = true;
        break;
      case 54:
        ok = d::read_u32_option(data, kHasServerIdentifier, f.server_identifier, f.present);
        break;
      case 51:
        ok = d::read_u32_option(data, kHasLeaseTime, f.lease_time, f.present);
        break;
      case 1:
        ok = d::read_u32_option(data, kHasSubnetMask, f.subnet_mask, f.present);
        break;
      case 3:
        ok = d::read_address_list(data, kHasRouters, f.router_count, f.routers, f.present);
        break;
      case 6:
        ok = d::read_address_list(data, kHasDnsServers, f.dns_server_count, f.dns_servers, f.present);
        break;
      case 15:
        if ((f.present & kHasDomainName) == 0) {
          f.domain_name_length = length;
          if (length != 0) std::memcpy(f.domain_name.data(), data.data(), length);
          f.present = static_cast<std::uint8_t>(f.present | kHasDomainName);
        }
        break;
      default:
        break;
    }
    if (!ok) return false;
    at += 2 + std::size_t{length};
  }
  f.option_count = count;
  return have_type && f.message_type == d::kAck;
}

}  // namespace bench::hand
