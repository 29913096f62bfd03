#include "net/event_loop.h"

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace ovos::net {
namespace {

using namespace std::chrono_literals;

/// Collects the order in which tasks ran; the test thread waits for a count.
class Trace {
 public:
  void add(int v) {
    {
      std::lock_guard lock(mutex_);
      values_.push_back(v);
    }
    cv_.notify_all();
  }
  std::vector<int> wait_for(std::size_t n, std::chrono::milliseconds timeout = 5s) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, timeout, [&] { return values_.size() >= n; });
    return values_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<int> values_;
};

TEST(EventLoopTest, RunsPostedTasksInOrderOnItsOwnThread) {
  Trace trace;  // outlives the loop
  auto loop = EventLoop::start("test-loop");
  EXPECT_EQ(loop->name(), "test-loop");
  EXPECT_FALSE(loop->running_in_this_thread());
  std::promise<std::thread::id> where;
  for (int i = 0; i < 100; ++i) {
    loop->post([&, i] {
      if (i == 0) where.set_value(std::this_thread::get_id());
      EXPECT_TRUE(loop->running_in_this_thread());
      trace.add(i);
    });
  }
  std::vector<int> expected(100);
  for (int i = 0; i < 100; ++i)
    expected[static_cast<std::size_t>(i)] = i;
  EXPECT_EQ(trace.wait_for(100), expected);
  EXPECT_NE(where.get_future().get(), std::this_thread::get_id());
}

TEST(EventLoopTest, TimersFireInDueOrderAndCancelledOnesNever) {
  Trace trace;  // outlives the loop
  auto loop = EventLoop::start("timers");
  const auto start = loop->clock().now();
  loop->post_after(60ms, [&] { trace.add(3); });
  auto cancelled = loop->post_after(20ms, [&] { trace.add(99); });
  loop->post_after(30ms, [&] { trace.add(2); });
  loop->post_after(0ms, [&] { trace.add(1); });
  EXPECT_TRUE(cancelled.active());
  cancelled.cancel();
  EXPECT_FALSE(cancelled.active());
  EXPECT_EQ(trace.wait_for(3), (std::vector<int>{1, 2, 3}));
  EXPECT_GE(loop->clock().now() - start, 60ms) << "a timer never fires early";
  // The cancelled timer was due long ago: had it run, it would be in the trace by now.
  loop->post_after(30ms, [&] { trace.add(4); });
  EXPECT_EQ(trace.wait_for(4), (std::vector<int>{1, 2, 3, 4}));
}

TEST(EventLoopTest, CancelFromTheLoopItselfAndAfterFiring) {
  Trace trace;  // outlives the loop
  auto loop = EventLoop::start("cancel");
  core::TimerHandle later;
  loop->post([&] {
    later = loop->post_after(20ms, [&] { trace.add(99); });
    loop->post_after(10ms, [&] {
      later.cancel();
      trace.add(1);
    });
    loop->post_after(40ms, [&] { trace.add(2); });
  });
  EXPECT_EQ(trace.wait_for(2), (std::vector<int>{1, 2}));
  auto fired = loop->post_after(0ms, [&] { trace.add(3); });
  EXPECT_EQ(trace.wait_for(3), (std::vector<int>{1, 2, 3}));
  EXPECT_FALSE(fired.active()) << "a fired timer is no longer active";
  fired.cancel();  // harmless
}

TEST(EventLoopTest, ThrowingTaskDoesNotStopTheLoop) {
  Trace trace;  // outlives the loop
  auto loop = EventLoop::start("throws");
  loop->post([] { throw std::runtime_error("boom"); });
  loop->post_after(1ms, [] { throw 42; });
  loop->post_after(5ms, [&] { trace.add(1); });
  EXPECT_EQ(trace.wait_for(1), (std::vector<int>{1}));
}

TEST(EventLoopTest, StopJoinsIsIdempotentAndDropsLaterWork) {
  Trace trace;  // outlives the loop
  auto loop = EventLoop::start("stops");
  loop->post([&] { trace.add(1); });
  EXPECT_EQ(trace.wait_for(1).size(), 1U);
  auto pending = loop->post_after(10s, [&] { trace.add(99); });
  const auto before = std::chrono::steady_clock::now();
  loop->stop();
  loop->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2s) << "stop does not wait for timers";
  loop->post([&] { trace.add(2); });  // accepted, never run
  loop.reset();
  EXPECT_EQ(trace.wait_for(2, 50ms), (std::vector<int>{1}));
}

}  // namespace
}  // namespace ovos::net
