#include "server_kit/udp_batch.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "server_kit/test_client.h"

namespace mpl::server {
namespace {

class udp_pair : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    server_fd_ = bind_udp(*parse_endpoint("127.0.0.1:0", nullptr), false, &error);
    ASSERT_GE(server_fd_, 0) << error;
    at_ = *local_endpoint(server_fd_);
    client_fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(client_fd_, 0);
    testing::set_timeouts(client_fd_, 20);
  }
  void TearDown() override {
    ::close(client_fd_);
    ::close(server_fd_);
  }
  void send_to_server(std::string_view text) {
    ASSERT_EQ(::sendto(client_fd_, text.data(), text.size(), 0, reinterpret_cast<const sockaddr*>(&at_.addr), at_.len),
              static_cast<ssize_t>(text.size()));
  }
  std::string receive() {
    char buf[2048];
    const ssize_t n = ::recv(client_fd_, buf, sizeof buf, 0);
    return n < 0 ? std::string("(nothing)") : std::string(buf, static_cast<std::size_t>(n));
  }

  event_loop loop_;
  int server_fd_ = -1;
  int client_fd_ = -1;
  endpoint at_;
};

// Replies "<size>:<text reversed>"; no reply to "quiet"; "T" for cut datagrams.
std::size_t reverse_handler(const udp_request& r, mpl::mutable_bytes reply) {
  if (r.truncated) {
    reply[0] = 'T';
    return 1;
  }
  std::string in(r.data.begin(), r.data.end());
  if (in == "quiet") return 0;
  std::string out = std::to_string(in.size()) + ":" + std::string(in.rbegin(), in.rend());
  std::copy(out.begin(), out.end(), reply.begin());
  return out.size();
}

TEST_F(udp_pair, RepliesInBatchesOfTheConfiguredSize) {
  udp_batch batch(loop_, server_fd_, udp_batch_options{.batch = 32, .max_request = 64, .max_reply = 128}, reverse_handler);
  // Loopback delivery is synchronous: all 40 are queued when sendto returns.
  for (int i = 0; i < 40; ++i) send_to_server("msg" + std::to_string(i));
  EXPECT_EQ(batch.poll_once(), 32u);
  EXPECT_EQ(batch.poll_once(), 8u);
  EXPECT_EQ(batch.poll_once(), 0u);
  for (int i = 0; i < 40; ++i) {
    std::string m = "msg" + std::to_string(i);
    EXPECT_EQ(receive(), std::to_string(m.size()) + ":" + std::string(m.rbegin(), m.rend()));
  }
  EXPECT_EQ(batch.stats().received, 40u);
  EXPECT_EQ(batch.stats().replied, 40u);
}

TEST_F(udp_pair, CutDatagramsAreFlaggedAndEmptyRepliesNotSent) {
  udp_batch batch(loop_, server_fd_, udp_batch_options{.batch = 4, .max_request = 16, .max_reply = 64}, reverse_handler);
  send_to_server(std::string(100, 'x'));
  send_to_server("quiet");
  send_to_server("ab");
  EXPECT_EQ(batch.poll_once(), 3u);
  EXPECT_EQ(receive(), "T");
  EXPECT_EQ(receive(), "2:ba");  // nothing was sent for "quiet"
  EXPECT_EQ(batch.stats().truncated, 1u);
  EXPECT_EQ(batch.stats().replied, 2u);
}

TEST_F(udp_pair, ServesFromTheEventLoop) {
  udp_batch batch(loop_, server_fd_, udp_batch_options{.batch = 8, .max_request = 512, .max_reply = 1024},
                  reverse_handler);
  constexpr int count = 200;
  int answered = 0;
  loop_.watch(client_fd_, EPOLLIN, [&](std::uint32_t) {
    const std::string r = receive();
    EXPECT_EQ(r.substr(0, 2), "5:");
    if (++answered == count) loop_.stop();
  });
  for (int i = 0; i < count; ++i) send_to_server("hello");
  loop_.after(std::chrono::milliseconds(60'000), [&] {
    ADD_FAILURE() << "only " << answered << " replies";
    loop_.stop();
  });
  loop_.run();
  EXPECT_EQ(answered, count);
  loop_.unwatch(client_fd_);
}

}  // namespace
}  // namespace mpl::server
