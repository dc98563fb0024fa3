#include "server.h"

#include <unistd.h>

#include <cstdio>
#include <thread>

#include <mpl/endian.h>
#include <mpl/frame.h>

#include "answer.h"
#include "cache.h"
#include "server_kit/event_loop.h"
#include "server_kit/stream_connection.h"
#include "server_kit/udp_batch.h"

namespace dns_server {
namespace {

namespace srv = mpl::server;

// Datagrams longer than this are not DNS queries we answer (a query is a
// header, one question and an OPT: well under 1 KB); they arrive cut and
// are dropped.
constexpr std::size_t max_udp_query = 4096;
constexpr std::size_t tcp_prefix = 2;

// One thread's share of the server: its loop, sockets and answer state.
class worker {
 public:
  worker(const zone_set& zones, const server_options& options)
      : cache_(options.cache ? std::make_unique<answer_cache>(options.cache_entries) : nullptr),
        responder_(zones, cache_.get()),
        tcp_out_(tcp_prefix + max_response) {}

  // Binds this thread's sockets for `wanted`, setting `at` to the address
  // bound (port 0: the port the kernel chose for UDP, then asked of TCP
  // too); false with `error` set on failure. `wanted` is a copy: callers
  // pass the same endpoint for both.
  bool listen(srv::endpoint wanted, srv::endpoint& at, const server_options& options, std::string& error) {
    // Port 0: the kernel picks a free UDP port, which may be taken for TCP
    // (a client's ephemeral port); then pick again, a bounded number of times.
    int udp = -1;
    int tcp = -1;
    for (int attempt = 0; attempt < (wanted.port() == 0 ? 20 : 1) && tcp < 0; ++attempt) {
      if (udp >= 0) ::close(udp);
      udp = srv::bind_udp(wanted, true, &error);
      if (udp < 0) return false;
      at = wanted;
      if (at.port() == 0) {
        auto actual = srv::local_endpoint(udp);
        if (!actual) {
          ::close(udp);
          error = "udp " + wanted.text() + ": cannot read the bound port";
          return false;
        }
        at = *actual;
      }
      tcp = srv::listen_tcp(at, true, 128, &error);
    }
    if (tcp < 0) {
      ::close(udp);
      return false;
    }
    udp_fds_.push_back(udp);
    udp_.push_back(std::make_unique<srv::udp_batch>(
        loop_, udp, srv::udp_batch_options{.max_request = max_udp_query, .max_reply = our_udp_payload},
        [this](const srv::udp_request& q, mpl::mutable_bytes reply) -> std::size_t {
          if (q.truncated) return 0;
          return responder_.answer(q.data, transport::udp, reply);
        }));
    srv::tcp_server_options tcp_options;
    tcp_options.max_connections = options.max_tcp_connections;
    tcp_options.limits.max_input = 2 * (tcp_prefix + max_response);
    tcp_options.limits.idle_timeout = options.tcp_idle_timeout;
    tcp_.push_back(std::make_unique<srv::tcp_server>(
        loop_, tcp, mpl::length_prefix_framer<2>{}, tcp_options, [this](const srv::endpoint&) {
          return srv::tcp_server::handlers{
              [this](srv::stream_connection& c, mpl::bytes message) { answer_tcp(c, message); }, nullptr};
        }));
    return true;
  }

  srv::event_loop& loop() { return loop_; }

  ~worker() {
    tcp_.clear();
    udp_.clear();
    for (int fd : udp_fds_) ::close(fd);
  }

 private:
  void answer_tcp(srv::stream_connection& c, mpl::bytes message) {
    const std::size_t n = responder_.answer(message.subspan(tcp_prefix), transport::tcp,
                                            mpl::mutable_bytes(tcp_out_).subspan(tcp_prefix));
    if (n == 0) {
      c.close_after_flush("query not answered");
      return;
    }
    mpl::store_be<std::uint16_t>(tcp_out_.data(), static_cast<std::uint16_t>(n));
    c.send(mpl::bytes(tcp_out_.data(), tcp_prefix + n));
  }

  srv::event_loop loop_;
  std::unique_ptr<answer_cache> cache_;
  responder responder_;
  std::vector<std::uint8_t> tcp_out_;
  std::vector<int> udp_fds_;
  std::vector<std::unique_ptr<srv::udp_batch>> udp_;
  std::vector<std::unique_ptr<srv::tcp_server>> tcp_;
};

}  // namespace

int serve(const zone_set& zones, const server_options& options) {
  srv::stop_signal stop;  // before any thread, so all inherit the mask
  std::vector<std::unique_ptr<worker>> workers;
  for (std::size_t i = 0; i < std::max<std::size_t>(options.threads, 1); ++i) {
    workers.push_back(std::make_unique<worker>(zones, options));
  }
  std::vector<srv::endpoint> bound;
  for (const srv::endpoint& wanted : options.listen) {
    // Port 0: the first thread's sockets get a port; the others share it.
    srv::endpoint at = wanted;
    for (auto& w : workers) {
      std::string error;
      if (!w->listen(at, at, options, error)) {
        std::fprintf(stderr, "dns_server: %s\n", error.c_str());
        return 1;
      }
    }
    bound.push_back(at);
  }
  for (const srv::endpoint& at : bound) std::printf("listening on %s\n", at.text().c_str());
  std::fflush(stdout);

  stop.attach(workers[0]->loop());
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < workers.size(); ++i) threads.emplace_back([&w = *workers[i]] { w.loop().run(); });
  workers[0]->loop().run();
  for (std::size_t i = 1; i < workers.size(); ++i) workers[i]->loop().stop();
  for (std::thread& t : threads) t.join();
  return 0;
}

}  // namespace dns_server
