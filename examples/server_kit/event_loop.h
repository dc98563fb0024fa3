// A single-threaded epoll event loop with monotonic timers, and the stop
// flag SIGTERM/SIGINT drive.
//
// One loop per thread. Every callback runs on the thread inside run();
// callbacks may watch, unwatch, add or cancel timers and stop the loop,
// including for the fd or timer that is running. stop() alone may also be
// called from another thread (it wakes the loop through an eventfd).
#ifndef MPL_SERVER_KIT_EVENT_LOOP_H_
#define MPL_SERVER_KIT_EVENT_LOOP_H_

#include <sys/epoll.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

namespace mpl::server {

using timer_id = std::uint64_t;

class event_loop {
 public:
  using clock = std::chrono::steady_clock;
  // Receives the epoll events that fired (EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP...).
  using callback = std::function<void(std::uint32_t events)>;

  // Throws std::system_error if the epoll or eventfd cannot be created.
  event_loop();
  ~event_loop();
  event_loop(const event_loop&) = delete;
  event_loop& operator=(const event_loop&) = delete;

  // Level-triggered. watch() of an fd already watched replaces its
  // callback and events. The loop does not own the fd: unwatch before close.
  void watch(int fd, std::uint32_t events, callback cb);
  void modify(int fd, std::uint32_t events);
  void unwatch(int fd);
  bool watching(int fd) const { return watches_.count(fd) != 0; }

  // One-shot timer; `every` repeats until cancelled. cancel() of a timer
  // that already ran or was cancelled does nothing.
  timer_id after(std::chrono::milliseconds delay, std::function<void()> fn);
  timer_id every(std::chrono::milliseconds period, std::function<void()> fn);
  void cancel(timer_id id);

  // Runs until stop(). A stop() before run() makes run() return at once,
  // after running what is already due.
  void run();
  void stop();
  bool stopped() const { return stop_.load(std::memory_order_relaxed); }

  std::size_t watch_count() const { return watches_.size(); }
  std::size_t timer_count() const { return timers_.size(); }

 private:
  struct watch_entry {
    callback cb;
    std::uint32_t generation;
  };
  struct timer_entry {
    clock::time_point due;
    clock::duration period;  // zero: one-shot
    std::shared_ptr<std::function<void()>> fn;
  };

  int next_timeout_ms() const;
  void run_due_timers();

  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::atomic<bool> stop_{false};
  std::uint32_t next_generation_ = 1;
  std::unordered_map<int, std::shared_ptr<watch_entry>> watches_;
  timer_id next_timer_ = 1;
  std::map<std::pair<clock::time_point, timer_id>, timer_id> queue_;  // ordered by due time
  std::unordered_map<timer_id, timer_entry> timers_;
};

// Blocks SIGTERM and SIGINT in the calling thread and receives them through a
// signalfd instead. Create it in main() before starting any thread, so every
// thread inherits the mask. The destructor restores the previous mask.
class stop_signal {
 public:
  stop_signal();  // throws std::system_error on failure
  ~stop_signal();
  stop_signal(const stop_signal&) = delete;
  stop_signal& operator=(const stop_signal&) = delete;

  // Readable when a signal is pending.
  int fd() const { return fd_; }
  // True once SIGTERM or SIGINT arrived (drains the signalfd).
  bool requested() const;
  // Makes `loop` stop on SIGTERM/SIGINT.
  void attach(event_loop& loop);
  // Which signal arrived last (0 if none).
  int signal_number() const { return last_; }

 private:
  int fd_ = -1;
  sigset_t old_mask_{};
  mutable bool requested_ = false;
  mutable int last_ = 0;
};

}  // namespace mpl::server

#endif  // MPL_SERVER_KIT_EVENT_LOOP_H_
