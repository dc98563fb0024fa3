// Test helper: the TCP byte streams of a classic pcap capture, one per
// direction, reassembled by sequence number (duplicates and retransmissions
// dropped). Frames are taken apart with the codecs mplc generates from
// specs/ethernet.mpl, ipv4.mpl and tcp.mpl; IPv6 has no spec yet, so its
// fixed header is read by hand.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "capture.h"
#include "ethernet.h"
#include "ipv4.h"
#include "tcp.h"

namespace ssh_bgp_test {

struct Stream {
  std::string from;  // "address:port", for messages
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
  std::vector<std::uint8_t> data;
  bool gap = false;  // bytes missing from the capture somewhere
};

namespace detail {

struct Segments {
  std::map<std::uint32_t, std::vector<std::uint8_t>> by_seq;
  std::uint16_t sport = 0, dport = 0;
  std::string from;
};

inline std::optional<mpl::bytes> ip_packet(const codec_test::Frame& frame, bool* v6) {
  auto eth = ethernet::ethernet::parse(codec_test::bytes_of(frame));
  if (!eth.ok()) return std::nullopt;
  *v6 = false;
  if (auto p = eth->as_IPv4()) return p->payload();
  if (auto p = eth->as_IPv6()) {
    *v6 = true;
    return p->payload();
  }
  if (auto vlan = eth->as_Vlan()) {
    if (auto p = vlan->as_TaggedIPv4()) return p->payload();
    if (auto p = vlan->as_TaggedIPv6()) {
      *v6 = true;
      return p->payload();
    }
  }
  return std::nullopt;
}

}  // namespace detail

// Streams in the order their first segment appears.
inline std::vector<Stream> tcp_streams(const std::string& path) {
  std::vector<std::tuple<std::string, std::uint16_t, std::string, std::uint16_t>> order;
  std::map<std::tuple<std::string, std::uint16_t, std::string, std::uint16_t>, detail::Segments> all;
  for (const auto& frame : codec_test::read_frames(path)) {
    bool v6 = false;
    auto ip_bytes = detail::ip_packet(frame, &v6);
    if (!ip_bytes) continue;
    mpl::bytes segment;
    std::string src, dst;
    if (!v6) {
      auto ip = ipv4::ipv4::parse(*ip_bytes);
      if (!ip.ok() || ip->protocol() != ipv4::ipv4::protocol_t::TCP || ip->fragment_offset() != 0 ||
          ip->more_fragments() != 0) {
        continue;
      }
      segment = ip->payload();
      src = std::to_string(ip->src());
      dst = std::to_string(ip->dst());
    } else {
      const mpl::bytes b = *ip_bytes;
      if (b.size() < 40 || b[6] != 6) continue;  // next header TCP, no extension headers
      const std::size_t len = static_cast<std::size_t>(b[4]) << 8 | b[5];
      if (40 + len > b.size()) continue;
      segment = b.subspan(40, len);
      src = std::string(b.begin() + 8, b.begin() + 24);
      dst = std::string(b.begin() + 24, b.begin() + 40);
    }
    auto t = tcp::tcp::parse(segment);
    if (!t.ok() || t->payload().empty()) continue;
    auto key = std::make_tuple(src, t->source_port(), dst, t->destination_port());
    auto [it, fresh] = all.try_emplace(key);
    if (fresh) {
      order.push_back(key);
      it->second.sport = t->source_port();
      it->second.dport = t->destination_port();
      it->second.from = std::to_string(t->source_port());
    }
    auto& slot = it->second.by_seq[t->sequence_number()];
    if (t->payload().size() > slot.size()) slot.assign(t->payload().begin(), t->payload().end());
  }
  std::vector<Stream> out;
  for (const auto& key : order) {
    const detail::Segments& s = all[key];
    Stream stream;
    stream.from = s.from;
    stream.source_port = s.sport;
    stream.destination_port = s.dport;
    // Sequence numbers of one short capture do not wrap; the first segment
    // starts the stream.
    std::uint64_t next = s.by_seq.begin()->first;
    for (const auto& [seq, bytes] : s.by_seq) {
      if (seq + bytes.size() <= next) continue;  // a duplicate
      if (seq > next) {
        stream.gap = true;
        break;
      }
      stream.data.insert(stream.data.end(), bytes.begin() + static_cast<std::ptrdiff_t>(next - seq), bytes.end());
      next = seq + bytes.size();
    }
    out.push_back(std::move(stream));
  }
  return out;
}

}  // namespace ssh_bgp_test
