// Test helper: the DNS messages of a capture. A small pcap/pcapng reader
// and a walk down the link layers the DNS corpus uses (Ethernet with VLAN
// tags, BSD null/loopback, Linux cooked v1 and v2, raw IP), IPv4 and IPv6
// (extension headers skipped, fragments ignored), to UDP on ports 53, 5353
// and 8053, and to DNS over TCP on port 53 (each segment's whole
// length-prefixed messages). Only for reaching test vectors: the codec
// under test is the generated DNS parser.
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace dns_test {

using Bytes = std::vector<std::uint8_t>;

struct Frame {
  std::uint32_t linktype = 0;
  Bytes data;
};

struct Message {
  std::size_t frame = 0;  // 1-based, as tshark numbers frames
  bool tcp = false;
  Bytes bytes;
};

inline Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }

inline std::vector<Frame> read_capture(const std::string& path) {
  const Bytes f = read_file(path);
  std::vector<Frame> frames;
  auto u32 = [&](std::size_t at, bool swap) {
    std::uint32_t v = 0;
    std::memcpy(&v, f.data() + at, 4);
    if (swap) v = __builtin_bswap32(v);
    return v;
  };
  if (f.size() < 24) return frames;
  const std::uint32_t magic = u32(0, false);
  if (magic == 0x0a0d0d0a) {  // pcapng, little-endian sections only
    std::vector<std::uint32_t> interfaces;
    std::size_t at = 0;
    while (at + 12 <= f.size()) {
      const std::uint32_t type = u32(at, false), length = u32(at + 4, false);
      if (length < 12 || length % 4 != 0 || length > f.size() - at) break;
      if (type == 0x0a0d0d0a) interfaces.clear();
      if (type == 1 && length >= 20) interfaces.push_back(static_cast<std::uint32_t>(f[at + 8] | f[at + 9] << 8));
      if (type == 6 && length >= 32) {
        const std::uint32_t iface = u32(at + 8, false), caplen = u32(at + 20, false);
        if (caplen <= length - 32 && iface < interfaces.size()) {
          frames.push_back({interfaces[iface], Bytes(f.begin() + static_cast<std::ptrdiff_t>(at + 28),
                                                     f.begin() + static_cast<std::ptrdiff_t>(at + 28 + caplen))});
        }
      }
      at += length;
    }
    return frames;
  }
  bool swap = false;
  if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
    swap = false;
  } else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
    swap = true;
  } else {
    return frames;
  }
  const std::uint32_t linktype = u32(20, swap) & 0xFFFF;
  std::size_t at = 24;
  while (at + 16 <= f.size()) {
    const std::uint32_t caplen = u32(at + 8, swap);
    if (caplen > f.size() - at - 16) break;
    frames.push_back({linktype, Bytes(f.begin() + static_cast<std::ptrdiff_t>(at + 16),
                                      f.begin() + static_cast<std::ptrdiff_t>(at + 16 + caplen))});
    at += 16 + caplen;
  }
  return frames;
}

inline bool dns_port(std::uint16_t p) { return p == 53 || p == 5353 || p == 8053; }

inline void from_transport(std::uint8_t protocol, const std::uint8_t* p, std::size_t n, std::size_t frame,
                           std::vector<Message>& out) {
  if (protocol == 17 && n >= 8) {
    if (!dns_port(be16(p)) && !dns_port(be16(p + 2))) return;
    std::size_t len = be16(p + 4);
    if (len < 8 || len > n) len = n;
    out.push_back({frame, false, Bytes(p + 8, p + len)});
  } else if (protocol == 6 && n >= 20) {
    if (be16(p) != 53 && be16(p + 2) != 53) return;
    const std::size_t off = static_cast<std::size_t>(p[12] >> 4) * 4;
    if (off < 20 || off > n) return;
    std::size_t at = off;
    while (n - at >= 2) {
      const std::size_t len = be16(p + at);
      if (len == 0 || len > n - at - 2) break;  // a message split over segments: skipped
      out.push_back({frame, true, Bytes(p + at + 2, p + at + 2 + len)});
      at += 2 + len;
    }
  }
}

inline void from_ip(const std::uint8_t* p, std::size_t n, std::size_t frame, std::vector<Message>& out) {
  if (n < 1) return;
  if (p[0] >> 4 == 4 && n >= 20) {
    const std::size_t ihl = static_cast<std::size_t>(p[0] & 15) * 4;
    std::size_t total = be16(p + 2);
    if (total > n) total = n;
    if (ihl < 20 || ihl > total) return;
    if ((be16(p + 6) & 0x3FFF) != 0) return;  // a fragment
    from_transport(p[9], p + ihl, total - ihl, frame, out);
  } else if (p[0] >> 4 == 6 && n >= 40) {
    std::size_t total = 40u + be16(p + 4);
    if (total > n) total = n;
    std::uint8_t next = p[6];
    std::size_t at = 40;
    while ((next == 0 || next == 43 || next == 60) && total - at >= 8) {
      const std::size_t len = 8u + p[at + 1] * 8u;
      next = p[at];
      at += len;
      if (at > total) return;
    }
    if (next == 44) return;
    from_transport(next, p + at, total - at, frame, out);
  }
}

inline std::vector<Message> dns_messages(const std::string& path) {
  std::vector<Message> out;
  const auto frames = read_capture(path);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const Bytes& d = frames[i].data;
    const std::uint8_t* p = d.data();
    std::size_t n = d.size();
    switch (frames[i].linktype) {
      case 1: {  // Ethernet
        if (n < 14) break;
        std::size_t at = 12;
        std::uint16_t type = be16(p + at);
        while ((type == 0x8100 || type == 0x88a8) && n - at >= 6) {
          at += 4;
          type = be16(p + at);
        }
        if (type == 0x0800 || type == 0x86dd) from_ip(p + at + 2, n - at - 2, i + 1, out);
        break;
      }
      case 0:  // BSD loopback: a 4-byte address family
      case 108:
        if (n > 4) from_ip(p + 4, n - 4, i + 1, out);
        break;
      case 113:  // Linux cooked v1
        if (n > 16) from_ip(p + 16, n - 16, i + 1, out);
        break;
      case 276:  // Linux cooked v2
        if (n > 20) from_ip(p + 20, n - 20, i + 1, out);
        break;
      case 12: case 14: case 101: case 228: case 229:  // raw IP
        from_ip(p, n, i + 1, out);
        break;
      default: break;
    }
  }
  return out;
}

}  // namespace dns_test
