#include "cluster/node_registry.h"

#include <gtest/gtest.h>

#include <thread>

#include "redis_fixture.h"

namespace ovos::cluster {
namespace {

using testing::RedisTest;
using namespace std::chrono_literals;

TEST_F(RedisTest, NodesAreLiveWhileTheyBeat) {
  NodeRegistry registry(*redis_, prefix_);
  EXPECT_TRUE(registry.live()->empty());
  NodeInfo b{"node-b", "engine", "http://10.0.0.2:8000", 12, 2, false, 1000};
  NodeInfo a{"node-a", "api", "http://10.0.0.1:8000", 0, 2, true, 1001};
  ASSERT_TRUE(registry.heartbeat(b, 60s).ok());
  ASSERT_TRUE(registry.heartbeat(a, 60s).ok());
  auto live = registry.live();
  ASSERT_TRUE(live.ok()) << live.error().message;
  ASSERT_EQ(live->size(), 2u);
  EXPECT_EQ((*live)[0].id, "node-a") << "ordered by id";
  EXPECT_TRUE((*live)[0].draining);
  EXPECT_EQ((*live)[1].role, "engine");
  EXPECT_EQ((*live)[1].url, "http://10.0.0.2:8000");
  EXPECT_EQ((*live)[1].active_calls, 12);
  EXPECT_EQ((*live)[1].shards, 2);

  ASSERT_TRUE(registry.remove("node-a").ok());
  EXPECT_EQ(registry.live()->size(), 1u);
}

TEST_F(RedisTest, ANodeThatStopsBeatingDisappears) {
  NodeRegistry registry(*redis_, prefix_);
  ASSERT_TRUE(registry.heartbeat({"node-c", "engine", "http://x", 0, 1, false, 1}, 150ms).ok());
  EXPECT_EQ(registry.live()->size(), 1u);
  std::this_thread::sleep_for(400ms);
  EXPECT_TRUE(registry.live()->empty()) << "the heartbeat outlived its TTL";
}

TEST_F(RedisTest, AnEntryThatIsNotANodeIsSkipped) {
  NodeRegistry registry(*redis_, prefix_);
  ASSERT_TRUE(redis_->command({"SET", prefix_ + ":node:junk", "not json", "PX", "60000"}).ok());
  ASSERT_TRUE(registry.heartbeat({"node-d", "all", "http://y", 0, 1, false, 1}, 60s).ok());
  auto live = registry.live();
  ASSERT_TRUE(live.ok());
  ASSERT_EQ(live->size(), 1u);
  EXPECT_EQ((*live)[0].id, "node-d");
  EXPECT_FALSE(registry.heartbeat({"", "all", "", 0, 1, false, 1}, 60s).ok());
}

}  // namespace
}  // namespace ovos::cluster
