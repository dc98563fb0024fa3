#include "server_kit/stream_connection.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace mpl::server {
namespace {

// Segments written by one sendmsg: enough to batch many small replies,
// well under IOV_MAX.
constexpr std::size_t iov_batch = 64;
// Copied segments are coalesced into one queue entry up to this size, so a
// burst of small replies does not become a burst of tiny iovecs.
constexpr std::size_t coalesce_limit = 4096;
// Reads per readiness event before other sockets get a turn (level-triggered
// epoll reports the socket again if bytes remain).
constexpr int reads_per_event = 4;
constexpr std::size_t initial_input = 4096;
constexpr std::size_t shrink_above = 16 * 1024;

std::string errno_text(const char* what, int err) { return std::string(what) + ": " + std::strerror(err); }

}  // namespace

std::shared_ptr<stream_connection> stream_connection::start(event_loop& loop, int fd, endpoint peer, framer_fn framer,
                                                            stream_limits limits, message_handler on_message,
                                                            close_handler on_close) {
  std::shared_ptr<stream_connection> c(new stream_connection(loop, fd, peer, std::move(framer), limits,
                                                             std::move(on_message), std::move(on_close)));
  std::weak_ptr<stream_connection> weak = c;
  c->interest_ = EPOLLIN;
  loop.watch(fd, EPOLLIN, [weak](std::uint32_t events) {
    if (auto self = weak.lock()) self->on_events(events);
  });
  c->touch();
  c->arm_idle_timer();
  return c;
}

stream_connection::stream_connection(event_loop& loop, int fd, endpoint peer, framer_fn framer, stream_limits limits,
                                     message_handler on_message, close_handler on_close)
    : loop_(loop),
      fd_(fd),
      peer_(peer),
      framer_(std::move(framer)),
      limits_(limits),
      on_message_(std::move(on_message)),
      on_close_(std::move(on_close)) {
  if (limits_.max_input == 0) limits_.max_input = 1;
  if (limits_.max_output < limits_.output_high_water) limits_.max_output = limits_.output_high_water;
}

stream_connection::~stream_connection() {
  // Only reached without close() when the owner drops a live connection.
  if (fd_ >= 0) {
    loop_.unwatch(fd_);
    loop_.cancel(idle_timer_);
    ::close(fd_);
  }
}

void stream_connection::on_events(std::uint32_t events) {
  if (events & EPOLLERR) {
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len);
    close(errno_text("socket error", err));
    return;
  }
  if ((events & EPOLLOUT) && !flush()) return;
  if (is_open() && (events & (EPOLLIN | EPOLLHUP))) read_some();
  // epoll reports a hang-up whatever the interest set; while reading is
  // paused it would be reported again at once, forever. Nothing can be
  // sent on a hung-up socket, so the connection is over.
  if (is_open() && (events & EPOLLHUP) && (paused_ || closing_ || peer_closed_)) close("peer hung up");
}

void stream_connection::read_some() {
  std::size_t budget = std::max<std::size_t>(limits_.read_per_event, 1);
  for (int round = 0; round < reads_per_event && budget > 0 && is_open() && !paused_ && !closing_ && !peer_closed_;
       ++round) {
    if (in_end_ == in_.size() && in_begin_ > 0) {
      std::memmove(in_.data(), in_.data() + in_begin_, in_end_ - in_begin_);
      in_end_ -= in_begin_;
      in_begin_ = 0;
    }
    if (in_end_ == in_.size()) {
      if (in_.size() >= limits_.max_input) {
        // deliver_messages() closes before this can happen; kept as the bound.
        close("input buffer full");
        return;
      }
      in_.resize(std::min(limits_.max_input, std::max(initial_input, 2 * in_.size())));
    }
    const std::size_t space = std::min(in_.size() - in_end_, budget);
    const ssize_t n = ::read(fd_, in_.data() + in_end_, space);
    if (n > 0) {
      in_end_ += static_cast<std::size_t>(n);
      budget -= static_cast<std::size_t>(n);
      touch();
      deliver_messages();
      if (static_cast<std::size_t>(n) < space) break;  // the socket is most likely drained
      continue;
    }
    if (n == 0) {
      peer_closed_ = true;
      deliver_messages();
      if (!is_open()) return;
      if (buffered_input() > 0) {
        close("peer closed mid-message (" + std::to_string(buffered_input()) + " bytes pending)");
      } else if (queued_ > 0) {
        close_after_flush("peer closed");
      } else {
        close("peer closed");
      }
      return;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) close(errno_text("read", errno));
    break;
  }
  update_interest();
}

void stream_connection::deliver_messages() {
  if (delivering_) return;
  delivering_ = true;
  while (is_open()) {
    bool delivered = false;
    while (is_open() && !paused_ && !closing_ && in_begin_ < in_end_) {
      const std::size_t avail = in_end_ - in_begin_;
      const mpl::frame_status st = framer_(mpl::bytes(in_.data() + in_begin_, avail));
      if (st.is_error()) {
        close("framing: " + std::string(st.message()) + " (found " + std::to_string(st.found()) + ")");
        break;
      }
      if (st.is_need_more()) {
        if (st.size() <= avail) {
          close("framing: the framer asked for " + std::to_string(st.size()) + " bytes with " +
                std::to_string(avail) + " buffered");
        } else if (st.size() > limits_.max_input) {
          close("message of " + std::to_string(st.size()) + " bytes exceeds the input limit of " +
                std::to_string(limits_.max_input));
        }
        break;
      }
      const std::size_t size = st.size();
      if (size == 0 || size > avail) {
        close("framing: the framer reported a message of " + std::to_string(size) + " bytes with " +
              std::to_string(avail) + " buffered");
        break;
      }
      // The span stays valid during the call: nothing reads into in_ while
      // a message is being delivered.
      on_message_(*this, mpl::bytes(in_.data() + in_begin_, size));
      in_begin_ += size;
      delivered = true;
    }
    if (!is_open()) break;
    if (queued_ > 0 && !flush()) break;
    if (!delivered || paused_) break;
  }
  if (in_begin_ == in_end_) {
    in_begin_ = in_end_ = 0;
    // A large message grew the buffer; an idle connection gives it back.
    if (in_.size() > shrink_above) {
      in_.clear();
      in_.shrink_to_fit();
    }
  }
  delivering_ = false;
  update_interest();
}

bool stream_connection::send(std::span<const segment> segments) {
  if (!is_open() || closing_) return false;
  std::size_t total = 0;
  for (const auto& s : segments) total += s.data.size();
  if (total > limits_.max_output - queued_) {
    close("output queue over the limit of " + std::to_string(limits_.max_output) + " bytes");
    return false;
  }
  for (const auto& s : segments) {
    if (s.data.empty()) continue;
    if (s.keep_alive) {
      out_.push_back(pending{{}, s.data, s.keep_alive});
      continue;
    }
    if (!out_.empty() && !out_.back().owned.empty() &&
        out_.back().owned.size() + s.data.size() <= coalesce_limit) {
      auto& back = out_.back();
      back.owned.insert(back.owned.end(), s.data.begin(), s.data.end());
      back.data = mpl::bytes(back.owned.data(), back.owned.size());
      continue;
    }
    pending p;
    p.owned.assign(s.data.begin(), s.data.end());
    p.data = mpl::bytes(p.owned.data(), p.owned.size());
    out_.push_back(std::move(p));
  }
  queued_ += total;
  // Back-pressure: no more reading or delivering until the queue drains.
  if (queued_ > limits_.output_high_water) paused_ = true;
  // While messages are being delivered the replies are gathered and written
  // together by deliver_messages(): one sendmsg for a burst of requests.
  if (!delivering_) {
    if (!flush()) return false;
    update_interest();
  }
  return is_open();
}

bool stream_connection::flush() {
  while (is_open() && !out_.empty()) {
    std::array<iovec, iov_batch> iov{};
    std::size_t count = 0;
    std::size_t offered = 0;
    for (auto it = out_.begin(); it != out_.end() && count < iov_batch; ++it, ++count) {
      const std::size_t skip = count == 0 ? out_offset_ : 0;
      iov[count].iov_base = const_cast<std::uint8_t*>(it->data.data() + skip);
      iov[count].iov_len = it->data.size() - skip;
      offered += iov[count].iov_len;
    }
    msghdr msg{};
    msg.msg_iov = iov.data();
    msg.msg_iovlen = count;
    const ssize_t n = ::sendmsg(fd_, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      close(errno_text("write", errno));
      return false;
    }
    touch();
    auto written = static_cast<std::size_t>(n);
    queued_ -= written;
    while (written > 0) {
      const std::size_t left = out_.front().data.size() - out_offset_;
      if (written < left) {
        out_offset_ += written;
        break;
      }
      written -= left;
      out_.pop_front();
      out_offset_ = 0;
    }
    if (static_cast<std::size_t>(n) < offered) break;  // the socket buffer is full
  }
  if (paused_ && queued_ <= limits_.output_high_water / 2) {
    paused_ = false;
    // Messages already buffered were held back; hand them out now.
    if (!delivering_) deliver_messages();
  }
  if (closing_ && out_.empty() && is_open()) {
    close(closing_reason_);
    return false;
  }
  if (!delivering_) update_interest();
  return is_open();
}

void stream_connection::update_interest() {
  if (!is_open()) return;
  std::uint32_t want = 0;
  if (!paused_ && !closing_ && !peer_closed_) want |= EPOLLIN;
  if (!out_.empty()) want |= EPOLLOUT;
  if (want != interest_) {
    loop_.modify(fd_, want);
    interest_ = want;
  }
}

void stream_connection::arm_idle_timer() {
  if (limits_.idle_timeout <= std::chrono::milliseconds::zero()) return;
  const auto idle = event_loop::clock::now() - last_activity_;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(limits_.idle_timeout - idle);
  std::weak_ptr<stream_connection> weak = weak_from_this();
  idle_timer_ = loop_.after(std::max(left, std::chrono::milliseconds(1)), [weak] {
    auto self = weak.lock();
    if (!self || !self->is_open()) return;
    self->idle_timer_ = 0;
    if (event_loop::clock::now() - self->last_activity_ >= self->limits_.idle_timeout) {
      self->close("idle timeout");
    } else {
      self->arm_idle_timer();
    }
  });
}

void stream_connection::close(std::string_view reason) {
  if (fd_ < 0) return;
  auto self = shared_from_this();  // on_close may drop the last other owner
  loop_.unwatch(fd_);
  loop_.cancel(idle_timer_);
  idle_timer_ = 0;
  ::close(fd_);
  fd_ = -1;
  out_.clear();
  queued_ = 0;
  if (auto cb = std::move(on_close_)) {
    on_close_ = nullptr;
    cb(*this, reason);
  }
}

void stream_connection::close_after_flush(std::string_view reason) {
  if (!is_open() || closing_) return;
  closing_ = true;
  closing_reason_ = reason;
  if (!delivering_) flush();
}

tcp_server::tcp_server(event_loop& loop, int listen_fd, framer_fn framer, tcp_server_options options,
                       accept_handler on_accept)
    : loop_(loop),
      listen_fd_(listen_fd),
      framer_(std::move(framer)),
      options_(options),
      on_accept_(std::move(on_accept)) {
  loop_.watch(listen_fd_, EPOLLIN, [this](std::uint32_t) { on_acceptable(); });
}

tcp_server::~tcp_server() {
  close_all();
  *alive_ = false;
}

void tcp_server::pause_accepting(bool paused) {
  if (paused == accept_paused_ || listen_fd_ < 0) return;
  loop_.modify(listen_fd_, paused ? 0u : std::uint32_t{EPOLLIN});
  accept_paused_ = paused;
}

void tcp_server::on_acceptable() {
  // Bounded per wakeup so a connection flood cannot starve open connections.
  for (int i = 0; i < 64; ++i) {
    if (connections_.size() >= options_.max_connections) {
      pause_accepting(true);  // resumed when a connection closes
      return;
    }
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    const int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // Out of descriptors: the listening socket would stay readable and
        // spin the loop. Retry after a pause, once some may have closed.
        pause_accepting(true);
        retry_timer_ = loop_.after(std::chrono::milliseconds(100), [this] {
          retry_timer_ = 0;
          pause_accepting(false);
        });
      }
      return;
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // replies are batched by the connection
    const endpoint peer = endpoint::from(reinterpret_cast<const sockaddr*>(&ss), len);
    handlers h = on_accept_(peer);
    if (!h.on_message) {  // the server refused this peer
      ::close(fd);
      continue;
    }
    auto on_close = [this, alive = alive_, user = std::move(h.on_close)](stream_connection& c, std::string_view why) {
      if (user) user(c, why);
      if (!*alive) return;
      connections_.erase(c.shared_from_this());
      if (retry_timer_ == 0) pause_accepting(false);
    };
    connections_.insert(stream_connection::start(loop_, fd, peer, framer_, options_.limits, std::move(h.on_message),
                                                 std::move(on_close)));
    ++accepted_;
  }
}

void tcp_server::close_all() {
  if (listen_fd_ >= 0) {
    loop_.unwatch(listen_fd_);
    ::close(listen_fd_);
    listen_fd_ = -1;
  }
  loop_.cancel(retry_timer_);
  retry_timer_ = 0;
  std::vector<std::shared_ptr<stream_connection>> open(connections_.begin(), connections_.end());
  for (auto& c : open) c->close("server stopping");
  connections_.clear();
}

}  // namespace mpl::server
