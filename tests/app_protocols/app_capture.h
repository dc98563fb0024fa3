// Test helper: frames of a capture file (classic pcap through the pcap codec
// of ../codec/capture.h, pcapng read here) and the UDP or TCP payloads they
// carry, reached with the generated Ethernet, IPv4, UDP and TCP codecs.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "capture.h"
#include "ethernet.h"
#include "ipv4.h"
#include "tcp.h"
#include "udp.h"

namespace app_test {

using codec_test::Frame;

// pcapng (draft-ietf-opsawg-pcapng): blocks of type, total length, body,
// total length. Only Enhanced and Simple Packet Blocks carry frames. A
// little-endian section is all the corpus needs; anything else gives no frames.
inline std::vector<Frame> read_pcapng_frames(const std::vector<std::uint8_t>& file) {
  auto u32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    std::memcpy(&v, file.data() + at, 4);
    return v;
  };
  std::vector<Frame> frames;
  if (file.size() < 12 || u32(0) != 0x0a0d0d0a || u32(8) != 0x1a2b3c4d) return frames;
  std::size_t at = 0;
  while (at + 12 <= file.size()) {
    const std::uint32_t type = u32(at);
    const std::uint32_t length = u32(at + 4);
    if (length < 12 || length % 4 != 0 || length > file.size() - at) break;
    if (type == 6 && length >= 32) {  // enhanced packet block
      const std::uint32_t caplen = u32(at + 20);
      if (caplen <= length - 32) frames.emplace_back(file.begin() + static_cast<std::ptrdiff_t>(at + 28),
                                                     file.begin() + static_cast<std::ptrdiff_t>(at + 28 + caplen));
    } else if (type == 3 && length >= 16) {  // simple packet block
      const std::uint32_t original = u32(at + 8);
      const std::uint32_t caplen = original < length - 16 ? original : length - 16;
      frames.emplace_back(file.begin() + static_cast<std::ptrdiff_t>(at + 12),
                          file.begin() + static_cast<std::ptrdiff_t>(at + 12 + caplen));
    }
    at += length;
  }
  return frames;
}

// Every frame of a pcap or pcapng file whose link type is Ethernet.
inline std::vector<Frame> ethernet_frames(const std::string& path) {
  const std::vector<std::uint8_t> file = codec_test::read_file(path);
  if (file.size() >= 4 && file[0] == 0x0a && file[1] == 0x0d && file[2] == 0x0d && file[3] == 0x0a) {
    return read_pcapng_frames(file);
  }
  std::uint32_t linktype = 0;
  auto frames = codec_test::read_frames(path, &linktype);
  if (linktype != 1) frames.clear();
  return frames;
}

// The IPv4 packet of an Ethernet frame (untagged or one VLAN tag).
inline std::optional<mpl::bytes> ipv4_packet(const Frame& frame) {
  auto eth = ethernet::ethernet::parse(codec_test::bytes_of(frame));
  if (!eth.ok()) return std::nullopt;
  if (auto v4 = eth->as_IPv4()) return v4->payload();
  if (auto vlan = eth->as_Vlan()) {
    if (auto inner = vlan->as_TaggedIPv4()) return inner->payload();
  }
  return std::nullopt;
}

struct UdpDatagram {
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
  mpl::bytes payload;
};

// The UDP datagram of an unfragmented IPv4 packet in an Ethernet frame.
inline std::optional<UdpDatagram> udp_datagram(const Frame& frame) {
  auto bytes = ipv4_packet(frame);
  if (!bytes) return std::nullopt;
  auto ip = ipv4::ipv4::parse(*bytes);
  if (!ip.ok() || ip->protocol() != ipv4::ipv4::protocol_t::UDP || ip->more_fragments() != 0 ||
      ip->fragment_offset() != 0) {
    return std::nullopt;
  }
  auto u = udp::udp::parse(ip->payload());
  if (!u.ok()) return std::nullopt;
  return UdpDatagram{u->source_port(), u->destination_port(), u->payload()};
}

struct TcpSegment {
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
  mpl::bytes payload;
};

// The TCP segment of an unfragmented IPv4 packet in an Ethernet frame.
inline std::optional<TcpSegment> tcp_segment(const Frame& frame) {
  auto bytes = ipv4_packet(frame);
  if (!bytes) return std::nullopt;
  auto ip = ipv4::ipv4::parse(*bytes);
  if (!ip.ok() || ip->protocol() != ipv4::ipv4::protocol_t::TCP || ip->more_fragments() != 0 ||
      ip->fragment_offset() != 0) {
    return std::nullopt;
  }
  auto t = tcp::tcp::parse(ip->payload());
  if (!t.ok()) return std::nullopt;
  return TcpSegment{t->source_port(), t->destination_port(), t->payload()};
}

}  // namespace app_test
