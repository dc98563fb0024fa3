#include "server_kit/endpoint.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace mpl::server {
namespace {

void set_error(std::string* error, std::string message) {
  if (error) *error = std::move(message);
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

}  // namespace

int endpoint::port() const noexcept {
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port);
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port);
  return -1;
}

std::string endpoint::text() const {
  char host[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&addr)->sin_addr, host, sizeof host);
    return std::string(host) + ":" + std::to_string(port());
  }
  if (addr.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_addr, host, sizeof host);
    return "[" + std::string(host) + "]:" + std::to_string(port());
  }
  return "(address family " + std::to_string(addr.ss_family) + ")";
}

endpoint endpoint::from(const sockaddr* sa, socklen_t len) noexcept {
  endpoint e;
  if (len > sizeof e.addr) len = sizeof e.addr;
  std::memcpy(&e.addr, sa, len);
  e.len = len;
  return e;
}

std::optional<endpoint> parse_endpoint(std::string_view text, std::string* error) {
  if (text.find('\0') != std::string_view::npos) {
    set_error(error, "endpoint text contains a NUL byte");
    return std::nullopt;
  }
  std::string_view host;
  std::string_view port_text;
  bool v6 = false;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) {
      set_error(error, "endpoint " + quoted(text) + ": '[' without ']' (expected [ipv6]:port)");
      return std::nullopt;
    }
    host = text.substr(1, close - 1);
    if (close + 1 >= text.size() || text[close + 1] != ':') {
      set_error(error, "endpoint " + quoted(text) + ": missing ':port' after ']'");
      return std::nullopt;
    }
    port_text = text.substr(close + 2);
    v6 = true;
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      set_error(error, "endpoint " + quoted(text) + ": missing ':port' (expected ipv4:port or [ipv6]:port)");
      return std::nullopt;
    }
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      set_error(error, "endpoint " + quoted(text) + ": an IPv6 address needs brackets, as in [::1]:53");
      return std::nullopt;
    }
  }
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) {
    set_error(error, "endpoint " + quoted(text) + ": port " + quoted(port_text) + " is not a number in 0..65535");
    return std::nullopt;
  }
  const std::string host_z(host);  // inet_pton wants a NUL-terminated string
  endpoint e;
  if (v6) {
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    sa.sin6_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET6, host_z.c_str(), &sa.sin6_addr) != 1) {
      set_error(error, "endpoint " + quoted(text) + ": " + quoted(host) + " is not a numeric IPv6 address");
      return std::nullopt;
    }
    std::memcpy(&e.addr, &sa, sizeof sa);
    e.len = sizeof sa;
  } else {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET, host_z.c_str(), &sa.sin_addr) != 1) {
      set_error(error, "endpoint " + quoted(text) + ": " + quoted(host) + " is not a numeric IPv4 address");
      return std::nullopt;
    }
    std::memcpy(&e.addr, &sa, sizeof sa);
    e.len = sizeof sa;
  }
  return e;
}

std::optional<endpoint> local_endpoint(int fd) {
  endpoint e;
  e.len = sizeof e.addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&e.addr), &e.len) != 0) return std::nullopt;
  return e;
}

namespace {

int bound_socket(const endpoint& at, int type, bool reuseport, const char* what, std::string* error) {
  const auto fail = [&](const char* step, int fd) {
    const int saved = errno;
    set_error(error, std::string(what) + " " + at.text() + ": " + step + ": " + std::strerror(saved));
    if (fd >= 0) ::close(fd);
    return -1;
  };
  const int fd = ::socket(at.family(), type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail("socket", fd);
  const int one = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0) return fail("SO_REUSEADDR", fd);
  if (reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) return fail("SO_REUSEPORT", fd);
  if (at.family() == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0) {
    return fail("IPV6_V6ONLY", fd);
  }
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&at.addr), at.len) != 0) return fail("bind", fd);
  return fd;
}

}  // namespace

int bind_udp(const endpoint& at, bool reuseport, std::string* error) {
  return bound_socket(at, SOCK_DGRAM, reuseport, "udp", error);
}

int listen_tcp(const endpoint& at, bool reuseport, int backlog, std::string* error) {
  const int fd = bound_socket(at, SOCK_STREAM, reuseport, "tcp", error);
  if (fd < 0) return -1;
  if (::listen(fd, backlog) != 0) {
    const int saved = errno;
    set_error(error, "tcp " + at.text() + ": listen: " + std::strerror(saved));
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace mpl::server
