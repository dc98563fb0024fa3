#include "server_kit/event_loop.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <thread>
#include <vector>

namespace mpl::server {
namespace {

using std::chrono::milliseconds;

TEST(EventLoop, TimersRunInDueOrderAndCancelledOnesDoNot) {
  event_loop loop;
  std::vector<int> order;
  loop.after(milliseconds(30), [&] { order.push_back(3); });
  loop.after(milliseconds(10), [&] { order.push_back(1); });
  const timer_id dropped = loop.after(milliseconds(15), [&] { order.push_back(99); });
  loop.after(milliseconds(20), [&] { order.push_back(2); });
  loop.after(milliseconds(40), [&] { loop.stop(); });
  loop.cancel(dropped);
  loop.cancel(dropped);  // twice is harmless
  loop.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(loop.timer_count(), 0u);
}

TEST(EventLoop, RepeatingTimerRunsUntilCancelledFromItself) {
  event_loop loop;
  int runs = 0;
  timer_id id = 0;
  id = loop.every(milliseconds(2), [&] {
    if (++runs == 5) {
      loop.cancel(id);
      loop.after(milliseconds(20), [&] { loop.stop(); });
    }
  });
  const auto start = event_loop::clock::now();
  loop.run();
  EXPECT_EQ(runs, 5);
  EXPECT_GE(event_loop::clock::now() - start, milliseconds(10 + 20));
}

TEST(EventLoop, WatchesAPipeAndUnwatchesFromTheCallback) {
  event_loop loop;
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  int calls = 0;
  loop.watch(fds[0], EPOLLIN, [&](std::uint32_t events) {
    EXPECT_TRUE(events & EPOLLIN);
    char c;
    ASSERT_EQ(read(fds[0], &c, 1), 1);
    EXPECT_EQ(c, 'x');
    ++calls;
    loop.unwatch(fds[0]);  // level-triggered: a second byte would fire again
    loop.stop();
  });
  ASSERT_EQ(write(fds[1], "xx", 2), 2);
  loop.run();
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(loop.watching(fds[0]));
  close(fds[0]);
  close(fds[1]);
}

TEST(EventLoop, StopFromAnotherThreadWakesTheLoop) {
  event_loop loop;
  std::thread stopper([&] {
    std::this_thread::sleep_for(milliseconds(20));
    loop.stop();
  });
  loop.run();  // no fd, no timer: only the stop can end it
  stopper.join();
  SUCCEED();
}

TEST(EventLoop, StopBeforeRunReturnsAtOnce) {
  event_loop loop;
  bool ran = false;
  loop.after(milliseconds(0), [&] { ran = true; });
  loop.stop();
  loop.run();
  EXPECT_TRUE(ran);
}

TEST(StopSignal, SigtermStopsTheLoop) {
  event_loop loop;
  stop_signal stop;
  stop.attach(loop);
  EXPECT_FALSE(stop.requested());
  loop.after(milliseconds(5), [] { ::raise(SIGTERM); });
  // A bound, so a lost signal fails the test instead of hanging it.
  bool timed_out = false;
  loop.after(milliseconds(20'000), [&] {
    timed_out = true;
    loop.stop();
  });
  loop.run();
  EXPECT_FALSE(timed_out);
  EXPECT_TRUE(stop.requested());
  EXPECT_EQ(stop.signal_number(), SIGTERM);
}

}  // namespace
}  // namespace mpl::server
