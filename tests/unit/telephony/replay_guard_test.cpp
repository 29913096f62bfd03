// ReplayGuard: keys are refused again within their window, accepted after it, and memory stays
// bounded by forgetting the oldest keys first.
#include "telephony/replay_guard.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace ovos::telephony {
namespace {

using std::chrono::milliseconds;

TEST(ReplayGuard, SecondUseWithinTheWindowIsARefusedReplay) {
  ReplayGuard guard(milliseconds(1000), 100);
  EXPECT_TRUE(guard.first_use("nonce-1", 5000));
  EXPECT_FALSE(guard.first_use("nonce-1", 5000));
  EXPECT_FALSE(guard.first_use("nonce-1", 5999));
  EXPECT_TRUE(guard.first_use("nonce-2", 5999));
}

TEST(ReplayGuard, KeysExpireWhenTheWindowHasPassed) {
  ReplayGuard guard(milliseconds(1000), 100);
  EXPECT_TRUE(guard.first_use("a", 0));
  EXPECT_TRUE(guard.first_use("b", 500));
  EXPECT_FALSE(guard.first_use("a", 999));
  EXPECT_TRUE(guard.first_use("a", 1000));  // a new window starts for "a"
  EXPECT_FALSE(guard.first_use("b", 1499));
  EXPECT_TRUE(guard.first_use("b", 1500));
  EXPECT_FALSE(guard.first_use("a", 1999));
  EXPECT_TRUE(guard.first_use("a", 2000));
}

TEST(ReplayGuard, ExpiredKeysAreForgottenSoMemoryShrinks) {
  ReplayGuard guard(milliseconds(100), 100);
  for (int i = 0; i < 50; ++i)
    ASSERT_TRUE(guard.first_use("k" + std::to_string(i), 0));
  EXPECT_EQ(guard.size(), 50u);
  EXPECT_TRUE(guard.first_use("late", 100));
  EXPECT_EQ(guard.size(), 1u);
}

TEST(ReplayGuard, BeyondMaxEntriesTheOldestIsEvictedAndItsReplayPasses) {
  ReplayGuard guard(milliseconds(60'000), 3);
  EXPECT_TRUE(guard.first_use("1", 0));
  EXPECT_TRUE(guard.first_use("2", 1));
  EXPECT_TRUE(guard.first_use("3", 2));
  EXPECT_TRUE(guard.first_use("4", 3));  // evicts "1"
  EXPECT_EQ(guard.size(), 3u);
  EXPECT_FALSE(guard.first_use("2", 4));
  EXPECT_FALSE(guard.first_use("4", 4));
  // The documented cost of bounded memory: "1" was forgotten within its window.
  EXPECT_TRUE(guard.first_use("1", 5));
  EXPECT_EQ(guard.size(), 3u);
}

TEST(ReplayGuard, AClockThatGoesBackStillRefusesReplays) {
  ReplayGuard guard(milliseconds(1000), 10);
  EXPECT_TRUE(guard.first_use("k", 10'000));
  EXPECT_FALSE(guard.first_use("k", 9'000));
}

TEST(ReplayGuard, LongKeysAndKeysDifferingInOneByteAreDistinct) {
  ReplayGuard guard(milliseconds(1000), 10);
  const std::string long_key(1 << 16, 'x');
  std::string other = long_key;
  other.back() = 'y';
  EXPECT_TRUE(guard.first_use(long_key, 0));
  EXPECT_TRUE(guard.first_use(other, 0));
  EXPECT_FALSE(guard.first_use(long_key, 1));
}

TEST(ReplayGuard, RefuseReplayIsPermissionDenied) {
  ReplayGuard guard(milliseconds(1000), 10);
  EXPECT_TRUE(refuse_replay(guard, "sig", 0).ok());
  const auto again = refuse_replay(guard, "sig", 1);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_NE(again.error().message.find("replay"), std::string::npos);
}

TEST(ReplayGuard, ConcurrentCallersAcceptEachKeyExactlyOnce) {
  ReplayGuard guard(milliseconds(60'000), 10'000);
  std::vector<int> accepted(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&guard, &accepted, t] {
      for (int i = 0; i < 1000; ++i) {
        if (guard.first_use("key-" + std::to_string(i), i)) ++accepted[static_cast<std::size_t>(t)];
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(accepted[0] + accepted[1] + accepted[2] + accepted[3], 1000);
}

}  // namespace
}  // namespace ovos::telephony
