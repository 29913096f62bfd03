// One call's blocking writes on a shared pool: in order, one at a time, never lost.

#include "engine/recording/serial_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <stdexcept>
#include <vector>

namespace ovos::engine {
namespace {

TEST(RecordingSerialQueueTest, RunsTasksOneAtATimeInOrderAcrossPoolThreads) {
  core::ComputePool pool(4, 256);
  SerialQueue queue(pool);
  std::vector<int> seen;  // unsynchronized on purpose: tasks must not overlap
  std::atomic<int> running{0};
  std::atomic<int> overlaps{0};
  for (int i = 0; i < 200; ++i) {
    queue.post([&, i] {
      if (running.fetch_add(1) != 0) ++overlaps;
      seen.push_back(i);
      running.fetch_sub(1);
    });
  }
  queue.wait_idle();
  EXPECT_TRUE(queue.idle());
  EXPECT_EQ(overlaps.load(), 0);
  ASSERT_EQ(seen.size(), 200u);
  for (int i = 0; i < 200; ++i)
    EXPECT_EQ(seen[static_cast<std::size_t>(i)], i);
}

TEST(RecordingSerialQueueTest, WorkThePoolRefusesRunsInWaitIdle) {
  core::ComputePool pool(1, 1);
  std::promise<void> entered;
  std::promise<void> release;
  ASSERT_TRUE(pool.submit([&entered, done = release.get_future().share()] {
    entered.set_value();
    done.wait();
  }));
  entered.get_future().wait();
  ASSERT_TRUE(pool.submit([] {}));  // the pool's queue is full now
  SerialQueue queue(pool);
  std::vector<int> seen;
  queue.post([&] { seen.push_back(1); });
  queue.post([&] { seen.push_back(2); });
  EXPECT_FALSE(queue.idle());
  queue.wait_idle();  // runs them here: the pool's only thread is busy
  EXPECT_EQ(seen, (std::vector<int>{1, 2}));
  release.set_value();
}

TEST(RecordingSerialQueueTest, ATaskThatThrowsDoesNotStopTheOthers) {
  core::ComputePool pool(1, 8);
  SerialQueue queue(pool);
  int after = 0;
  queue.post([] { throw std::runtime_error("disk on fire"); });
  queue.post([&] { ++after; });
  queue.wait_idle();
  EXPECT_EQ(after, 1);
}

}  // namespace
}  // namespace ovos::engine
