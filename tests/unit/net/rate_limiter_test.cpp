#include "net/rate_limiter.h"

#include <gtest/gtest.h>

namespace ovos::net {
namespace {

TEST(RateLimiter, AllowsBurstThenLimitsThenRefills) {
  core::ManualClock clock;
  RateLimiter limiter(2.0, 3.0, clock);
  EXPECT_EQ(limiter.acquire("a"), 0);
  EXPECT_EQ(limiter.acquire("a"), 0);
  EXPECT_EQ(limiter.acquire("a"), 0);
  const double wait = limiter.acquire("a");
  EXPECT_GT(wait, 0.0);
  EXPECT_LE(wait, 0.5);
  EXPECT_EQ(limiter.acquire("b"), 0) << "clients are limited separately";
  clock.advance(std::chrono::milliseconds(500));
  EXPECT_EQ(limiter.acquire("a"), 0);
  EXPECT_GT(limiter.acquire("a"), 0.0);
}

TEST(RateLimiter, ZeroRateDisablesLimiting) {
  core::ManualClock clock;
  RateLimiter limiter(0, 1, clock);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(limiter.acquire("a"), 0);
  EXPECT_EQ(limiter.tracked_keys(), 0U);
}

TEST(RateLimiter, SweepsIdleClients) {
  core::ManualClock clock;
  RateLimiter limiter(10, 10, clock);
  for (int i = 0; i < 100; ++i)
    (void)limiter.acquire("client-" + std::to_string(i));
  EXPECT_EQ(limiter.tracked_keys(), 100U);
  clock.advance(std::chrono::minutes(5));
  for (int i = 0; i < 100; ++i)
    (void)limiter.acquire("later-" + std::to_string(i));
  EXPECT_EQ(limiter.tracked_keys(), 100U) << "idle buckets from five minutes ago are gone";
}

}  // namespace
}  // namespace ovos::net
