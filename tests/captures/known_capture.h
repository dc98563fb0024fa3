// Test helper for the captures of this folder: where they are, the fixed
// addresses netns.sh gives the two namespaces, checksum checks of the IP
// layer, writing a builder, and the every-length truncation check.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "capture.h"
#include "ipv4.h"

namespace known_capture {

using Bytes = std::vector<std::uint8_t>;
using codec_test::Frame;

// run_live_captures.sh points MPL_CAPTURE_DIR at captures it has just made.
inline std::string path(const std::string& name) {
  const char* dir = std::getenv("MPL_CAPTURE_DIR");
  return std::string(dir != nullptr ? dir : CAPTURES_DIR) + "/" + name;
}

// The frames of one of our captures; all of them are Ethernet (tcpdump on a veth).
inline std::vector<Frame> frames(const std::string& name) {
  std::uint32_t linktype = 0;
  auto all = codec_test::read_frames(path(name), &linktype);
  EXPECT_EQ(linktype, 1u) << name;
  EXPECT_FALSE(all.empty()) << path(name);
  return all;
}

// netns.sh: side A (tcpdump, and the server) and side B (the client).
constexpr std::array<std::uint8_t, 6> kMacA{0x02, 0, 0, 0, 0, 0x0a};
constexpr std::array<std::uint8_t, 6> kMacB{0x02, 0, 0, 0, 0, 0x0b};
constexpr std::uint32_t kIpA = 0x0a350001;  // 10.53.0.1
constexpr std::uint32_t kIpB = 0x0a350002;  // 10.53.0.2

inline Bytes bytes(mpl::bytes b) { return {b.begin(), b.end()}; }
inline Bytes bytes(std::string_view s) { return {s.begin(), s.end()}; }
inline std::string text(mpl::bytes b) { return {b.begin(), b.end()}; }
inline mpl::bytes view(const Bytes& b) { return {b.data(), b.size()}; }

// The bytes a builder writes, checking that it writes exactly size().
template <class Builder>
Bytes write(const Builder& b) {
  Bytes out(b.size());
  auto n = b.write(mpl::mutable_bytes{out.data(), out.size()});
  EXPECT_TRUE(n.ok()) << n.error().describe();
  if (n.ok()) {
    EXPECT_EQ(*n, out.size());
  }
  return out;
}

// The IPv4 header checksum, and the UDP or TCP checksum over the
// pseudo-header, verify (the scripts turn checksum offload off, so the
// capture holds what the peer received).
inline bool ipv4_header_checksum_ok(const ipv4::ipv4::view& ip) {
  return mpl::internet_checksum(ip.bytes().first(ip.header_end())) == 0;
}
inline bool ipv4_pseudo_checksum_ok(const ipv4::ipv4::view& ip) {
  const mpl::bytes segment = ip.payload();
  auto sum = mpl::ipv4_pseudo_header(ip.src(), ip.dst(), static_cast<std::uint8_t>(ip.protocol()),
                                     static_cast<std::uint16_t>(segment.size()));
  sum.add(segment);
  return sum.finish() == 0;
}
inline bool ipv6_pseudo_checksum_ok(mpl::bytes src, mpl::bytes dst, std::uint8_t next_header, mpl::bytes segment) {
  auto sum = mpl::ipv6_pseudo_header(src.data(), dst.data(), static_cast<std::uint32_t>(segment.size()), next_header);
  sum.add(segment);
  return sum.finish() == 0;
}

// Every proper prefix of `whole` is refused by `parse` (a callable taking
// mpl::bytes and returning an mpl::result), with an error offset inside the
// prefix. Returns the number of prefixes tried.
template <class Parse>
std::size_t expect_every_cut_refused(const Bytes& whole, Parse parse, const std::string& what) {
  std::size_t tried = 0;
  for (std::size_t len = 0; len < whole.size(); ++len) {
    const Bytes cut(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(len));
    auto r = parse(view(cut));
    EXPECT_FALSE(r.ok()) << what << " cut to " << len << " of " << whole.size() << " bytes parsed";
    if (!r.ok()) {
      EXPECT_LE(r.error().offset, len) << what;
    }
    ++tried;
  }
  return tried;
}

}  // namespace known_capture
