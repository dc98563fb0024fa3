// Test helper: frames of a capture file (classic pcap through the pcap codec
// of ../codec/capture.h, pcapng by the reader there) and the UDP or TCP
// payloads they carry, reached with the generated Ethernet, IPv4, UDP and TCP
// codecs.
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

using codec_test::read_pcapng_frames;

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
