// A byte stream carrying IPv4 packets back to back (a tunnel over TCP):
// ipv4::frame() says where each packet ends before parse() is called.
#include <cstdio>
#include <vector>

#include "ipv4.h"

int main() {
  const std::vector<std::uint8_t> stream = {
      0x45, 0x00, 0x00, 0x14, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01,
      0x0a, 0x00, 0x00, 0x02,                                                  // one 20-byte packet
      0x45, 0x00, 0x00, 0x18, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01,
      0x0a, 0x00, 0x00, 0x02, 'd', 'a', 't', 'a',                              // a 24-byte packet
      0x45, 0x00, 0x00};                                                       // and the start of a third
  mpl::bytes rest{stream.data(), stream.size()};
  int packets = 0;
  for (;;) {
    const mpl::frame_status next = ipv4::ipv4::frame(rest);
    if (next.is_need_more()) {
      std::printf("%d packets; the next needs %zu bytes, %zu buffered\n", packets, next.size(), rest.size());
      break;
    }
    if (next.is_error()) return 1;  // a hostile length: close the stream
    auto ip = ipv4::ipv4::parse(rest.first(next.size()));
    if (!ip) return 1;
    ++packets;
    rest = rest.subspan(next.size());
  }
  return packets == 2 && rest.size() == 3 ? 0 : 1;
}
