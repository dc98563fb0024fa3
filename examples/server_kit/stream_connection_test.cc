// tcp_server + stream_connection over loopback: a tiny server in the test
// thread echoes frames (2-byte big-endian length + body, DNS-over-TCP
// style) while a client thread talks to it.
#include "server_kit/stream_connection.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include "server_kit/test_client.h"

namespace mpl::server {
namespace {

using std::chrono::milliseconds;
using testing::client;

std::vector<std::uint8_t> frame_of(std::size_t body_size, std::uint8_t fill) {
  std::vector<std::uint8_t> f(2 + body_size, fill);
  f[0] = static_cast<std::uint8_t>(body_size >> 8);
  f[1] = static_cast<std::uint8_t>(body_size);
  return f;
}

// What the server saw, read by the test after the loop stopped.
struct observed {
  std::size_t messages = 0;
  std::vector<std::string> close_reasons;
  std::size_t max_queued = 0;
  bool saw_pause = false;
};

class loopback_server {
 public:
  using message_fn = std::function<void(stream_connection&, mpl::bytes, observed&)>;

  loopback_server(tcp_server_options options, message_fn on_message, const char* address = "127.0.0.1:0") {
    std::string error;
    const int fd = listen_tcp(*parse_endpoint(address, nullptr), false, 64, &error);
    if (fd < 0) ADD_FAILURE() << error;
    at_ = *local_endpoint(fd);
    server_ = std::make_unique<tcp_server>(
        loop_, fd, framer_fn(mpl::length_prefix_framer<2>{}), options, [this, on_message](const endpoint&) {
          return tcp_server::handlers{
              [this, on_message](stream_connection& c, mpl::bytes m) {
                ++seen_.messages;
                on_message(c, m, seen_);
                seen_.max_queued = std::max(seen_.max_queued, c.queued_output());
                seen_.saw_pause = seen_.saw_pause || c.reading_paused();
              },
              [this](stream_connection&, std::string_view why) { seen_.close_reasons.emplace_back(why); }};
        });
  }

  // Runs the loop until `client_side` (on its own thread) returns, then lets
  // the loop turn a little longer so closes the client caused are seen.
  void run_with(const std::function<void(const endpoint&)>& client_side) {
    std::thread t([&] {
      client_side(at_);
      std::this_thread::sleep_for(milliseconds(50));
      loop_.stop();
    });
    const timer_id guard = loop_.after(milliseconds(100'000), [this] {
      ADD_FAILURE() << "test client did not finish";
      loop_.stop();
    });
    loop_.run();
    loop_.cancel(guard);
    t.join();
  }

  const observed& seen() const { return seen_; }
  tcp_server& server() { return *server_; }
  event_loop& loop() { return loop_; }

 private:
  event_loop loop_;
  endpoint at_;
  observed seen_;
  std::unique_ptr<tcp_server> server_;
};

// Echoes the frame back as a copied 2-byte header plus the body borrowed
// from a shared buffer: both kinds of segment in one sendmsg.
void echo(stream_connection& c, mpl::bytes m, observed&) {
  auto body = std::make_shared<std::vector<std::uint8_t>>(m.begin() + 2, m.end());
  c.send({segment::copy(m.first(2)), segment::borrow(mpl::bytes(*body), body)});
}

tcp_server_options small_limits() {
  tcp_server_options o;
  o.limits.max_input = 1024;
  o.limits.idle_timeout = milliseconds(30'000);
  return o;
}

TEST(StreamConnection, MessagesSplitAtEveryByteBoundary) {
  std::vector<std::uint8_t> stream;
  for (auto [size, fill] : {std::pair{1, 0xA1}, {3, 0xB2}, {60, 0xC3}, {256, 0xD4}}) {
    auto f = frame_of(static_cast<std::size_t>(size), static_cast<std::uint8_t>(fill));
    stream.insert(stream.end(), f.begin(), f.end());
  }
  loopback_server s(small_limits(), echo);
  std::atomic<int> good{0};
  s.run_with([&](const endpoint& at) {
    // Two writes per connection, split at every position; a pause between
    // them so the server reads the first part on its own.
    for (std::size_t cut = 1; cut < stream.size(); ++cut) {
      client c(at);
      ASSERT_TRUE(c.connected());
      ASSERT_TRUE(c.send_all(stream.data(), cut));
      std::this_thread::sleep_for(milliseconds(1));
      ASSERT_TRUE(c.send_all(stream.data() + cut, stream.size() - cut));
      auto back = c.read_exactly(stream.size());
      ASSERT_TRUE(back) << "cut at " << cut;
      EXPECT_EQ(*back, stream) << "cut at " << cut;
      if (back == stream) ++good;
    }
    // And one byte per write on one connection.
    client c(at);
    for (std::size_t i = 0; i < stream.size(); ++i) {
      ASSERT_TRUE(c.send_all(stream.data() + i, 1));
      if (i % 8 == 0) std::this_thread::sleep_for(milliseconds(1));
    }
    auto back = c.read_exactly(stream.size());
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, stream);
  });
  EXPECT_EQ(good.load(), static_cast<int>(stream.size() - 1));
  EXPECT_EQ(s.seen().messages, 4 * stream.size());  // 4 frames per connection
}

TEST(StreamConnection, ManyMessagesInOneRead) {
  std::vector<std::uint8_t> stream;
  constexpr std::size_t count = 1000;
  for (std::size_t i = 0; i < count; ++i) {
    auto f = frame_of(1 + i % 13, static_cast<std::uint8_t>(i));
    stream.insert(stream.end(), f.begin(), f.end());
  }
  loopback_server s(small_limits(), echo);
  s.run_with([&](const endpoint& at) {
    client c(at);
    ASSERT_TRUE(c.send_all(stream));
    auto back = c.read_exactly(stream.size());
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, stream);
  });
  EXPECT_EQ(s.seen().messages, count);
}

// A bulk sender gets at most limits.read_per_event bytes of work per turn
// of the loop: a timer armed by its first message (due at once) runs after
// the first 100 bytes' messages, not after all of them, so the other
// connections and timers are served between the rounds.
TEST(StreamConnection, ReadsAtMostReadPerEventBytesPerTurn) {
  std::vector<std::uint8_t> stream;
  constexpr std::size_t count = 50;
  for (std::size_t i = 0; i < count; ++i) {
    auto f = frame_of(8, static_cast<std::uint8_t>(i));  // 10 bytes with the length
    stream.insert(stream.end(), f.begin(), f.end());
  }
  tcp_server_options options = small_limits();
  options.limits.read_per_event = 100;
  loopback_server* server = nullptr;
  std::size_t messages_at_first_turn = 0;
  bool armed = false;
  loopback_server s(options, [&](stream_connection& c, mpl::bytes m, observed& seen) {
    if (!armed) {
      armed = true;
      server->loop().after(milliseconds(0), [&] { messages_at_first_turn = server->seen().messages; });
    }
    echo(c, m, seen);
  });
  server = &s;
  s.run_with([&](const endpoint& at) {
    client c(at);
    ASSERT_TRUE(c.send_all(stream));  // one segment on loopback
    auto back = c.read_exactly(stream.size());
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, stream);
  });
  EXPECT_EQ(s.seen().messages, count);
  EXPECT_GE(messages_at_first_turn, 1u);
  EXPECT_LE(messages_at_first_turn, 10u);
}

TEST(StreamConnection, HostileLengthsCloseWithAReason) {
  loopback_server s(small_limits(), echo);
  s.run_with([&](const endpoint& at) {
    {
      client c(at);  // claims 65535 bytes of body: over max_input (1024)
      ASSERT_TRUE(c.send_all({0xFF, 0xFF, 0x00}));
      EXPECT_TRUE(c.sees_close());
    }
    {
      client c(at);  // a zero length is below the minimum
      ASSERT_TRUE(c.send_all({0x00, 0x00}));
      EXPECT_TRUE(c.sees_close());
    }
    {
      client c(at);  // a good frame, then half a frame and EOF
      ASSERT_TRUE(c.send_all({0x00, 0x01, 0x41, 0x00, 0x05, 0x42}));
      EXPECT_TRUE(c.read_exactly(3));
      c.shutdown_write();
      EXPECT_TRUE(c.sees_close());
    }
  });
  std::vector<std::string> reasons = s.seen().close_reasons;
  std::sort(reasons.begin(), reasons.end());
  EXPECT_EQ(reasons, (std::vector<std::string>{"framing: length below the header size (found 0)",
                                               "message of 65537 bytes exceeds the input limit of 1024",
                                               "peer closed mid-message (3 bytes pending)"}));
}

TEST(StreamConnection, IdleTimeoutCloses) {
  tcp_server_options o = small_limits();
  // Generous against a loaded machine: activity every 100 ms must never
  // look like 1.5 s of silence.
  o.limits.idle_timeout = milliseconds(1500);
  loopback_server s(o, echo);
  s.run_with([&](const endpoint& at) {
    client c(at);
    const auto start = std::chrono::steady_clock::now();
    // Activity keeps it open past the timeout...
    for (int i = 0; i < 20; ++i) {
      std::this_thread::sleep_for(milliseconds(100));
      ASSERT_TRUE(c.send_all({0x00, 0x01, 0x7A}));
      ASSERT_TRUE(c.read_exactly(3));
    }
    // ...silence closes it.
    EXPECT_TRUE(c.sees_close());
    EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(2000 + 1500));
  });
  EXPECT_EQ(s.seen().close_reasons, std::vector<std::string>{"idle timeout"});
}

TEST(StreamConnection, BackPressureBoundsQueuedOutput) {
  // Every 3-byte request gets a 32 KiB reply borrowed from one shared
  // buffer; the client sends all requests before reading anything.
  constexpr std::size_t reply_size = 32 * 1024;
  constexpr std::size_t requests = 512;
  auto big = std::make_shared<std::vector<std::uint8_t>>(reply_size);
  for (std::size_t i = 0; i < reply_size; ++i) (*big)[i] = static_cast<std::uint8_t>(i * 7);
  tcp_server_options o = small_limits();
  o.limits.max_input = 256;
  o.limits.output_high_water = 64 * 1024;
  o.limits.max_output = 256 * 1024;
  std::atomic<bool> paused{false};
  loopback_server s(o, [big, &paused](stream_connection& c, mpl::bytes, observed&) {
    // Small kernel buffers, so 16 MiB of replies cannot hide in them
    // whatever the machine's TCP autotuning allows.
    const int sndbuf = 32 * 1024;
    setsockopt(c.fd(), SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    c.send({segment::borrow(mpl::bytes(*big), big)});
    if (c.reading_paused()) paused = true;
  });
  s.run_with([&](const endpoint& at) {
    client c(at, 64 * 1024);
    std::vector<std::uint8_t> all;
    for (std::size_t i = 0; i < requests; ++i) {
      auto f = frame_of(1, static_cast<std::uint8_t>(i));
      all.insert(all.end(), f.begin(), f.end());
    }
    ASSERT_TRUE(c.send_all(all));
    // Read nothing until the server has stopped reading (bounded wait).
    for (int i = 0; i < 2000 && !paused; ++i) std::this_thread::sleep_for(milliseconds(10));
    ASSERT_TRUE(paused.load()) << "the server never applied back-pressure";
    for (std::size_t i = 0; i < requests; ++i) {
      auto reply = c.read_exactly(reply_size);
      ASSERT_TRUE(reply) << "reply " << i;
      ASSERT_TRUE(*reply == *big) << "reply " << i;
    }
  });
  EXPECT_EQ(s.seen().messages, requests);
  EXPECT_TRUE(s.seen().saw_pause);
  // Reading stops above the high-water mark: at most one more reply.
  EXPECT_LE(s.seen().max_queued, o.limits.output_high_water + reply_size);
  EXPECT_TRUE(s.seen().close_reasons.empty() || s.seen().close_reasons[0] == "peer closed");
}

TEST(StreamConnection, SendPastMaxOutputCloses) {
  tcp_server_options o = small_limits();
  o.limits.output_high_water = 1024;
  o.limits.max_output = 4096;
  std::vector<std::uint8_t> huge(8192, 0x55);
  loopback_server s(o, [&huge](stream_connection& c, mpl::bytes, observed&) {
    EXPECT_FALSE(c.send(mpl::bytes(huge)));
    EXPECT_FALSE(c.is_open());
  });
  s.run_with([&](const endpoint& at) {
    client c(at);
    ASSERT_TRUE(c.send_all({0x00, 0x01, 0x00}));
    EXPECT_TRUE(c.sees_close());
  });
  EXPECT_EQ(s.seen().close_reasons, std::vector<std::string>{"output queue over the limit of 4096 bytes"});
}

TEST(StreamConnection, ConnectionLimitHoldsNewClientsInTheBacklog) {
  tcp_server_options o = small_limits();
  o.max_connections = 2;
  loopback_server s(o, echo);
  std::atomic<bool> third_answered_early{false};
  s.run_with([&](const endpoint& at) {
    auto a = std::make_unique<client>(at);
    client b(at);
    const std::vector<std::uint8_t> ping{0x00, 0x01, 0x50};
    ASSERT_TRUE(a->send_all(ping));
    ASSERT_TRUE(a->read_exactly(3));
    ASSERT_TRUE(b.send_all(ping));
    ASSERT_TRUE(b.read_exactly(3));
    client third(at);  // connects (kernel backlog) but is not served yet
    ASSERT_TRUE(third.connected());
    ASSERT_TRUE(third.send_all(ping));
    testing::set_timeouts(third.fd(), 1);
    third_answered_early = third.read_exactly(3).has_value();
    testing::set_timeouts(third.fd(), 20);
    a.reset();  // a slot frees up: the third is accepted and answered
    EXPECT_TRUE(third.read_exactly(3));
  });
  EXPECT_FALSE(third_answered_early.load());
  EXPECT_EQ(s.server().accepted_total(), 3u);
}

TEST(StreamConnection, LargestSixteenBitFrameFitsTheDefaultLimits) {
  // 65535 bytes behind a 2-byte prefix: the largest DNS-over-TCP message.
  std::vector<std::uint8_t> big = frame_of(65535, 0x5A);
  loopback_server s(tcp_server_options{}, echo);
  s.run_with([&](const endpoint& at) {
    client c(at);
    ASSERT_TRUE(c.send_all(big));
    auto back = c.read_exactly(big.size());
    ASSERT_TRUE(back);
    EXPECT_TRUE(*back == big);
  });
  EXPECT_EQ(s.seen().messages, 1u);
}

TEST(StreamConnection, RandomBytesFromManyClientsThenAGoodClient) {
  // Hostile clients send random bytes (lengths of every size, some over
  // max_input) and never read; each is closed or served, and the server
  // still answers a well-behaved client afterwards.
  tcp_server_options o = small_limits();
  o.limits.output_high_water = 8 * 1024;
  o.limits.max_output = 64 * 1024;
  loopback_server s(o, echo);
  std::atomic<bool> good_client_served{false};
  s.run_with([&](const endpoint& at) {
    std::uint32_t seed = 12345;
    auto next = [&seed] {
      seed = seed * 1103515245u + 12345u;
      return static_cast<std::uint8_t>(seed >> 16);
    };
    for (int round = 0; round < 40; ++round) {
      client c(at, 16 * 1024);
      testing::set_timeouts(c.fd(), 2);
      std::vector<std::uint8_t> junk(1 + static_cast<std::size_t>(round) * 997 % 20000);
      for (auto& b : junk) b = next();
      c.send_all(junk);  // may fail once the server has closed: that is fine
    }
    client good(at);
    const std::vector<std::uint8_t> ping{0x00, 0x03, 'o', 'k', '!'};
    ASSERT_TRUE(good.send_all(ping));
    auto back = good.read_exactly(ping.size());
    good_client_served = back && *back == ping;
  });
  EXPECT_TRUE(good_client_served.load());
  // Every connection was closed, with a reason, once its client went away.
  EXPECT_EQ(s.seen().close_reasons.size() + s.server().connection_count(), 41u);
  EXPECT_LE(s.seen().max_queued, o.limits.max_output);
  // The random lengths did reach the limit check.
  const auto& reasons = s.seen().close_reasons;
  EXPECT_TRUE(std::any_of(reasons.begin(), reasons.end(),
                          [](const std::string& r) { return r.starts_with("message of "); }));
}

TEST(StreamConnection, ManyClientsAtOnceEachGetTheirOwnReplies) {
  constexpr int clients = 24;
  constexpr std::size_t per_client = 200;
  loopback_server s(small_limits(), echo);
  std::atomic<int> good{0};
  s.run_with([&](const endpoint& at) {
    std::vector<std::thread> threads;
    for (int id = 0; id < clients; ++id) {
      threads.emplace_back([&, id] {
        std::vector<std::uint8_t> stream;
        for (std::size_t i = 0; i < per_client; ++i) {
          auto f = frame_of(1 + (i * 7 + static_cast<std::size_t>(id)) % 300, static_cast<std::uint8_t>(id));
          stream.insert(stream.end(), f.begin(), f.end());
        }
        client c(at);
        // In uneven pieces, so frames straddle writes and clients interleave.
        std::size_t sent = 0;
        for (std::size_t piece = 1; sent < stream.size(); piece = piece * 3 % 997 + 1) {
          const std::size_t n = std::min(piece, stream.size() - sent);
          if (!c.send_all(stream.data() + sent, n)) return;
          sent += n;
        }
        auto back = c.read_exactly(stream.size());
        if (back && *back == stream) ++good;
      });
    }
    for (auto& t : threads) t.join();
  });
  EXPECT_EQ(good.load(), clients);
  EXPECT_EQ(s.seen().messages, clients * per_client);
}

TEST(StreamConnection, Ipv6Loopback) {
  std::string error;
  const int probe = listen_tcp(*parse_endpoint("[::1]:0", nullptr), false, 1, &error);
  if (probe < 0) GTEST_SKIP() << "no IPv6 loopback here: " << error;
  ::close(probe);
  loopback_server s(small_limits(), echo, "[::1]:0");
  s.run_with([&](const endpoint& at) {
    EXPECT_EQ(at.family(), AF_INET6);
    client c(at);
    ASSERT_TRUE(c.connected());
    const std::vector<std::uint8_t> ping{0x00, 0x02, 'v', '6'};
    ASSERT_TRUE(c.send_all(ping));
    EXPECT_EQ(c.read_exactly(4), ping);
  });
  EXPECT_EQ(s.seen().messages, 1u);
}

}  // namespace
}  // namespace mpl::server
