// A router's forwarding step: decrement the TTL in place; update_ttl()
// keeps the header checksum right incrementally (RFC 1624).
#include <cstdio>

#include "ipv4.h"

int main() {
  std::uint8_t packet[] = {0x45, 0x00, 0x00, 0x14, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00,
                           0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02};
  auto ip = ipv4::ipv4::parse_mutable(packet);
  if (!ip) return 1;
  ip->recompute_header_checksum();  // the example starts with a zero checksum

  ip->update_ttl(static_cast<std::uint8_t>(ip->ttl() - 1));

  // The view names where each fixed field lies (RFC 791: the TTL is byte 8).
  static_assert(ipv4::ipv4::view::offsets::ttl == 8);
  const bool ok = ip->ttl() == 63 && packet[ipv4::ipv4::view::offsets::ttl] == 63 &&
                  mpl::internet_checksum(mpl::bytes{packet, 20}) == 0;
  std::printf("ttl %u, checksum %s\n", unsigned{ip->ttl()}, ok ? "valid" : "INVALID");
  return ok ? 0 : 1;
}
