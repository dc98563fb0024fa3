#include "server_kit/endpoint.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <unistd.h>

namespace mpl::server {
namespace {

std::string error_of(std::string_view text) {
  std::string error;
  EXPECT_FALSE(parse_endpoint(text, &error).has_value()) << text;
  return error;
}

TEST(Endpoint, ParsesIpv4AndPrintsItBack) {
  std::string error;
  auto e = parse_endpoint("127.0.0.1:53", &error);
  ASSERT_TRUE(e) << error;
  EXPECT_EQ(e->family(), AF_INET);
  EXPECT_EQ(e->port(), 53);
  EXPECT_EQ(e->len, sizeof(sockaddr_in));
  EXPECT_EQ(e->text(), "127.0.0.1:53");
}

TEST(Endpoint, ParsesBracketedIpv6) {
  auto e = parse_endpoint("[::1]:5353", nullptr);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->family(), AF_INET6);
  EXPECT_EQ(e->port(), 5353);
  EXPECT_EQ(e->len, sizeof(sockaddr_in6));
  EXPECT_EQ(e->text(), "[::1]:5353");
  EXPECT_EQ(parse_endpoint("[::]:0", nullptr)->text(), "[::]:0");
  EXPECT_EQ(parse_endpoint("[2001:db8::7]:65535", nullptr)->text(), "[2001:db8::7]:65535");
}

TEST(Endpoint, WildcardAndPortBounds) {
  EXPECT_EQ(parse_endpoint("0.0.0.0:22", nullptr)->text(), "0.0.0.0:22");
  EXPECT_EQ(parse_endpoint("0.0.0.0:0", nullptr)->port(), 0);
  EXPECT_EQ(parse_endpoint("1.2.3.4:65535", nullptr)->port(), 65535);
}

TEST(Endpoint, RejectionsSayWhy) {
  EXPECT_EQ(error_of("127.0.0.1"), "endpoint '127.0.0.1': missing ':port' (expected ipv4:port or [ipv6]:port)");
  EXPECT_EQ(error_of("127.0.0.1:65536"), "endpoint '127.0.0.1:65536': port '65536' is not a number in 0..65535");
  EXPECT_EQ(error_of("127.0.0.1:"), "endpoint '127.0.0.1:': port '' is not a number in 0..65535");
  EXPECT_EQ(error_of("127.0.0.1:5x"), "endpoint '127.0.0.1:5x': port '5x' is not a number in 0..65535");
  EXPECT_EQ(error_of("127.0.0.1:-1"), "endpoint '127.0.0.1:-1': port '-1' is not a number in 0..65535");
  EXPECT_EQ(error_of("localhost:53"), "endpoint 'localhost:53': 'localhost' is not a numeric IPv4 address");
  EXPECT_EQ(error_of("256.0.0.1:53"), "endpoint '256.0.0.1:53': '256.0.0.1' is not a numeric IPv4 address");
  EXPECT_EQ(error_of("::1:53"), "endpoint '::1:53': an IPv6 address needs brackets, as in [::1]:53");
  EXPECT_EQ(error_of("[::1:53"), "endpoint '[::1:53': '[' without ']' (expected [ipv6]:port)");
  EXPECT_EQ(error_of("[::1]53"), "endpoint '[::1]53': missing ':port' after ']'");
  EXPECT_EQ(error_of("[::1]"), "endpoint '[::1]': missing ':port' after ']'");
  EXPECT_EQ(error_of("[1.2.3.4]:53"), "endpoint '[1.2.3.4]:53': '1.2.3.4' is not a numeric IPv6 address");
  EXPECT_EQ(error_of(""), "endpoint '': missing ':port' (expected ipv4:port or [ipv6]:port)");
  EXPECT_EQ(error_of(":53"), "endpoint ':53': '' is not a numeric IPv4 address");
  // A NUL inside the text is not silently cut off by inet_pton.
  EXPECT_FALSE(parse_endpoint(std::string_view("127.0.0.1\0x:53", 14), nullptr));
}

TEST(Endpoint, BindErrorsNameTheAddress) {
  std::string error;
  // TEST-NET-1 is not an address of this host: bind fails with EADDRNOTAVAIL.
  const int fd = bind_udp(*parse_endpoint("192.0.2.1:9", nullptr), false, &error);
  EXPECT_EQ(fd, -1);
  EXPECT_EQ(error, "udp 192.0.2.1:9: bind: Cannot assign requested address");
}

TEST(Endpoint, BindsPortZeroAndReportsTheChosenPort) {
  std::string error;
  const int fd = listen_tcp(*parse_endpoint("127.0.0.1:0", nullptr), true, 16, &error);
  ASSERT_GE(fd, 0) << error;
  auto local = local_endpoint(fd);
  ASSERT_TRUE(local);
  EXPECT_GT(local->port(), 0);
  // SO_REUSEPORT: a second socket may bind the same port.
  const int again = listen_tcp(*local, true, 16, &error);
  EXPECT_GE(again, 0) << error;
  ::close(again);
  ::close(fd);
}

}  // namespace
}  // namespace mpl::server
