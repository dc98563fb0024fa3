// What every parser in the codec benchmarks must produce: every header field
// of Ethernet, IPv4 and UDP or ICMP echo, as plain values. Each
// implementation (generated, hand-written, libtins) fills one of these, so
// the benchmark can check they agree and hand the result to
// benchmark::DoNotOptimize, which forces every field to be computed.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>

#include <mpl/bytes.h>

namespace bench {

struct HeaderFields {
  // Ethernet
  std::array<std::uint8_t, 6> eth_destination{};
  std::array<std::uint8_t, 6> eth_source{};
  std::uint16_t ethertype = 0;
  // IPv4
  std::uint8_t version = 0;
  std::uint8_t ihl = 0;
  std::uint8_t dscp = 0;
  std::uint8_t ecn = 0;
  std::uint16_t total_length = 0;
  std::uint16_t identification = 0;
  std::uint8_t reserved = 0;
  std::uint8_t dont_fragment = 0;
  std::uint8_t more_fragments = 0;
  std::uint16_t fragment_offset = 0;
  std::uint8_t ttl = 0;
  std::uint8_t protocol = 0;
  std::uint16_t header_checksum = 0;
  std::uint32_t src = 0;
  std::uint32_t dst = 0;
  // UDP
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
  std::uint16_t udp_length = 0;
  std::uint16_t udp_checksum = 0;
  // ICMP echo
  std::uint8_t icmp_type = 0;
  std::uint8_t icmp_code = 0;
  std::uint16_t icmp_checksum = 0;
  std::uint16_t echo_identifier = 0;
  std::uint16_t echo_sequence = 0;
  // The innermost payload (UDP data or echo data): its size and first byte.
  std::uint32_t payload_size = 0;
  std::uint8_t payload_first = 0;

  bool operator==(const HeaderFields&) const = default;
};

// What the build cases are given: the fields of the echo request being
// answered, as a server has them after parsing it.
struct ReplyArgs {
  std::array<std::uint8_t, 6> eth_destination{};  // the requester's MAC
  std::array<std::uint8_t, 6> eth_source{};       // ours
  std::uint32_t src = 0;                          // ours
  std::uint32_t dst = 0;                          // the requester's
  std::uint16_t identifier = 0;
  std::uint16_t sequence = 0;
  mpl::bytes data{};
};

// The reply's IPv4 header values a server chooses, those of the captured
// reply (bench::kPingReplyFrame, the Linux kernel's): DSCP 0, TTL 64, and the
// identification the kernel drew (no DF flag, so it gave one).
inline constexpr std::uint8_t kReplyDscp = 0;
inline constexpr std::uint8_t kReplyTtl = 64;
inline constexpr std::uint16_t kReplyIdentification = 0xbaae;

inline std::array<std::uint8_t, 6> mac_of(mpl::bytes b) {
  std::array<std::uint8_t, 6> a{};
  std::memcpy(a.data(), b.data(), 6);
  return a;
}

}  // namespace bench
