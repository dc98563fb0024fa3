// Fields inside a classify case have setters too: the mutable view's
// as_EchoRequest() returns the case with set_/update_ for its fields, and
// update_ keeps the ICMP checksum (which covers the whole message) right.
#include <cstdio>

#include "icmp.h"

int main() {
  std::uint8_t message[] = {0x08, 0x00, 0x00, 0x00, 0x12, 0x34, 0x00, 0x01, 'h', 'i'};
  auto icmp = icmp::icmp::parse_mutable(message);
  if (!icmp) return 1;
  icmp->recompute_checksum();  // the example starts with a zero checksum

  auto echo = icmp->as_EchoRequest();
  if (!echo) return 1;
  echo->update_sequence(static_cast<std::uint16_t>(echo->sequence() + 1));

  const bool ok = echo->sequence() == 2 && mpl::internet_checksum(mpl::bytes{message, sizeof message}) == 0;
  std::printf("sequence %u, checksum %s\n", unsigned{echo->sequence()}, ok ? "valid" : "INVALID");
  return ok ? 0 : 1;
}
