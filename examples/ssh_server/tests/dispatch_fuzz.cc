// libFuzzer target: the server's message dispatch after key exchange and
// authentication. The input is a series of messages, each a 2-byte
// big-endian length and that many payload bytes; each goes to the server
// encrypted and authenticated as a real client would send it, so every
// message reaches the generated parser and the connection layer (channels,
// requests, windows). The connection runs sandboxed: no command is run and
// no socket opened. The server must answer or disconnect, never crash.
#include <cstddef>
#include <cstdint>

#include "test_client.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ssh_server;
  test::TestClient c(test::ClientOptions{.sandbox = true});
  std::string why;
  if (!c.handshake(&why) || !c.authenticate(&why)) __builtin_trap();  // the fixed part must work
  std::size_t at = 0;
  while (at + 2 <= size && !c.server().closed()) {
    const std::size_t n = std::min<std::size_t>((std::size_t{data[at]} << 8 | data[at + 1]), size - at - 2);
    at += 2;
    if (n == 0) continue;  // an empty payload has no message number; the packet layer refuses it elsewhere
    c.send_payload(ByteView(data + at, n));
    at += n;
    while (c.next()) {
    }
  }
  return 0;
}
