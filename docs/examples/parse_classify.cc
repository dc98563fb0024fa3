// Parse an IPv4 packet carrying an ICMP echo request, then handle the ICMP
// message by its classify case.
#include <cstdio>

#include "icmp.h"
#include "ipv4.h"

int main() {
  const std::uint8_t packet[] = {
      0x45, 0x00, 0x00, 0x20, 0x12, 0x34, 0x40, 0x00, 0x40, 0x01, 0x00, 0x00,  // IPv4 header...
      0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,                          // ...src, dst
      0x08, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x01,                          // ICMP echo request
      'p',  'i',  'n',  'g'};

  mpl::result<ipv4::ipv4::view> ip = ipv4::ipv4::parse(packet);
  if (!ip) {
    std::printf("bad packet: %s\n", ip.error().describe().c_str());
    return 1;
  }
  if (ip->protocol() != ipv4::ipv4::protocol_t::ICMP) return 1;

  auto icmp = icmp::icmp::parse(ip->payload());
  if (!icmp) return 1;
  switch (icmp->type_case()) {
    case icmp::icmp::type_case_t::EchoRequest: {
      auto echo = *icmp->as_EchoRequest();
      std::printf("echo request id=%u seq=%u, %zu data bytes\n", unsigned{echo.identifier()},
                  unsigned{echo.sequence()}, echo.data().size());
      return echo.identifier() == 7 && echo.data().size() == 4 ? 0 : 1;
    }
    default:
      return 1;
  }
}
