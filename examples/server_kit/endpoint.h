// Socket addresses from and to text, and the bound sockets every server
// opens. Numeric addresses only: a server's listen address is configuration,
// not something to resolve through DNS at start-up.
#ifndef MPL_SERVER_KIT_ENDPOINT_H_
#define MPL_SERVER_KIT_ENDPOINT_H_

#include <sys/socket.h>

#include <optional>
#include <string>
#include <string_view>

namespace mpl::server {

struct endpoint {
  sockaddr_storage addr{};
  socklen_t len = 0;

  int family() const noexcept { return addr.ss_family; }
  int port() const noexcept;
  // "127.0.0.1:53", "[::1]:5353": the form parse_endpoint() reads.
  std::string text() const;

  // The address of a sockaddr the kernel filled in (accept, recvmsg).
  static endpoint from(const sockaddr* sa, socklen_t len) noexcept;
};

// "127.0.0.1:53", "[::1]:5353", "0.0.0.0:22", "[::]:0". On failure returns
// nothing and, if `error` is given, a message quoting the text and saying
// what is wrong.
std::optional<endpoint> parse_endpoint(std::string_view text, std::string* error);

// The address a socket is bound to (after binding port 0, the port the
// kernel chose). Empty on failure.
std::optional<endpoint> local_endpoint(int fd);

// Bound sockets: non-blocking, close-on-exec, SO_REUSEADDR, SO_REUSEPORT if
// asked (several processes or threads sharing one port, the kernel
// spreading flows among them), IPV6_V6ONLY for IPv6 addresses (so
// "[::]:53" and "0.0.0.0:53" can be bound side by side). Return the fd, or
// -1 with a message naming the address and the system's reason.
int bind_udp(const endpoint& at, bool reuseport, std::string* error);
int listen_tcp(const endpoint& at, bool reuseport, int backlog, std::string* error);

}  // namespace mpl::server

#endif  // MPL_SERVER_KIT_ENDPOINT_H_
