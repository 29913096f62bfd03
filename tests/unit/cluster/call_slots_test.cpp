#include "cluster/call_slots.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "redis_fixture.h"

namespace ovos::cluster {
namespace {

using testing::RedisTest;
using namespace std::chrono_literals;

constexpr std::int64_t kNow = 1'800'000'000'000;

TEST_F(RedisTest, SlotsStopAtTheLimitAndComeBackWhenReleased) {
  CallSlots slots(*redis_, prefix_);
  EXPECT_TRUE(*slots.acquire("ann", "c1", 2, 60s, kNow));
  EXPECT_TRUE(*slots.acquire("ann", "c2", 2, 60s, kNow));
  EXPECT_FALSE(*slots.acquire("ann", "c3", 2, 60s, kNow)) << "a third call over a limit of 2";
  EXPECT_TRUE(*slots.acquire("bob", "c4", 2, 60s, kNow)) << "limits are per user";
  EXPECT_TRUE(*slots.acquire("ann", "c2", 2, 60s, kNow)) << "a held slot is taken again";
  EXPECT_EQ(*slots.held("ann", kNow), 2);
  ASSERT_TRUE(slots.release("ann", "c1").ok());
  ASSERT_TRUE(slots.release("ann", "c1").ok()) << "releasing twice is harmless";
  EXPECT_TRUE(*slots.acquire("ann", "c3", 2, 60s, kNow));
  EXPECT_EQ(*slots.held("ann", kNow), 2);
}

TEST_F(RedisTest, ASlotWhoseLeaseRanOutIsFreeAgain) {
  // A node that died stops renewing: its calls' slots end with their leases.
  CallSlots slots(*redis_, prefix_);
  EXPECT_TRUE(*slots.acquire("ann", "dead-node-call", 1, 30s, kNow));
  EXPECT_FALSE(*slots.acquire("ann", "c2", 1, 30s, kNow + 29'000));
  EXPECT_TRUE(slots.renew("ann", "dead-node-call", 30s, kNow + 29'000).ok());
  EXPECT_FALSE(*slots.acquire("ann", "c2", 1, 30s, kNow + 31'000)) << "the renewal held it";
  EXPECT_EQ(slots.renew("ann", "dead-node-call", 30s, kNow + 60'000).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(*slots.held("ann", kNow + 60'000), 0);
  EXPECT_TRUE(*slots.acquire("ann", "c2", 1, 30s, kNow + 60'000));
}

TEST_F(RedisTest, TwoNodesRacingForTheLastSlotsNeverPassTheLimit) {
  // Two clients (as two nodes would have) take slots for one user at once.
  auto second = RedisClient::connect({url_});
  ASSERT_TRUE(second.ok());
  CallSlots node_a(*redis_, prefix_);
  CallSlots node_b(**second, prefix_);
  std::atomic<int> taken{0};
  auto race = [&](CallSlots& slots, const std::string& node) {
    for (int i = 0; i < 40; ++i) {
      auto got = slots.acquire("ann", node + std::to_string(i), 5, 60s, kNow);
      ASSERT_TRUE(got.ok()) << got.error().message;
      if (*got) ++taken;
    }
  };
  std::thread a([&] { race(node_a, "a"); });
  std::thread b([&] { race(node_b, "b"); });
  a.join();
  b.join();
  EXPECT_EQ(taken.load(), 5);
  EXPECT_EQ(*node_a.held("ann", kNow), 5);
}

}  // namespace
}  // namespace ovos::cluster
