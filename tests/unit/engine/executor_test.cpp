#include "core/executor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "core/task_group.h"

namespace ovos::core {
namespace {

using namespace std::chrono_literals;

TEST(ManualExecutorTest, RunsTimersInDueOrderAtTheirTime) {
  ManualClock clock;
  ManualExecutor executor(clock);
  std::vector<std::pair<int, std::int64_t>> fired;
  auto at = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock.now().time_since_epoch())
        .count();
  };
  executor.post_after(30ms, [&] { fired.push_back({3, at()}); });
  executor.post_after(10ms, [&] {
    fired.push_back({1, at()});
    executor.post_after(5ms, [&] { fired.push_back({2, at()}); });
  });
  auto cancelled = executor.post_after(20ms, [&] { fired.push_back({9, at()}); });
  cancelled.cancel();
  executor.advance(100ms);
  ASSERT_EQ(fired.size(), 3u);
  EXPECT_EQ(fired[0], (std::pair<int, std::int64_t>{1, 10}));
  EXPECT_EQ(fired[1], (std::pair<int, std::int64_t>{2, 15}));
  EXPECT_EQ(fired[2], (std::pair<int, std::int64_t>{3, 30}));
  EXPECT_EQ(at(), 100);
  EXPECT_EQ(executor.pending(), 0u);
}

TEST(ComputePoolTest, RunsWorkAndRefusesWhenFull) {
  ComputePool pool(2, 4);
  std::promise<void> gate;
  auto opened = gate.get_future().share();
  std::atomic<int> done{0};
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(pool.submit([opened, &done] {
      opened.wait();
      ++done;
    }));
  }
  // Both workers are blocked; four more fit in the queue, the fifth does not.
  while (pool.queued() != 0)
    std::this_thread::yield();
  for (int i = 0; i < 4; ++i)
    EXPECT_TRUE(pool.submit([&done] { ++done; }));
  EXPECT_FALSE(pool.submit([] {}));
  gate.set_value();
  while (done.load() != 6)
    std::this_thread::yield();
  EXPECT_EQ(pool.threads(), 2u);
}

TEST(TaskGroupTest, NothingRunsAfterClose) {
  ManualClock clock;
  ManualExecutor executor(clock);
  int ran = 0;
  auto callback = [&] {
    core::TaskGroup group(executor);
    group.post([&] { ++ran; });
    group.post_after(10ms, [&] { ++ran; });
    return group.guard([&](int n) { ran += n; });
  }();  // the group dies here
  executor.advance(50ms);
  callback(5);
  EXPECT_EQ(ran, 0);
}

}  // namespace
}  // namespace ovos::core
