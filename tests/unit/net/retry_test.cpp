#include "net/retry.h"

#include <gtest/gtest.h>

namespace ovos::net {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

RetryPolicy policy(double draw, int attempts = 4) {
  return RetryPolicy({attempts, 100ms, 1000ms}, [draw] { return draw; });
}

TEST(RetryPolicyTest, RetriesTransientStatusesOnly) {
  const auto p = policy(0.5);
  for (const int status : {408, 429, 500, 502, 503, 504, 599}) {
    EXPECT_TRUE(p.should_retry(status, 1)) << status;
  }
  for (const int status : {200, 204, 301, 400, 401, 403, 404, 409, 422, 499}) {
    EXPECT_FALSE(p.should_retry(status, 1)) << status;
  }
}

TEST(RetryPolicyTest, StopsAfterMaxAttempts) {
  const auto p = policy(0.5, 3);
  EXPECT_TRUE(p.should_retry(503, 1));
  EXPECT_TRUE(p.should_retry(503, 2));
  EXPECT_FALSE(p.should_retry(503, 3)) << "the third attempt was the last";
  EXPECT_FALSE(p.should_retry(core::Error::unavailable("reset"), 3));
}

TEST(RetryPolicyTest, RetriesNetworkErrorsButNotOthers) {
  const auto p = policy(0.5);
  EXPECT_TRUE(p.should_retry(core::Error::unavailable("connection refused"), 1));
  EXPECT_TRUE(p.should_retry(core::Error{core::ErrorCode::kRateLimited, "slow down", {}}, 1));
  EXPECT_FALSE(p.should_retry(core::Error::invalid("bad URL"), 1));
  EXPECT_FALSE(p.should_retry(core::Error{core::ErrorCode::kTooLarge, "too big", {}}, 1));
  EXPECT_FALSE(p.should_retry(core::Error::unauthenticated("bad key"), 1));
}

TEST(RetryPolicyTest, FullJitterBackoffDoublesUpToTheCap) {
  EXPECT_EQ(policy(0.999999).delay(1), 99ms);
  EXPECT_EQ(policy(1.0).delay(1), 100ms);
  EXPECT_EQ(policy(1.0).delay(2), 200ms);
  EXPECT_EQ(policy(1.0).delay(3), 400ms);
  EXPECT_EQ(policy(1.0).delay(5), 1000ms) << "capped at max_backoff";
  EXPECT_EQ(policy(1.0).delay(200), 1000ms) << "no overflow for huge attempt numbers";
  EXPECT_EQ(policy(0.5).delay(3), 200ms);
  EXPECT_EQ(policy(0.0).delay(3), 0ms) << "full jitter may retry at once";
}

TEST(RetryPolicyTest, RetryAfterWinsButIsCapped) {
  EXPECT_EQ(policy(0.0).delay(1, 300ms), 300ms) << "no jitter on a server's explicit wait";
  EXPECT_EQ(policy(0.0).delay(1, 60000ms), 1000ms);
  EXPECT_EQ(policy(0.0).delay(1, 0ms), 0ms);
}

TEST(RetryPolicyTest, DefaultRandomSourceStaysInRange) {
  const RetryPolicy p({5, 100ms, 1000ms});
  for (int i = 0; i < 200; ++i) {
    const auto d = p.delay(2);
    EXPECT_GE(d, 0ms);
    EXPECT_LE(d, 200ms);
  }
}

TEST(RetryAfterTest, ParsesSecondsAndHttpDates) {
  const auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37
  EXPECT_EQ(parse_retry_after("120", now), milliseconds(120000));
  EXPECT_EQ(parse_retry_after(" 0 ", now), milliseconds(0));
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now), milliseconds(10000));
  EXPECT_EQ(parse_retry_after("Sunday, 06-Nov-94 08:50:37 GMT", now), milliseconds(60000));
  EXPECT_EQ(parse_retry_after("Sun Nov  6 08:49:39 1994", now), milliseconds(2000));
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now), milliseconds(0))
      << "a date in the past means now";
  EXPECT_GT(*parse_retry_after("99999999999", now), milliseconds(0)) << "no overflow";
}

TEST(RetryAfterTest, RefusesWhatItCannotRead) {
  const auto now = std::chrono::system_clock::now();
  for (const char* bad :
       {"", "soon", "-5", "1.5", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 32 Nov 1994 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT"}) {
    EXPECT_FALSE(parse_retry_after(bad, now).has_value()) << bad;
  }
}

}  // namespace
}  // namespace ovos::net
