// An ICMP echo server on a TAP device, after the Melange paper's ping
// experiments (EuroSys 2007, Figures 4 and 5). It creates a TAP interface,
// gives the kernel's side an address and a route, and answers ARP requests
// for its own address and ICMP echo requests to it, so `ping` reaches it.
//
//   icmp_echo --mode=normal --tap mpltap0 --ip 10.77.0.2 --host-ip 10.77.0.1 --count 1000 --seconds 10
//
// Modes (what the reply path costs per byte is what the experiment measures):
//   copying     copies the payload at every layer into fresh buffers, and
//               builds each layer into its own buffer, as a naive stack would;
//   normal      parses in place (zero copy) and writes a new reply with nested
//               builders: Ethernet whose payload is IPv4 whose payload is ICMP
//               referring to the request's data (one copy of the data);
//   reflecting  edits the request in place into the reply: swaps addresses,
//               sets the type, updates both checksums incrementally.
// The same source built against headers generated with
// --bounds-checks=per-field is icmp_echo_per_field.
//
// Bounded: exits after --count echo replies or --seconds, whichever first
// (and on SIGINT/SIGTERM). The TAP device is not persistent: it disappears
// when the process exits.
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "arp.h"
#include "ethernet.h"
#include "icmp.h"
#include "ipv4.h"

namespace {

namespace eth = ::ethernet::ethernet;
namespace ip4 = ::ipv4::ipv4;
namespace icmp4 = ::icmp::icmp;
namespace arp4 = ::arp::arp;

enum class Mode { kCopying, kNormal, kReflecting };

struct Options {
  Mode mode = Mode::kNormal;
  std::string tap = "mpltap0";
  std::uint32_t ip = 0x0a4d0002;       // 10.77.0.2: the address we answer for
  std::uint32_t host_ip = 0x0a4d0001;  // 10.77.0.1: the kernel's side of the TAP
  unsigned prefix = 24;
  unsigned mtu = 9000;
  unsigned long count = 100000;  // echo replies before exiting
  double seconds = 60;
};

// Our MAC: locally administered, unicast.
constexpr std::array<std::uint8_t, 6> kOurMac{0x02, 0x00, 0x00, 0x4d, 0x00, 0x02};

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "icmp_echo: %s\n"
               "usage: icmp_echo [--mode=copying|normal|reflecting] [--tap NAME] [--ip A.B.C.D]\n"
               "                 [--host-ip A.B.C.D] [--prefix N] [--mtu N] [--count N] [--seconds T]\n",
               why);
  std::exit(2);
}

std::uint32_t parse_ip(const char* text) {
  in_addr a{};
  if (inet_pton(AF_INET, text, &a) != 1) usage("bad IPv4 address");
  return ntohl(a.s_addr);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string value;
    if (const auto eq = arg.find('='); eq != std::string_view::npos) {
      value = std::string(arg.substr(eq + 1));
      arg = arg.substr(0, eq);
    } else if (arg.starts_with("--")) {
      if (i + 1 >= argc) usage("missing value");
      value = argv[++i];
    }
    if (arg == "--mode") {
      if (value == "copying") o.mode = Mode::kCopying;
      else if (value == "normal") o.mode = Mode::kNormal;
      else if (value == "reflecting") o.mode = Mode::kReflecting;
      else usage("unknown mode");
    } else if (arg == "--tap") {
      if (value.empty() || value.size() >= IFNAMSIZ) usage("bad interface name");
      o.tap = value;
    } else if (arg == "--ip") {
      o.ip = parse_ip(value.c_str());
    } else if (arg == "--host-ip") {
      o.host_ip = parse_ip(value.c_str());
    } else if (arg == "--prefix") {
      o.prefix = static_cast<unsigned>(std::strtoul(value.c_str(), nullptr, 10));
      if (o.prefix < 8 || o.prefix > 30) usage("prefix must be 8..30");
    } else if (arg == "--mtu") {
      o.mtu = static_cast<unsigned>(std::strtoul(value.c_str(), nullptr, 10));
      if (o.mtu < 576 || o.mtu > 65000) usage("mtu must be 576..65000");
    } else if (arg == "--count") {
      o.count = std::strtoul(value.c_str(), nullptr, 10);
    } else if (arg == "--seconds") {
      o.seconds = std::strtod(value.c_str(), nullptr);
      if (!(o.seconds > 0 && o.seconds <= 3600)) usage("seconds must be in (0, 3600]");
    } else {
      usage("unknown option");
    }
  }
  return o;
}

// ---------------------------------------------------------------- the device

bool ifreq_ioctl(int sock, unsigned long request, ifreq& ifr, const char* what) {
  if (ioctl(sock, request, &ifr) < 0) {
    std::fprintf(stderr, "icmp_echo: %s: %s\n", what, std::strerror(errno));
    return false;
  }
  return true;
}

void set_address(ifreq& ifr, std::uint32_t host_order) {
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(host_order);
  std::memcpy(&ifr.ifr_addr, &sin, sizeof sin);
}

// Creates the TAP device and configures the kernel's side: MTU, address and
// prefix (which installs the route to our address), up. Returns the fd.
int open_tap(const Options& o) {
  const int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    std::fprintf(stderr, "icmp_echo: /dev/net/tun: %s\n", std::strerror(errno));
    return -1;
  }
  ifreq ifr{};
  ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
  std::snprintf(ifr.ifr_name, IFNAMSIZ, "%s", o.tap.c_str());
  if (!ifreq_ioctl(fd, TUNSETIFF, ifr, "TUNSETIFF (needs CAP_NET_ADMIN)")) {
    close(fd);
    return -1;
  }
  const int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  bool ok = sock >= 0;
  ifr.ifr_mtu = static_cast<int>(o.mtu);
  ok = ok && ifreq_ioctl(sock, SIOCSIFMTU, ifr, "SIOCSIFMTU");
  set_address(ifr, o.host_ip);
  ok = ok && ifreq_ioctl(sock, SIOCSIFADDR, ifr, "SIOCSIFADDR");
  set_address(ifr, ~std::uint32_t{0} << (32 - o.prefix));
  ok = ok && ifreq_ioctl(sock, SIOCSIFNETMASK, ifr, "SIOCSIFNETMASK");
  ok = ok && ifreq_ioctl(sock, SIOCGIFFLAGS, ifr, "SIOCGIFFLAGS");
  ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP | IFF_RUNNING);
  ok = ok && ifreq_ioctl(sock, SIOCSIFFLAGS, ifr, "SIOCSIFFLAGS");
  if (sock >= 0) close(sock);
  if (!ok) {
    close(fd);
    return -1;
  }
  return fd;
}

// ---------------------------------------------------------------- replies

std::uint32_t load_ip(mpl::bytes b) { return b.size() == 4 ? mpl::load_be<std::uint32_t>(b.data()) : 0; }

// An ARP request for our address: answer with our MAC. Returns the size of
// the reply written to `out`, 0 for anything else.
std::size_t answer_arp(const Options& o, const eth::view& frame, mpl::bytes arp_bytes, mpl::mutable_bytes out) {
  auto request = arp4::parse(arp_bytes);
  if (!request.ok() || request->operation() != arp4::operation_t::Request) return 0;
  if (request->hardware_type() != arp4::hardware_type_t::Ethernet || request->sender_hardware_address().size() != 6) {
    return 0;
  }
  if (load_ip(request->target_protocol_address()) != o.ip) return 0;
  const std::array<std::uint8_t, 4> our_ip{static_cast<std::uint8_t>(o.ip >> 24), static_cast<std::uint8_t>(o.ip >> 16),
                                          static_cast<std::uint8_t>(o.ip >> 8), static_cast<std::uint8_t>(o.ip)};
  const arp4::builder reply{
      .operation = arp4::operation_t::Reply,
      .sender_hardware_address = mpl::bytes{kOurMac},
      .sender_protocol_address = mpl::bytes{our_ip},
      .target_hardware_address = request->sender_hardware_address(),
      .target_protocol_address = request->sender_protocol_address(),
  };
  std::array<std::uint8_t, 6> to{};
  std::copy_n(frame.source().begin(), 6, to.begin());
  const eth::builder ethernet{.destination = to, .source = kOurMac, .body = eth::Arp{.payload = reply}};
  auto n = ethernet.write(out);
  return n.ok() ? *n : 0;
}

// Zero copy: the reply's ICMP data refers to the request's bytes; the three
// nested builders write the whole frame in one pass.
std::size_t reply_normal(const eth::view& frame, const ip4::view& ip, const icmp4::EchoRequest_view& echo,
                         mpl::mutable_bytes out) {
  const icmp4::builder icmp{
      .body = icmp4::EchoReply{.identifier = echo.identifier(), .sequence = echo.sequence(), .data = echo.data()},
  };
  const ip4::builder packet{.protocol = ip4::protocol_t::ICMP, .src = ip.dst(), .dst = ip.src(), .payload = icmp};
  std::array<std::uint8_t, 6> to{};
  std::copy_n(frame.source().begin(), 6, to.begin());
  const eth::builder ethernet{.destination = to, .source = kOurMac, .body = eth::IPv4{.payload = packet}};
  auto n = ethernet.write(out);
  return n.ok() ? *n : 0;
}

// The naive stack: each layer hands the next a fresh copy of its payload,
// and each layer of the reply is built into its own buffer, then copied into
// the one below.
std::size_t reply_copying(const eth::view& frame, mpl::bytes ip_bytes, mpl::mutable_bytes out) {
  const std::vector<std::uint8_t> ip_copy(ip_bytes.begin(), ip_bytes.end());
  auto ip = ip4::parse(mpl::bytes{ip_copy.data(), ip_copy.size()});
  if (!ip.ok()) return 0;
  const std::vector<std::uint8_t> icmp_copy(ip->payload().begin(), ip->payload().end());
  auto icmp = icmp4::parse(mpl::bytes{icmp_copy.data(), icmp_copy.size()});
  if (!icmp.ok()) return 0;
  auto echo = icmp->as_EchoRequest();
  if (!echo) return 0;
  const std::vector<std::uint8_t> data(echo->data().begin(), echo->data().end());

  const icmp4::builder icmp_reply{
      .body = icmp4::EchoReply{.identifier = echo->identifier(), .sequence = echo->sequence(),
                               .data = mpl::bytes{data.data(), data.size()}},
  };
  std::vector<std::uint8_t> icmp_out(icmp_reply.size());
  if (!icmp_reply.write(icmp_out).ok()) return 0;
  const ip4::builder ip_reply{.protocol = ip4::protocol_t::ICMP, .src = ip->dst(), .dst = ip->src(),
                              .payload = mpl::bytes{icmp_out.data(), icmp_out.size()}};
  std::vector<std::uint8_t> ip_out(ip_reply.size());
  if (!ip_reply.write(ip_out).ok()) return 0;
  std::array<std::uint8_t, 6> to{};
  std::copy_n(frame.source().begin(), 6, to.begin());
  const eth::builder ethernet{.destination = to, .source = kOurMac,
                              .body = eth::IPv4{.payload = mpl::bytes{ip_out.data(), ip_out.size()}}};
  auto n = ethernet.write(out);
  return n.ok() ? *n : 0;
}

// In place: the request becomes the reply. Returns the frame size.
std::size_t reply_reflecting(mpl::mutable_bytes frame, std::size_t ip_at, const ip4::view& request_ip) {
  // MAC addresses are not covered by any checksum: swap them directly.
  std::swap_ranges(frame.begin(), frame.begin() + 6, frame.begin() + 6);
  std::copy(kOurMac.begin(), kOurMac.end(), frame.begin() + 6);
  auto ip = ip4::parse_mutable(frame.subspan(ip_at, request_ip.size()));
  if (!ip.ok()) return 0;
  const std::uint32_t src = ip->src();
  ip->update_src(ip->dst());
  ip->update_dst(src);
  auto icmp = icmp4::parse_mutable(frame.subspan(ip_at + (ip->header_end()), ip->payload().size()));
  if (!icmp.ok()) return 0;
  icmp->update_type(icmp4::type_t::EchoReply);
  return ip_at + ip->size();
}

// One frame in; the reply's size in `out` (or in place for reflecting), 0 if
// there is nothing to answer. Sets *echo when the frame was an echo request.
std::size_t handle(const Options& o, mpl::mutable_bytes frame, mpl::mutable_bytes out, bool* echo,
                   bool* in_place) {
  *echo = false;
  *in_place = false;
  auto e = eth::parse(mpl::bytes{frame.data(), frame.size()});
  if (!e.ok()) return 0;
  if (auto a = e->as_Arp()) return answer_arp(o, *e, a->payload(), out);
  auto v4 = e->as_IPv4();
  if (!v4) return 0;
  if (o.mode == Mode::kCopying) {
    // Only the addressing is looked at in place, to decide whether to answer.
    auto peek = ip4::parse(v4->payload());
    if (!peek.ok() || peek->dst() != o.ip || peek->protocol() != ip4::protocol_t::ICMP) return 0;
    auto icmp = icmp4::parse(peek->payload());
    if (!icmp.ok() || icmp->type() != icmp4::type_t::EchoRequest) return 0;
    *echo = true;
    return reply_copying(*e, v4->payload(), out);
  }
  auto ip = ip4::parse(v4->payload());
  if (!ip.ok() || ip->dst() != o.ip || ip->protocol() != ip4::protocol_t::ICMP) return 0;
  auto icmp = icmp4::parse(ip->payload());
  if (!icmp.ok()) return 0;
  auto request = icmp->as_EchoRequest();
  if (!request) return 0;
  *echo = true;
  if (o.mode == Mode::kReflecting) {
    *in_place = true;
    return reply_reflecting(frame, 14, *ip);
  }
  return reply_normal(*e, *ip, *request, out);
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse_options(argc, argv);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  const int fd = open_tap(o);
  if (fd < 0) return 77;  // the "skip" status of ctest and automake: no TAP or no privileges
  std::printf("icmp_echo: ready on %s, answering for %u.%u.%u.%u\n", o.tap.c_str(), (o.ip >> 24) & 255,
              (o.ip >> 16) & 255, (o.ip >> 8) & 255, o.ip & 255);
  std::fflush(stdout);

  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(o.seconds));
  std::vector<std::uint8_t> in(65536), out(65536);
  unsigned long replies = 0;
  while (g_stop == 0 && replies < o.count) {
    const auto now = clock::now();
    if (now >= deadline) break;
    pollfd p{fd, POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
    const int ready = poll(&p, 1, static_cast<int>(std::min<long long>(left + 1, 1000)));
    if (ready <= 0) continue;
    const ssize_t n = read(fd, in.data(), in.size());
    if (n <= 0) continue;
    bool echo = false, in_place = false;
    const std::size_t reply = handle(o, mpl::mutable_bytes{in.data(), static_cast<std::size_t>(n)}, out, &echo, &in_place);
    if (reply == 0) continue;
    const std::uint8_t* bytes = in_place ? in.data() : out.data();
    if (write(fd, bytes, reply) < 0) std::fprintf(stderr, "icmp_echo: write: %s\n", std::strerror(errno));
    if (echo) ++replies;
  }
  close(fd);
  std::printf("icmp_echo: %lu echo replies\n", replies);
  return 0;
}
