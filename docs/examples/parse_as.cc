// A ping client awaiting an echo reply: parse the ICMP message as that one
// case (no dispatch over the other cases); anything else is an error at
// the type field naming the case that was expected.
#include <cstdio>
#include <string>

#include "icmp.h"

int main() {
  namespace msg = icmp::icmp;
  const std::uint8_t reply[] = {0x00, 0x00, 0x21, 0x27, 0x00, 0x07, 0x00, 0x01, 'p', 'i', 'n', 'g'};
  const std::uint8_t request[] = {0x08, 0x00, 0x19, 0x27, 0x00, 0x07, 0x00, 0x01, 'p', 'i', 'n', 'g'};

  auto r = msg::parse_as<msg::type_case_t::EchoReply>(reply);
  if (!r) {
    std::printf("not an echo reply: %s\n", r.error().describe().c_str());
    return 1;
  }
  const auto echo = *r->as_EchoReply();  // parse_as succeeded: the case is there
  std::printf("echo reply id=%u seq=%u\n", unsigned{echo.identifier()}, unsigned{echo.sequence()});

  // An echo request is a valid ICMP message, but not the case asked for.
  auto other = msg::parse_as<msg::type_case_t::EchoReply>(request);
  if (other) return 1;
  std::printf("%s\n", other.error().describe().c_str());
  return other.error().describe() == "icmp.type at byte 0: expected 0, found 8 (parsing as case EchoReply)" ? 0 : 1;
}
