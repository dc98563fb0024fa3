// The hand-written baseline: what a careful engineer writes without a code
// generator. Every load goes through a helper that checks the bytes are in
// the buffer first (one bounds check per read, overflow-safe), and the parser
// enforces the same rules as the generated one (IPv4 version 4, IHL >= 5,
// total length >= 20, reserved flag 0, options well-formed, lengths inside
// the buffer; UDP length >= 8). Checksums are not verified on parse by either.
// Both use mpl::internet_checksum when building, so the build cases compare
// codecs, not checksum kernels.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include <mpl/bytes.h>
#include <mpl/checksum.h>

#include "fields.h"

namespace bench::hand {

// Bounds-checked big-endian reads: false when [at, at + N) is not in `b`.
inline bool read_u8(mpl::bytes b, std::size_t at, std::uint8_t& v) noexcept {
  if (at >= b.size()) return false;
  v = b[at];
  return true;
}
inline bool read_u16(mpl::bytes b, std::size_t at, std::uint16_t& v) noexcept {
  if (b.size() < 2 || at > b.size() - 2) return false;
  v = static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
  return true;
}
inline bool read_u32(mpl::bytes b, std::size_t at, std::uint32_t& v) noexcept {
  if (b.size() < 4 || at > b.size() - 4) return false;
  v = (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) | (std::uint32_t{b[at + 2]} << 8) |
      std::uint32_t{b[at + 3]};
  return true;
}
inline bool read_mac(mpl::bytes b, std::size_t at, std::array<std::uint8_t, 6>& v) noexcept {
  if (b.size() < 6 || at > b.size() - 6) return false;
  std::memcpy(v.data(), b.data() + at, 6);
  return true;
}

// Ethernet II without a VLAN tag; `payload` is the rest of the frame.
inline bool parse_ethernet(mpl::bytes frame, HeaderFields& f, mpl::bytes& payload) noexcept {
  if (!read_mac(frame, 0, f.eth_destination)) return false;
  if (!read_mac(frame, 6, f.eth_source)) return false;
  if (!read_u16(frame, 12, f.ethertype)) return false;
  payload = frame.subspan(14);
  return true;
}

// IPv4 with options checked for shape; `payload` is what total_length covers.
inline bool parse_ipv4(mpl::bytes ip, HeaderFields& f, mpl::bytes& payload) noexcept {
  std::uint8_t b0 = 0, b1 = 0;
  if (!read_u8(ip, 0, b0)) return false;
  f.version = static_cast<std::uint8_t>(b0 >> 4);
  f.ihl = static_cast<std::uint8_t>(b0 & 0x0f);
  if (f.version != 4 || f.ihl < 5) return false;
  if (!read_u8(ip, 1, b1)) return false;
  f.dscp = static_cast<std::uint8_t>(b1 >> 2);
  f.ecn = static_cast<std::uint8_t>(b1 & 3);
  if (!read_u16(ip, 2, f.total_length)) return false;
  if (f.total_length < 20) return false;
  if (!read_u16(ip, 4, f.identification)) return false;
  std::uint16_t flags = 0;
  if (!read_u16(ip, 6, flags)) return false;
  f.reserved = static_cast<std::uint8_t>(flags >> 15);
  f.dont_fragment = static_cast<std::uint8_t>((flags >> 14) & 1);
  f.more_fragments = static_cast<std::uint8_t>((flags >> 13) & 1);
  f.fragment_offset = static_cast<std::uint16_t>(flags & 0x1fff);
  if (f.reserved != 0) return false;
  if (!read_u8(ip, 8, f.ttl)) return false;
  if (!read_u8(ip, 9, f.protocol)) return false;
  if (!read_u16(ip, 10, f.header_checksum)) return false;
  if (!read_u32(ip, 12, f.src)) return false;
  if (!read_u32(ip, 16, f.dst)) return false;
  const std::size_t header = std::size_t{f.ihl} * 4;
  if (header > ip.size()) return false;
  // Options: one-byte End/NOP, else type, length (>= 2), data.
  for (std::size_t at = 20; at < header;) {
    std::uint8_t type = 0, length = 0;
    if (!read_u8(ip, at, type)) return false;
    if (type == 0) break;  // the rest is padding
    if (type == 1) {
      ++at;
      continue;
    }
    if (!read_u8(ip, at + 1, length)) return false;
    if (length < 2 || length > header - at) return false;
    at += length;
  }
  if (f.total_length < header || f.total_length > ip.size()) return false;
  payload = ip.subspan(header, f.total_length - header);
  return true;
}

inline bool parse_udp(mpl::bytes udp, HeaderFields& f) noexcept {
  if (!read_u16(udp, 0, f.source_port)) return false;
  if (!read_u16(udp, 2, f.destination_port)) return false;
  if (!read_u16(udp, 4, f.udp_length)) return false;
  if (!read_u16(udp, 6, f.udp_checksum)) return false;
  if (f.udp_length < 8 || f.udp_length > udp.size()) return false;
  f.payload_size = static_cast<std::uint32_t>(f.udp_length - 8);
  if (f.payload_size > 0 && !read_u8(udp, 8, f.payload_first)) return false;
  return true;
}

inline bool parse_icmp_echo(mpl::bytes icmp, HeaderFields& f) noexcept {
  if (!read_u8(icmp, 0, f.icmp_type)) return false;
  if (f.icmp_type != 8 && f.icmp_type != 0) return false;  // echo request or reply only
  if (!read_u8(icmp, 1, f.icmp_code)) return false;
  if (!read_u16(icmp, 2, f.icmp_checksum)) return false;
  if (!read_u16(icmp, 4, f.echo_identifier)) return false;
  if (!read_u16(icmp, 6, f.echo_sequence)) return false;
  f.payload_size = static_cast<std::uint32_t>(icmp.size() - 8);
  if (f.payload_size > 0 && !read_u8(icmp, 8, f.payload_first)) return false;
  return true;
}

inline bool parse_udp_frame(mpl::bytes frame, HeaderFields& f) noexcept {
  mpl::bytes ip, udp;
  if (!parse_ethernet(frame, f, ip) || f.ethertype != 0x0800) return false;
  if (!parse_ipv4(ip, f, udp) || f.protocol != 17) return false;
  return parse_udp(udp, f);
}

inline bool parse_ping_frame(mpl::bytes frame, HeaderFields& f) noexcept {
  mpl::bytes ip, icmp;
  if (!parse_ethernet(frame, f, ip) || f.ethertype != 0x0800) return false;
  if (!parse_ipv4(ip, f, icmp) || f.protocol != 1) return false;
  return parse_icmp_echo(icmp, f);
}

// Big-endian stores for the writer, which checks the whole size once.
inline void put_u16(std::uint8_t* p, std::uint16_t v) noexcept {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
inline void put_u32(std::uint8_t* p, std::uint32_t v) noexcept {
  put_u16(p, static_cast<std::uint16_t>(v >> 16));
  put_u16(p + 2, static_cast<std::uint16_t>(v));
}

// Ethernet / IPv4 / ICMP echo reply with both checksums; returns the frame
// size, or 0 when `out` is too small (checked once: the size is known).
inline std::size_t build_echo_reply(const ReplyArgs& a, mpl::mutable_bytes out) noexcept {
  const std::size_t icmp_size = 8 + a.data.size();
  const std::size_t ip_size = 20 + icmp_size;
  const std::size_t frame_size = 14 + ip_size;
  if (ip_size > 0xffff || out.size() < frame_size) return 0;
  std::uint8_t* p = out.data();
  std::memcpy(p, a.eth_destination.data(), 6);
  std::memcpy(p + 6, a.eth_source.data(), 6);
  put_u16(p + 12, 0x0800);
  std::uint8_t* ip = p + 14;
  ip[0] = 0x45;
  ip[1] = static_cast<std::uint8_t>(kReplyDscp << 2);
  put_u16(ip + 2, static_cast<std::uint16_t>(ip_size));
  put_u16(ip + 4, kReplyIdentification);
  put_u16(ip + 6, 0);  // flags, fragment offset
  ip[8] = kReplyTtl;
  ip[9] = 1;
  put_u16(ip + 10, 0);
  put_u32(ip + 12, a.src);
  put_u32(ip + 16, a.dst);
  put_u16(ip + 10, mpl::internet_checksum(mpl::bytes{ip, 20}));
  std::uint8_t* icmp = ip + 20;
  icmp[0] = 0;  // echo reply
  icmp[1] = 0;
  put_u16(icmp + 2, 0);
  put_u16(icmp + 4, a.identifier);
  put_u16(icmp + 6, a.sequence);
  if (!a.data.empty()) std::memcpy(icmp + 8, a.data.data(), a.data.size());
  put_u16(icmp + 2, mpl::internet_checksum(mpl::bytes{icmp, icmp_size}));
  return frame_size;
}

// A router's forwarding step on an IPv4 packet in place: check the header
// (the rules parse_ipv4 enforces, reading only what they need), decrement
// the TTL, and patch the header checksum for the changed 16-bit word (TTL,
// protocol) as RFC 1624 eqn. 3 says.
inline bool decrement_ttl(mpl::mutable_bytes packet) noexcept {
  const mpl::bytes ip{packet.data(), packet.size()};
  std::uint8_t b0 = 0, ttl = 0, protocol = 0;
  std::uint16_t total_length = 0, flags = 0, checksum = 0;
  if (!read_u8(ip, 0, b0) || (b0 >> 4) != 4 || (b0 & 0x0f) < 5) return false;
  if (!read_u16(ip, 2, total_length) || total_length < 20) return false;
  if (!read_u16(ip, 6, flags) || (flags >> 15) != 0) return false;
  if (!read_u8(ip, 8, ttl) || !read_u8(ip, 9, protocol) || !read_u16(ip, 10, checksum)) return false;
  const std::size_t header = std::size_t{b0 & 0x0fu} * 4;
  if (header > ip.size() || total_length < header || total_length > ip.size()) return false;
  for (std::size_t at = 20; at < header;) {
    std::uint8_t type = 0, length = 0;
    if (!read_u8(ip, at, type)) return false;
    if (type == 0) break;
    if (type == 1) {
      ++at;
      continue;
    }
    if (!read_u8(ip, at + 1, length) || length < 2 || length > header - at) return false;
    at += length;
  }
  const std::uint16_t old_word = static_cast<std::uint16_t>((ttl << 8) | protocol);
  ttl = static_cast<std::uint8_t>(ttl - 1);
  packet[8] = ttl;
  const std::uint16_t new_word = static_cast<std::uint16_t>((ttl << 8) | protocol);
  std::uint32_t sum = static_cast<std::uint16_t>(~checksum);
  sum += static_cast<std::uint16_t>(~old_word);
  sum += new_word;
  sum = (sum & 0xffff) + (sum >> 16);
  sum = (sum & 0xffff) + (sum >> 16);
  put_u16(packet.data() + 10, static_cast<std::uint16_t>(~sum));
  return true;
}

}  // namespace bench::hand
