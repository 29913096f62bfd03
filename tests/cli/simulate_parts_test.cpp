// The pieces of `openvoiceos simulate` that have rules of their own: the caller script format
// and the wait for the compute pool to go idle.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "app/simulate_caller.h"
#include "app/simulate_pool_idle.h"

namespace ovos::app {
namespace {

using namespace std::chrono_literals;

TEST(CallerScriptTest, ReadsTimedLinesAndSkipsCommentsAndBlankLines) {
  auto lines = parse_caller_script(
      "# a caller\n"
      "\n"
      "at 3: what are your opening hours\n"
      "   at 4.25:   do you sell bread  \r\n"
      "  # indented comment\n"
      "at\t10: goodbye");
  ASSERT_TRUE(lines.ok()) << lines.error().message;
  ASSERT_EQ(lines->size(), 3U);
  EXPECT_EQ((*lines)[0].line, 3);
  EXPECT_DOUBLE_EQ((*lines)[0].at_seconds, 3.0);
  EXPECT_EQ((*lines)[0].text, "what are your opening hours");
  EXPECT_EQ((*lines)[1].line, 4);
  EXPECT_DOUBLE_EQ((*lines)[1].at_seconds, 4.25);
  EXPECT_EQ((*lines)[1].text, "do you sell bread");
  EXPECT_EQ((*lines)[2].line, 6);
  EXPECT_EQ((*lines)[2].text, "goodbye");
}

TEST(CallerScriptTest, NamesTheLineOfEachKindOfMistake) {
  const std::pair<const char*, const char*> cases[] = {
      {"at 1: hi\n3: hello", "line 2: expected `at <seconds>: <words>`"},
      {"at 1 hello", "line 1: expected `at <seconds>: <words>`"},
      {"at1: hello", "line 1: expected `at <seconds>: <words>`"},
      {"\n\nat soon: hello", "line 3: `soon` is not a number of seconds"},
      {"at -1: hello", "line 1: the time must be between 0 and 3600 seconds"},
      {"at 1e3: hello", "line 1: `1e3` is not a number of seconds"},
      {"at 4000: hello", "line 1: the time must be between 0 and 3600 seconds"},
      {"at 2:   ", "line 1: nothing to say after the colon"},
      {"at 2: hello\nat 2: again", "line 2: its time must be later than the previous line's"},
      {"# nothing\n", "the script has no `at <seconds>: <words>` line"},
  };
  for (const auto& [text, message] : cases) {
    auto lines = parse_caller_script(text);
    ASSERT_FALSE(lines.ok()) << text;
    EXPECT_EQ(lines.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(lines.error().message.find(message), std::string::npos)
        << text << " -> " << lines.error().message;
  }
}

TEST(CallerScriptTest, PlacesUtterancesAtTheirTimesAndMovesOnesThatWouldOverlap) {
  auto caller = synthesize_script({{1, 0.5, "hello"}, {2, 0.6, "goodbye"}});
  ASSERT_TRUE(caller.ok()) << caller.error().message;
  EXPECT_EQ(caller->sample_rate, 16000);
  // Silence until 0.5 s, then speech.
  for (std::size_t i = 0; i < 8000; ++i)
    ASSERT_EQ(caller->samples[i], 0) << i;
  ASSERT_EQ(caller->warnings.size(), 1U);
  EXPECT_NE(caller->warnings[0].find("line 2"), std::string::npos) << caller->warnings[0];
  EXPECT_GT(caller->duration_ms(), 1000);
}

TEST(PoolIdleTest, ReturnsOnlyAfterRunningWorkHasFinished) {
  core::ComputePool pool(2, 64);
  std::atomic<int> done{0};
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(pool.submit([&done] {
      std::this_thread::sleep_for(50ms);
      ++done;
    }));
  }
  auto idle = wait_pool_idle(pool, 5s);
  ASSERT_TRUE(idle.ok());
  EXPECT_TRUE(*idle);
  EXPECT_EQ(done.load(), 3);
}

TEST(PoolIdleTest, WorkSubmittedByWorkIsWaitedForByAskingAgain) {
  core::ComputePool pool(1, 64);
  std::atomic<bool> second_done{false};
  ASSERT_TRUE(pool.submit([&] {
    std::this_thread::sleep_for(20ms);
    // Queued behind the barrier.
    (void)pool.submit([&] {
      std::this_thread::sleep_for(20ms);
      second_done = true;
    });
  }));
  std::this_thread::sleep_for(5ms);  // the first task is running when the barrier is queued
  bool idle = false;
  for (int i = 0; i < 10 && !idle; ++i) {
    auto r = wait_pool_idle(pool, 5s);
    ASSERT_TRUE(r.ok());
    idle = *r;
  }
  EXPECT_TRUE(idle);
  EXPECT_TRUE(second_done.load());
}

TEST(PoolIdleTest, GivesUpWhenAWorkerStaysBusy) {
  core::ComputePool pool(2, 64);
  std::atomic<bool> release{false};
  ASSERT_TRUE(pool.submit([&release] {
    while (!release.load())
      std::this_thread::sleep_for(1ms);
  }));
  auto idle = wait_pool_idle(pool, 50ms);
  ASSERT_FALSE(idle.ok());
  EXPECT_EQ(idle.error().code, core::ErrorCode::kUnavailable);
  release = true;
  auto later = wait_pool_idle(pool, 5s);
  ASSERT_TRUE(later.ok());
}

}  // namespace
}  // namespace ovos::app
