// The ping side of the RTT experiment: sends ICMP echo requests one at a
// time over a raw socket and times each round trip with a nanosecond clock
// (ping(8) prints microseconds, too coarse for a per-byte gradient).
// Requests are built and replies parsed with the generated codecs.
//
//   ping_driver --dst 10.77.0.2 --size 1000 --count 2000 [--warmup 50] [--timeout-ms 500]
//
// Prints one CSV line: sent,received,min_us,median_us,p90_us,mean_us
// Bounded: each request waits at most --timeout-ms for its reply.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <string_view>
#include <vector>

#include "icmp.h"
#include "ipv4.h"

namespace {

namespace ip4 = ::ipv4::ipv4;
namespace icmp4 = ::icmp::icmp;

struct Options {
  std::uint32_t dst = 0;
  std::size_t size = 56;
  unsigned count = 1000;
  unsigned warmup = 50;
  int timeout_ms = 500;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr, "ping_driver: %s\nusage: ping_driver --dst A.B.C.D [--size N] [--count N] [--warmup N] [--timeout-ms N]\n",
               why);
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view arg = argv[i];
    const char* value = argv[i + 1];
    if (arg == "--dst") {
      in_addr a{};
      if (inet_pton(AF_INET, value, &a) != 1) usage("bad address");
      o.dst = ntohl(a.s_addr);
    } else if (arg == "--size") {
      o.size = std::strtoul(value, nullptr, 10);
      if (o.size > 65000) usage("size too large");
    } else if (arg == "--count") {
      o.count = static_cast<unsigned>(std::strtoul(value, nullptr, 10));
      if (o.count == 0 || o.count > 10000000) usage("count must be 1..10^7");
    } else if (arg == "--warmup") {
      o.warmup = static_cast<unsigned>(std::strtoul(value, nullptr, 10));
    } else if (arg == "--timeout-ms") {
      o.timeout_ms = static_cast<int>(std::strtol(value, nullptr, 10));
      if (o.timeout_ms <= 0 || o.timeout_ms > 10000) usage("timeout must be 1..10000 ms");
    } else {
      usage("unknown option");
    }
  }
  if (argc % 2 == 0) usage("every option takes a value");
  if (o.dst == 0) usage("--dst is required");
  return o;
}

using clock_type = std::chrono::steady_clock;

// Waits for the echo reply with our identifier and `sequence`; returns false
// on timeout. Other ICMP traffic the raw socket sees is skipped.
bool await_reply(int fd, std::uint16_t identifier, std::uint16_t sequence, std::size_t size, int timeout_ms,
                 std::vector<std::uint8_t>& buffer) {
  const auto deadline = clock_type::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now()).count();
    if (left < 0) return false;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left) + 1) <= 0) continue;
    const ssize_t n = recv(fd, buffer.data(), buffer.size(), 0);
    if (n <= 0) continue;
    auto ip = ip4::parse(mpl::bytes{buffer.data(), static_cast<std::size_t>(n)});
    if (!ip.ok()) continue;
    auto icmp = icmp4::parse(ip->payload());
    if (!icmp.ok()) continue;
    auto reply = icmp->as_EchoReply();
    if (!reply || reply->identifier() != identifier || reply->sequence() != sequence) continue;
    if (reply->data().size() != size || mpl::internet_checksum(ip->payload()) != 0) return false;
    return true;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse_options(argc, argv);
  const int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
  if (fd < 0) {
    std::fprintf(stderr, "ping_driver: raw socket: %s (needs CAP_NET_RAW)\n", std::strerror(errno));
    return 77;
  }
  int big = 1 << 22;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(o.dst);

  std::vector<std::uint8_t> data(o.size);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i);
  std::vector<std::uint8_t> request(8 + o.size), buffer(70000);
  const auto identifier = static_cast<std::uint16_t>(getpid());
  std::vector<double> rtt_us;
  rtt_us.reserve(o.count);
  unsigned sent = 0;
  for (unsigned i = 0; i < o.warmup + o.count; ++i) {
    const auto sequence = static_cast<std::uint16_t>(i);
    const icmp4::builder echo{
        .body = icmp4::EchoRequest{.identifier = identifier, .sequence = sequence,
                                   .data = mpl::bytes{data.data(), data.size()}},
    };
    if (!echo.write(request).ok()) return 1;
    const auto start = clock_type::now();
    if (sendto(fd, request.data(), request.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) < 0) {
      std::fprintf(stderr, "ping_driver: sendto: %s\n", std::strerror(errno));
      return 1;
    }
    const bool ok = await_reply(fd, identifier, sequence, o.size, o.timeout_ms, buffer);
    const auto stop = clock_type::now();
    if (i < o.warmup) continue;
    ++sent;
    if (ok) rtt_us.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
  }
  close(fd);
  if (rtt_us.empty()) {
    std::printf("%u,0,,,,\n", sent);
    return 1;
  }
  std::sort(rtt_us.begin(), rtt_us.end());
  const double median = rtt_us[rtt_us.size() / 2];
  const double p90 = rtt_us[rtt_us.size() * 9 / 10];
  const double mean = std::accumulate(rtt_us.begin(), rtt_us.end(), 0.0) / static_cast<double>(rtt_us.size());
  std::printf("%u,%zu,%.3f,%.3f,%.3f,%.3f\n", sent, rtt_us.size(), rtt_us.front(), median, p90, mean);
  return 0;
}
