// Blocking loopback clients for the server kit's tests: every call is
// bounded by a receive/send timeout, so a server bug fails a test instead
// of hanging it.
#ifndef MPL_SERVER_KIT_TEST_CLIENT_H_
#define MPL_SERVER_KIT_TEST_CLIENT_H_

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <optional>
#include <vector>

#include "server_kit/endpoint.h"

namespace mpl::server::testing {

inline void set_timeouts(int fd, int seconds) {
  timeval tv{seconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

class client {
 public:
  // Connects to `to`; rcvbuf > 0 fixes the receive buffer (no autotuning).
  explicit client(const endpoint& to, int rcvbuf = 0) {
    fd_ = ::socket(to.family(), SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (rcvbuf > 0) setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    const int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    set_timeouts(fd_, 20);
    connected_ = ::connect(fd_, reinterpret_cast<const sockaddr*>(&to.addr), to.len) == 0;
  }
  ~client() { ::close(fd_); }
  client(const client&) = delete;
  client& operator=(const client&) = delete;

  bool connected() const { return connected_; }
  int fd() const { return fd_; }

  bool send_all(const std::uint8_t* p, std::size_t n) {
    while (n > 0) {
      const ssize_t w = ::send(fd_, p, n, MSG_NOSIGNAL);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return false;
      p += w;
      n -= static_cast<std::size_t>(w);
    }
    return true;
  }
  bool send_all(const std::vector<std::uint8_t>& v) { return send_all(v.data(), v.size()); }

  // Exactly n bytes, or nothing on EOF/timeout/error.
  std::optional<std::vector<std::uint8_t>> read_exactly(std::size_t n) {
    std::vector<std::uint8_t> out(n);
    std::size_t got = 0;
    while (got < n) {
      const ssize_t r = ::recv(fd_, out.data() + got, n - got, 0);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return std::nullopt;
      got += static_cast<std::size_t>(r);
    }
    return out;
  }

  // True if the server closed the connection (EOF or reset) before the
  // timeout; bytes before the EOF are discarded.
  bool sees_close() {
    std::uint8_t buf[4096];
    for (;;) {
      const ssize_t r = ::recv(fd_, buf, sizeof buf, 0);
      if (r < 0 && errno == EINTR) continue;
      if (r == 0) return true;
      if (r < 0) return errno == ECONNRESET;
    }
  }

  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

}  // namespace mpl::server::testing

#endif  // MPL_SERVER_KIT_TEST_CLIENT_H_
