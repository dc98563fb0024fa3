#include "session.h"

#include <sys/epoll.h>

#include <cstdio>
#include <set>

namespace ssh_server {

namespace {
// The sessions alive in this process, for SIGCHLD (one event loop, one thread).
std::set<Session*>& live() {
  static std::set<Session*> sessions;
  return sessions;
}
}  // namespace

void Session::for_each_live(const std::function<void(Session&)>& fn) {
  const std::set<Session*> now = live();  // a callback may end a session
  for (Session* s : now) {
    if (live().count(s) != 0) fn(*s);
  }
}

Session::Session(mpl::server::event_loop& loop, SessionConfig config)
    : loop_(loop),
      config_(std::move(config)),
      transport_(config_.transport, [this](const wire::msg::view& m) { connection_.on_message(m); }),
      connection_(transport_, [this] {
        ConnectionConfig c = config_.connection;
        c.closing_fd = [this](int fd) {
          if (watched_.erase(fd) != 0) loop_.unwatch(fd);
        };
        return c;
      }()) {
  live().insert(this);
}

Session::~Session() {
  live().erase(this);
  if (grace_timer_ != 0) loop_.cancel(grace_timer_);
  for (const auto& [fd, events] : watched_) loop_.unwatch(fd);
  watched_.clear();
}

mpl::server::tcp_server::handlers Session::handlers() {
  auto self = shared_from_this();
  // RFC 4252 §4: a client that has not authenticated in time is dropped.
  std::weak_ptr<Session> weak = self;
  grace_timer_ = loop_.after(config_.login_grace, [weak] {
    if (auto s = weak.lock()) {
      s->grace_timer_ = 0;
      if (!s->connection_.authenticated()) {
        s->transport_.disconnect(wire::msg::reason_code_t::ByApplication, "authentication timeout");
        s->settle();
      }
    }
  });
  return {[self](mpl::server::stream_connection& c, mpl::bytes m) { self->on_message(c, m); },
          [self](mpl::server::stream_connection&, std::string_view why) { self->on_closed(why); }};
}

void Session::on_message(mpl::server::stream_connection& c, mpl::bytes message) {
  stream_ = &c;
  if (!framer_installed_) {
    // The version line came through the server's framer; binary packets
    // follow, framed by this connection's transport.
    framer_installed_ = true;
    std::weak_ptr<Session> weak = shared_from_this();
    c.set_framer([weak](mpl::bytes prefix) {
      auto s = weak.lock();
      return s ? s->transport_.frame(prefix) : mpl::frame_status::error("session gone");
    });
  }
  transport_.feed(message);
  settle();
}

void Session::on_fd(int fd, std::uint32_t events) {
  const bool readable = (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0;
  const bool writable = (events & (EPOLLOUT | EPOLLERR)) != 0;
  connection_.on_ready(fd, readable, writable);
  settle();
}

void Session::settle() {
  if (ended_) return;
  auto self = shared_from_this();  // the stream's close handler may drop the last other reference
  connection_.tick();
  Bytes& out = transport_.output();
  if (stream_ != nullptr && !out.empty()) {
    stream_->send(mpl::bytes{out.data(), out.size()});
    out.clear();
  }
  if (transport_.closed()) {
    ended_ = true;
    for (const auto& [fd, events] : watched_) loop_.unwatch(fd);
    watched_.clear();
    // close_after_flush() with nothing queued, called while the kit is
    // delivering a message, never completes (it waits for a flush that has
    // nothing to do): close at once when there is nothing left to send.
    if (stream_ != nullptr && stream_->queued_output() == 0) {
      stream_->close(transport_.close_reason());
    } else if (stream_ != nullptr) {
      stream_->close_after_flush(transport_.close_reason());
    }
    return;
  }
  sync_watches();
}

void Session::sync_watches() {
  const std::size_t queued = stream_ != nullptr ? stream_->queued_output() : 0;
  std::vector<Watch> want;
  connection_.watches(want, queued);
  std::map<int, std::uint32_t> next;
  for (const Watch& w : want) next[w.fd] |= (w.read ? EPOLLIN : 0u) | (w.write ? EPOLLOUT : 0u);
  for (auto it = watched_.begin(); it != watched_.end();) {
    if (next.count(it->first) == 0) {
      loop_.unwatch(it->first);
      it = watched_.erase(it);
    } else {
      ++it;
    }
  }
  std::weak_ptr<Session> weak = shared_from_this();
  for (const auto& [fd, events] : next) {
    auto it = watched_.find(fd);
    if (it == watched_.end()) {
      loop_.watch(fd, events, [weak, fd = fd](std::uint32_t ev) {
        if (auto s = weak.lock()) s->on_fd(fd, ev);
      });
      watched_[fd] = events;
    } else if (it->second != events) {
      loop_.modify(fd, events);
      it->second = events;
    }
  }
  // Output held back for a slow socket: look again shortly (the kit has
  // no "drained" callback).
  if (!recheck_armed_ && connection_.output_blocked(queued)) {
    recheck_armed_ = true;
    loop_.after(std::chrono::milliseconds(1), [weak] {
      if (auto s = weak.lock()) {
        s->recheck_armed_ = false;
        s->settle();
      }
    });
  }
}

void Session::on_closed(std::string_view reason) {
  const std::string why = transport_.close_reason().empty() ? std::string(reason) : transport_.close_reason();
  std::fprintf(stderr, "ssh_server: connection closed after %llu key exchange(s): %s\n",
               static_cast<unsigned long long>(transport_.kex_count()), why.c_str());
  stream_ = nullptr;
  ended_ = true;
  for (const auto& [fd, events] : watched_) loop_.unwatch(fd);
  watched_.clear();
}

}  // namespace ssh_server
