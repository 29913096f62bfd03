#include "cluster/cluster_node.h"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "redis_fixture.h"

namespace ovos::cluster {
namespace {

using testing::RedisTest;
using namespace std::chrono_literals;

/// What a node's on_orphan was given.
struct Orphans {
  std::mutex mutex;
  std::vector<std::pair<std::string, std::string>> seen;  // call id, node
  bool fail = false;
  int failures = 0;

  ClusterNode::OnOrphan callback() {
    return [this](const OwnedCall& call, const std::string& node) -> core::Result<void> {
      std::lock_guard lock(mutex);
      if (fail) {
        ++failures;
        return core::Error::unavailable("the database is away");
      }
      seen.emplace_back(call.call_id, node);
      return core::ok();
    };
  }
  std::size_t count() {
    std::lock_guard lock(mutex);
    return seen.size();
  }
};

template <typename Predicate>
bool eventually(Predicate p, std::chrono::milliseconds limit = 5s) {
  for (auto waited = 0ms; waited < limit; waited += 20ms) {
    if (p()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return p();
}

class ClusterNodeTest : public RedisTest {
 protected:
  ClusterNodeOptions options(const std::string& id) {
    ClusterNodeOptions o;
    o.node_id = id;
    o.role = "engine";
    o.url = "http://127.0.0.1:1";
    o.shards = 2;
    o.ttl = 600ms;
    o.prefix = prefix_;
    return o;
  }
  std::unique_ptr<ClusterNode> start(const std::string& id, Orphans& orphans) {
    auto node =
        ClusterNode::start(*redis_, options(id), core::SystemClock::instance(), orphans.callback());
    EXPECT_TRUE(node.ok()) << node.error().message;
    return node.ok() ? std::move(node).value() : nullptr;
  }
};

TEST_F(ClusterNodeTest, ANodeBeatsWithItsCallsAndOwnsThemUntilTheyEnd) {
  Orphans orphans;
  auto node = start("engine-1", orphans);
  ASSERT_TRUE(node);
  CallOwnership ownership(*redis_, prefix_);
  CallSlots slots(*redis_, prefix_);
  ASSERT_TRUE(*node->reserve("ann", "c1", 1));
  EXPECT_FALSE(*node->reserve("ann", "c2", 1)) << "the limit counts the reserved call";
  node->call_started({.call_id = "c1", .user_id = "ann", .holds_slot = true});
  node->call_started({.call_id = "w1", .user_id = "ann", .holds_slot = false});
  EXPECT_EQ(node->active_calls(), 2);
  ASSERT_TRUE(eventually([&] { return *ownership.owner("w1") == "engine-1"; }));
  EXPECT_EQ(*ownership.owner("c1"), "engine-1");
  ASSERT_TRUE(eventually([&] {
    auto live = node->live_nodes();
    return live.ok() && live->size() == 1 && live->front().active_calls == 2;
  })) << "the heartbeat says how many calls the node serves";
  EXPECT_EQ(node->live_nodes()->front().role, "engine");

  node->call_ended({.call_id = "c1", .user_id = "ann", .holds_slot = true});
  ASSERT_TRUE(eventually([&] { return !ownership.owner("c1")->has_value(); }));
  EXPECT_EQ(*slots.held("ann", core::SystemClock::instance().unix_ms()), 0)
      << "the ended call's slot is free";
  node->set_draining();
  EXPECT_TRUE(eventually([&] { return node->live_nodes()->front().draining; }));
  EXPECT_TRUE(orphans.seen.empty()) << "nothing of a live node is swept";

  node.reset();  // a clean stop leaves nothing behind
  EXPECT_TRUE(NodeRegistry(*redis_, prefix_).live()->empty());
  EXPECT_FALSE(ownership.owner("w1")->has_value());
  EXPECT_TRUE(ownership.owners()->empty());
}

TEST_F(ClusterNodeTest, TheCallsOfANodeThatStoppedBeatingAreEndedByAnother) {
  // engine-2 died with two calls: they are in Redis, but its heartbeat is gone.
  CallOwnership ownership(*redis_, prefix_);
  CallSlots slots(*redis_, prefix_);
  const auto now = core::SystemClock::instance().unix_ms();
  ASSERT_TRUE(slots.acquire("ann", "p1", 5, 60s, now).ok());
  ASSERT_TRUE(
      ownership.claim("engine-2", {.call_id = "p1", .user_id = "ann", .holds_slot = true}).ok());
  ASSERT_TRUE(
      ownership.claim("engine-2", {.call_id = "w2", .user_id = "bob", .holds_slot = false}).ok());

  Orphans a_orphans, b_orphans;
  auto a = start("engine-1", a_orphans);
  auto b = start("api-1", b_orphans);
  ASSERT_TRUE(a && b);
  // A node sweeps only after a TTL of its own heartbeats, time for the others to beat.
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(a_orphans.count() + b_orphans.count(), 0u) << "swept before a TTL had passed";
  ASSERT_TRUE(eventually([&] { return a_orphans.count() + b_orphans.count() == 2; }));
  std::this_thread::sleep_for(700ms);  // a few more sweeps: nothing is ended twice
  EXPECT_EQ(a_orphans.count() + b_orphans.count(), 2u) << "exactly one node sweeps each call";
  const auto& seen = a_orphans.count() == 2 ? a_orphans.seen : b_orphans.seen;
  EXPECT_EQ(seen[0].second, "engine-2");
  EXPECT_EQ(*slots.held("ann", core::SystemClock::instance().unix_ms()), 0)
      << "the dead node's call gave its slot back at once";
  EXPECT_FALSE(ownership.owner("p1")->has_value());
  EXPECT_TRUE(ownership.owners()->empty());
}

TEST_F(ClusterNodeTest, ACallThatCannotBeEndedYetIsTriedAgainAtTheNextSweep) {
  CallOwnership ownership(*redis_, prefix_);
  ASSERT_TRUE(
      ownership.claim("gone", {.call_id = "x1", .user_id = "ann", .holds_slot = false}).ok());
  Orphans orphans;
  {
    std::lock_guard lock(orphans.mutex);
    orphans.fail = true;
  }
  auto node = start("api-1", orphans);
  ASSERT_TRUE(node);
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(orphans.mutex);
    return orphans.failures > 0;
  }));
  EXPECT_EQ(*ownership.owner("x1"), "gone") << "kept while the database is away";
  {
    std::lock_guard lock(orphans.mutex);
    orphans.fail = false;
  }
  // The sweep lock of the failed attempt lasts two TTLs; the next sweep after it ends the call.
  EXPECT_TRUE(eventually([&] { return orphans.count() == 1; }, 5s));
}

TEST_F(ClusterNodeTest, ANodeRestartedUnderItsIdEndsTheCallsItsLastRunLeft) {
  CallOwnership ownership(*redis_, prefix_);
  ASSERT_TRUE(
      ownership.claim("engine-1", {.call_id = "old", .user_id = "ann", .holds_slot = false}).ok());
  Orphans orphans;
  auto node = start("engine-1", orphans);
  ASSERT_TRUE(node);
  ASSERT_EQ(orphans.count(), 1u) << "swept before the node's first heartbeat";
  EXPECT_EQ(orphans.seen[0].first, "old");
  EXPECT_FALSE(ownership.owner("old")->has_value());
}

TEST_F(RedisTest, ANodeNeedsAnIdAndASaneTtl) {
  ClusterNodeOptions o;
  o.prefix = prefix_;
  auto none = ClusterNode::start(*redis_, o, core::SystemClock::instance(), nullptr);
  EXPECT_EQ(none.error().code, core::ErrorCode::kInvalidArgument);
  o.node_id = "n";
  o.ttl = 10ms;
  EXPECT_FALSE(ClusterNode::start(*redis_, o, core::SystemClock::instance(), nullptr).ok());
}

}  // namespace
}  // namespace ovos::cluster
