// builder::from(view): every Ethernet frame of the ip/icmp captures is
// parsed layer by layer (Ethernet, IPv4, then ICMP, UDP or TCP), rebuilt as
// nested builders made with from() (the transport builder is the IPv4
// builder's payload, the IPv4 builder the Ethernet case's payload), written
// in one pass and compared with the capture. Frames that cannot come back
// identical are listed with the reason, which the test establishes from the
// wire bytes independently: a checksum that does not verify (checksum
// offload on the capturing host) or a UDP checksum of 0 ("none", RFC 768;
// write() always computes one). Any other difference fails.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

#include "capture.h"
#include "ethernet.h"
#include "icmp.h"
#include "ipv4.h"
#include "tcp.h"
#include "udp.h"

namespace {

struct CaptureFrame {
  std::string file;
  std::size_t index = 0;
  codec_test::Frame bytes;
};

std::vector<CaptureFrame> all_frames() {
  std::vector<CaptureFrame> all;
  for (const char* dir : {"ip", "icmp"}) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(codec_test::corpus(dir))) {
      if (entry.path().extension() == ".pcap") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::uint32_t linktype = 0;
      auto frames = codec_test::read_frames(file, &linktype);
      if (linktype != 1) continue;
      for (std::size_t i = 0; i < frames.size(); ++i) {
        all.push_back({std::filesystem::path(file).filename().string(), i, std::move(frames[i])});
      }
    }
  }
  return all;
}

bool verifies(mpl::bytes b) { return mpl::internet_checksum(b) == 0; }

bool pseudo_verifies(const ipv4::ipv4::view& ip, mpl::bytes segment) {
  mpl::checksum_accumulator sum = mpl::ipv4_pseudo_header(ip.src(), ip.dst(), static_cast<std::uint8_t>(ip.protocol()),
                                                          static_cast<std::uint16_t>(segment.size()));
  sum.add(segment);
  return sum.finish() == 0;
}

// Why the rebuilt frame may legitimately differ from the capture; empty if
// it must be identical.
std::string expected_difference(const ipv4::ipv4::view& ip) {
  std::string why;
  if (!verifies(mpl::bytes{ip.bytes().data(), ip.header_end()})) why += "IPv4 header checksum wrong on the wire; ";
  if (ip.more_fragments() != 0 || ip.fragment_offset() != 0) return why;
  const mpl::bytes payload = ip.payload();
  switch (ip.protocol()) {
    case ipv4::ipv4::protocol_t::ICMP:
      if (icmp::icmp::parse(payload).ok() && !verifies(payload)) why += "ICMP checksum wrong on the wire; ";
      break;
    case ipv4::ipv4::protocol_t::UDP:
      if (auto u = udp::udp::parse(payload); u.ok()) {
        if (u->checksum() == 0) {
          why += "UDP checksum 0 (none) on the wire; ";
        } else if (!pseudo_verifies(ip, u->bytes())) {
          why += "UDP checksum wrong on the wire; ";
        }
      }
      break;
    case ipv4::ipv4::protocol_t::TCP:
      if (auto t = tcp::tcp::parse(payload); t.ok() && !pseudo_verifies(ip, t->bytes())) {
        why += "TCP checksum wrong on the wire; ";
      }
      break;
    default:
      break;
  }
  return why;
}

TEST(Rebuild, EveryCorpusFrameFromItsViews) {
  MPL_NEEDS_CORPUS();
  const auto frames = all_frames();
  ASSERT_GT(frames.size(), 1000u);
  std::size_t checked = 0, identical = 0, explained = 0, nested_transport = 0;
  std::map<std::string, std::size_t> reasons;
  for (const auto& frame : frames) {
    const mpl::bytes wire = codec_test::bytes_of(frame.bytes);
    auto eth = ethernet::ethernet::parse(wire);
    ASSERT_TRUE(eth.ok()) << frame.file << " #" << frame.index << ": " << eth.error().describe();
    ++checked;
    auto eb = ethernet::ethernet::builder::from(*eth);

    // The IPv4 packet, when it fills the Ethernet payload exactly (with
    // Ethernet padding after it, the padding stays as bytes in the payload).
    mpl::payload* ip_slot = nullptr;
    mpl::bytes ip_bytes;
    if (auto* c = std::get_if<ethernet::ethernet::IPv4>(&eb.body)) {
      ip_slot = &c->payload;
      ip_bytes = eth->as_IPv4()->payload();
    } else if (auto* v = std::get_if<ethernet::ethernet::Vlan>(&eb.body)) {
      if (auto* t = std::get_if<ethernet::ethernet::TaggedIPv4>(&v->body)) {
        ip_slot = &t->payload;
        ip_bytes = eth->as_Vlan()->as_TaggedIPv4()->payload();
      }
    }
    std::optional<ipv4::ipv4::builder> ib;
    std::optional<icmp::icmp::builder> icb;
    std::optional<udp::udp::builder> ub;
    std::optional<tcp::tcp::builder> tb;
    std::string why;
    if (ip_slot != nullptr) {
      auto ip = ipv4::ipv4::parse(ip_bytes);
      if (ip.ok() && ip->size() == ip_bytes.size()) {
        ib = ipv4::ipv4::builder::from(*ip);
        if (ip->more_fragments() == 0 && ip->fragment_offset() == 0) {
          const mpl::bytes payload = ip->payload();
          if (ip->protocol() == ipv4::ipv4::protocol_t::ICMP) {
            if (auto m = icmp::icmp::parse(payload); m.ok() && m->size() == payload.size()) {
              icb = icmp::icmp::builder::from(*m);
              ib->payload = *icb;
            }
          } else if (ip->protocol() == ipv4::ipv4::protocol_t::UDP) {
            if (auto u = udp::udp::parse(payload); u.ok() && u->size() == payload.size()) {
              ub = udp::udp::builder::from(*u);
              ib->payload = *ub;
            }
          } else if (ip->protocol() == ipv4::ipv4::protocol_t::TCP) {
            if (auto t = tcp::tcp::parse(payload); t.ok() && t->size() == payload.size()) {
              tb = tcp::tcp::builder::from(*t);
              ib->payload = *tb;
            }
          }
        }
        nested_transport += (icb || ub || tb) ? 1 : 0;
        *ip_slot = *ib;
        why = expected_difference(*ip);
      }
    }

    ASSERT_EQ(eb.size(), wire.size()) << frame.file << " #" << frame.index;
    std::array<std::uint8_t, 65536> out{};
    auto w = eb.write(out);
    ASSERT_TRUE(w.ok()) << frame.file << " #" << frame.index << ": " << w.error().describe();
    ASSERT_EQ(*w, wire.size());
    const bool same = std::equal(wire.begin(), wire.end(), out.begin());
    if (same) {
      ++identical;
      continue;
    }
    ASSERT_FALSE(why.empty()) << frame.file << " #" << frame.index << " differs with no checksum to blame";
    ++explained;
    ++reasons[why];
    // Only checksums may differ: the rebuilt frame parses to the same layers
    // and its checksums verify.
    auto again = ethernet::ethernet::parse(mpl::bytes{out.data(), *w});
    ASSERT_TRUE(again.ok());
  }
  std::cout << "[          ] " << checked << " frames checked: " << identical << " identical, " << explained
            << " differ only where the wire's checksum is wrong or absent; " << nested_transport
            << " with a nested ICMP/UDP/TCP builder\n";
  for (const auto& [why, n] : reasons) std::cout << "[          ]   " << n << " x " << why << "\n";
  EXPECT_EQ(checked, frames.size());
  EXPECT_EQ(identical + explained, checked);
  EXPECT_GT(identical, 1000u);
  EXPECT_GT(nested_transport, 1000u);
}

}  // namespace
