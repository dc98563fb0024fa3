#include "server_kit/event_loop.h"

#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>

namespace mpl::server {
namespace {

[[noreturn]] void throw_errno(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

// The epoll data word: fd in the low half, the watch's generation in the
// high half, so an event for an fd that was closed and reused by a later
// watch within the same epoll_wait batch is recognised as stale.
std::uint64_t pack(int fd, std::uint32_t generation) {
  return (std::uint64_t{generation} << 32) | static_cast<std::uint32_t>(fd);
}

}  // namespace

event_loop::event_loop() {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) throw_errno("epoll_create1");
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) {
    ::close(epoll_fd_);
    throw_errno("eventfd");
  }
  watch(wake_fd_, EPOLLIN, [this](std::uint32_t) {
    std::uint64_t count = 0;
    [[maybe_unused]] auto n = ::read(wake_fd_, &count, sizeof count);
  });
}

event_loop::~event_loop() {
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

void event_loop::watch(int fd, std::uint32_t events, callback cb) {
  auto it = watches_.find(fd);
  const std::uint32_t generation = next_generation_++;
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = pack(fd, generation);
  if (it != watches_.end()) {
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev) != 0) throw_errno("epoll_ctl(MOD)");
    it->second = std::make_shared<watch_entry>(watch_entry{std::move(cb), generation});
    return;
  }
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) throw_errno("epoll_ctl(ADD)");
  watches_.emplace(fd, std::make_shared<watch_entry>(watch_entry{std::move(cb), generation}));
}

void event_loop::modify(int fd, std::uint32_t events) {
  auto it = watches_.find(fd);
  if (it == watches_.end()) return;
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = pack(fd, it->second->generation);
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev) != 0) throw_errno("epoll_ctl(MOD)");
}

void event_loop::unwatch(int fd) {
  if (watches_.erase(fd) == 0) return;
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
}

timer_id event_loop::after(std::chrono::milliseconds delay, std::function<void()> fn) {
  const timer_id id = next_timer_++;
  const auto due = clock::now() + delay;
  timers_.emplace(id, timer_entry{due, clock::duration::zero(), std::make_shared<std::function<void()>>(std::move(fn))});
  queue_.emplace(std::make_pair(due, id), id);
  return id;
}

timer_id event_loop::every(std::chrono::milliseconds period, std::function<void()> fn) {
  // A zero period would run the timer forever without reaching epoll.
  if (period <= std::chrono::milliseconds::zero()) period = std::chrono::milliseconds(1);
  const timer_id id = after(period, std::move(fn));
  timers_.at(id).period = period;
  return id;
}

void event_loop::cancel(timer_id id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return;
  queue_.erase(std::make_pair(it->second.due, id));
  timers_.erase(it);
}

int event_loop::next_timeout_ms() const {
  if (queue_.empty()) return -1;
  const auto wait = queue_.begin()->first.first - clock::now();
  if (wait <= clock::duration::zero()) return 0;
  // Round up: waking a little late is harmless, early means a wasted turn.
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(wait).count();
  return ms > 60'000 ? 60'000 : static_cast<int>(ms);
}

void event_loop::run_due_timers() {
  const auto now = clock::now();
  // Only timers due now: one a callback adds with a zero delay runs on the
  // next turn, after I/O, so a timer cannot starve the fds.
  std::size_t budget = queue_.size();
  while (budget-- > 0 && !queue_.empty() && queue_.begin()->first.first <= now) {
    const timer_id id = queue_.begin()->second;
    queue_.erase(queue_.begin());
    auto it = timers_.find(id);
    if (it == timers_.end()) continue;
    auto fn = it->second.fn;  // keeps the function alive if it cancels itself
    if (it->second.period > clock::duration::zero()) {
      it->second.due = now + it->second.period;
      queue_.emplace(std::make_pair(it->second.due, id), id);
    } else {
      timers_.erase(it);
    }
    (*fn)();
  }
}

void event_loop::run() {
  std::array<epoll_event, 64> events{};
  for (;;) {
    run_due_timers();
    if (stop_.exchange(false, std::memory_order_relaxed)) return;
    const int n = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), next_timeout_ms());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("epoll_wait");
    }
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
      const int fd = static_cast<int>(static_cast<std::uint32_t>(events[i].data.u64));
      const auto generation = static_cast<std::uint32_t>(events[i].data.u64 >> 32);
      auto it = watches_.find(fd);
      if (it == watches_.end() || it->second->generation != generation) continue;
      auto entry = it->second;  // alive even if the callback unwatches
      entry->cb(events[i].events);
    }
  }
}

void event_loop::stop() {
  stop_.store(true, std::memory_order_relaxed);
  const std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
}

stop_signal::stop_signal() {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGINT);
  if (pthread_sigmask(SIG_BLOCK, &mask, &old_mask_) != 0) throw_errno("pthread_sigmask");
  fd_ = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd_ < 0) {
    pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
    throw_errno("signalfd");
  }
}

stop_signal::~stop_signal() {
  ::close(fd_);
  pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

bool stop_signal::requested() const {
  signalfd_siginfo info{};
  // Bounded: at most the two signals can be pending, each once.
  for (int i = 0; i < 4 && ::read(fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info); ++i) {
    requested_ = true;
    last_ = static_cast<int>(info.ssi_signo);
  }
  return requested_;
}

void stop_signal::attach(event_loop& loop) {
  loop.watch(fd_, EPOLLIN, [this, &loop](std::uint32_t) {
    if (requested()) loop.stop();
  });
}

}  // namespace mpl::server
