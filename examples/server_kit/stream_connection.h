// TCP connections that read whole framed messages and write scatter-gather
// output, and the server that accepts them.
//
// A stream_connection owns its socket. It reads into a bounded input buffer,
// asks the framer (mpl/frame.h) how long the next message is, and hands each
// complete message to on_message as a span into the buffer (valid during the
// call). Output is a queue of segments written with sendmsg (an iovec per
// segment): bytes the connection copies, or bytes it borrows while a
// keep-alive pointer holds them. Every buffer is bounded:
//
//   input   at most limits.max_input bytes; a message the framer says is
//           longer, or a framer error, closes the connection with a reason;
//   output  above limits.output_high_water queued bytes the connection stops
//           reading and stops handing out messages (back-pressure) until the
//           queue drains below half of it; a send() that would take the
//           queue above limits.max_output closes the connection;
//   time    no byte read or written for limits.idle_timeout closes it.
//
// Callbacks run on the event loop's thread. The connection stays alive
// while a callback runs, even if the callback closes it.
#ifndef MPL_SERVER_KIT_STREAM_CONNECTION_H_
#define MPL_SERVER_KIT_STREAM_CONNECTION_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "mpl/bytes.h"
#include "mpl/frame.h"
#include "server_kit/endpoint.h"
#include "server_kit/event_loop.h"

namespace mpl::server {

using framer_fn = std::function<mpl::frame_status(mpl::bytes)>;

struct stream_limits {
  // The largest message the framer may announce. The default holds any
  // message behind a 16-bit length (65535 + a 2-byte prefix: DNS over TCP).
  std::size_t max_input = 66 * 1024;
  std::size_t output_high_water = 256 * 1024;  // stop reading above this many queued bytes
  std::size_t max_output = 4 * 1024 * 1024;    // a send() past this closes the connection
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};  // zero: none
  // Fairness: bytes read (and handed to on_message) per readiness event.
  // The loop then serves the other connections before this one reads
  // again, so a bulk stream delays a keystroke on another connection by
  // at most this much work, not by a whole input buffer.
  std::size_t read_per_event = 64 * 1024;
};

// One piece of output. Built with copy() (the connection keeps its own copy:
// small headers a builder just wrote on the stack) or borrow() (the bytes
// stay where they are until written; `keep_alive` owns them until then).
struct segment {
  mpl::bytes data;
  std::shared_ptr<const void> keep_alive;  // null: copy the bytes at send()

  static segment copy(mpl::bytes b) { return {b, nullptr}; }
  static segment borrow(mpl::bytes b, std::shared_ptr<const void> owner) { return {b, std::move(owner)}; }
};

class stream_connection : public std::enable_shared_from_this<stream_connection> {
 public:
  using message_handler = std::function<void(stream_connection&, mpl::bytes message)>;
  // Called exactly once, with why: "peer closed", "idle timeout", "framing:
  // length above the bound (found 70000)", "closed by server"...
  using close_handler = std::function<void(stream_connection&, std::string_view reason)>;

  // Takes ownership of `fd` (connected, non-blocking) and starts reading.
  static std::shared_ptr<stream_connection> start(event_loop& loop, int fd, endpoint peer, framer_fn framer,
                                                  stream_limits limits, message_handler on_message,
                                                  close_handler on_close);
  ~stream_connection();
  stream_connection(const stream_connection&) = delete;
  stream_connection& operator=(const stream_connection&) = delete;

  // Queues the segments in order and writes as much as the socket takes.
  // Returns false (and closes) if the connection is closed or the queue
  // would pass limits.max_output.
  bool send(std::span<const segment> segments);
  bool send(std::initializer_list<segment> segments) { return send(std::span(segments.begin(), segments.size())); }
  bool send(mpl::bytes b) { return send({segment::copy(b)}); }

  // Closes now: pending output is dropped. on_close gets `reason`.
  void close(std::string_view reason = "closed by server");
  // Stops reading, writes what is queued, then closes (e.g. after an error
  // reply or a protocol's disconnect message).
  void close_after_flush(std::string_view reason = "closed by server");

  bool is_open() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  const endpoint& peer() const { return peer_; }
  std::size_t queued_output() const { return queued_; }
  std::size_t buffered_input() const { return in_end_ - in_begin_; }
  // Whether reading is paused by back-pressure.
  bool reading_paused() const { return paused_; }

  // Replace the framer (SSH: after key exchange the length is encrypted and
  // the server decrypts the first block inside its own framer).
  void set_framer(framer_fn framer) { framer_ = std::move(framer); }

 private:
  struct pending {
    std::vector<std::uint8_t> owned;
    mpl::bytes data;
    std::shared_ptr<const void> keep_alive;
  };

  stream_connection(event_loop& loop, int fd, endpoint peer, framer_fn framer, stream_limits limits,
                    message_handler on_message, close_handler on_close);
  void on_events(std::uint32_t events);
  void read_some();
  void deliver_messages();
  bool flush();
  void update_interest();
  void arm_idle_timer();
  void touch() { last_activity_ = event_loop::clock::now(); }

  event_loop& loop_;
  int fd_;
  endpoint peer_;
  framer_fn framer_;
  stream_limits limits_;
  message_handler on_message_;
  close_handler on_close_;

  std::vector<std::uint8_t> in_;  // grows up to limits_.max_input
  std::size_t in_begin_ = 0;
  std::size_t in_end_ = 0;
  bool peer_closed_ = false;

  std::deque<pending> out_;
  std::size_t out_offset_ = 0;  // bytes of out_.front() already written
  std::size_t queued_ = 0;
  bool paused_ = false;
  bool closing_ = false;  // close_after_flush() was called
  std::string closing_reason_;
  std::uint32_t interest_ = 0;
  bool delivering_ = false;

  timer_id idle_timer_ = 0;
  event_loop::clock::time_point last_activity_;
};

struct tcp_server_options {
  std::size_t max_connections = 1024;  // more wait in the kernel's backlog
  stream_limits limits;
};

// Accepts on a listening socket and runs a stream_connection per client.
class tcp_server {
 public:
  // What a server does with one connection; returned by the accept handler,
  // which can set up per-connection state and capture it in both lambdas.
  struct handlers {
    stream_connection::message_handler on_message;
    stream_connection::close_handler on_close;  // may be empty
  };
  using accept_handler = std::function<handlers(const endpoint& peer)>;

  // Takes ownership of `listen_fd` (from listen_tcp()).
  tcp_server(event_loop& loop, int listen_fd, framer_fn framer, tcp_server_options options, accept_handler on_accept);
  ~tcp_server();  // closes the listening socket and every connection
  tcp_server(const tcp_server&) = delete;
  tcp_server& operator=(const tcp_server&) = delete;

  std::size_t connection_count() const { return connections_.size(); }
  std::uint64_t accepted_total() const { return accepted_; }
  // Closes every connection (reason "server stopping") and stops accepting.
  void close_all();

 private:
  void on_acceptable();
  void pause_accepting(bool paused);

  event_loop& loop_;
  int listen_fd_;
  framer_fn framer_;
  tcp_server_options options_;
  accept_handler on_accept_;
  std::unordered_set<std::shared_ptr<stream_connection>> connections_;
  bool accept_paused_ = false;
  timer_id retry_timer_ = 0;
  std::uint64_t accepted_ = 0;
  // Connections' close handlers check it: the server may be gone by then.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace mpl::server

#endif  // MPL_SERVER_KIT_STREAM_CONNECTION_H_
