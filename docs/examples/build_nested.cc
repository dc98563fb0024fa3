// Build an IPv4 packet whose payload is an ICMP echo reply: one pass, no
// copy of the ICMP message, lengths and both checksums filled by write().
#include <array>
#include <cstdio>

#include "icmp.h"
#include "ipv4.h"

int main() {
  const std::uint8_t data[] = {'p', 'o', 'n', 'g'};
  const icmp::icmp::builder reply{
      .body = icmp::icmp::EchoReply{.identifier = 7, .sequence = 1, .data = data},
  };
  const ipv4::ipv4::builder packet{
      .protocol = ipv4::ipv4::protocol_t::ICMP,
      .src = 0x0a000002,
      .dst = 0x0a000001,
      .payload = reply,  // a named builder: the payload refers to it
  };

  std::array<std::uint8_t, 64> buffer{};
  mpl::result<std::size_t> n = packet.write(buffer);
  if (!n) {
    std::printf("%s\n", n.error().describe().c_str());
    return 1;
  }
  // total_length, ihl and both checksums were computed.
  auto ip = ipv4::ipv4::parse(mpl::bytes{buffer.data(), *n});
  if (!ip || ip->total_length() != 32 || ip->ihl() != 5) return 1;
  if (mpl::internet_checksum(mpl::bytes{buffer.data(), 20}) != 0) return 1;
  if (mpl::internet_checksum(ip->payload()) != 0) return 1;
  std::printf("wrote %zu bytes\n", *n);
  return *n == packet.size() ? 0 : 1;
}
