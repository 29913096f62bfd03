#include "cluster/fanout.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "redis_fixture.h"

namespace ovos::cluster {
namespace {

using testing::RedisTest;
using namespace std::chrono_literals;

/// Collects what a subscription receives, for a test to wait on.
class Inbox {
 public:
  Fanout::Sink sink() {
    return [this](const std::string& m) {
      std::lock_guard lock(mutex_);
      messages_.push_back(m);
      changed_.notify_all();
    };
  }
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout = 5s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return messages_.size() >= n; });
  }
  std::vector<std::string> messages() {
    std::lock_guard lock(mutex_);
    return messages_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> messages_;
};

TEST(LocalFanout, DeliversToTheTopicsSubscribersUntilTheyUnsubscribe) {
  LocalFanout fanout;
  Inbox ann, ann2, bob;
  const auto a = fanout.subscribe("ann", ann.sink());
  fanout.subscribe("ann", ann2.sink());
  fanout.subscribe("bob", bob.sink());
  fanout.publish("ann", "one");
  fanout.unsubscribe(a);
  fanout.unsubscribe(a);  // twice is harmless
  fanout.publish("ann", "two");
  EXPECT_EQ(ann.messages(), std::vector<std::string>{"one"});
  EXPECT_EQ(ann2.messages(), (std::vector<std::string>{"one", "two"}));
  EXPECT_TRUE(bob.messages().empty()) << "another user's topic";
  EXPECT_EQ(fanout.subscribers(), 2u);
}

TEST_F(RedisTest, AMessagePublishedOnOneNodeReachesSubscribersOnEveryNode) {
  auto node_a = RedisFanout::start({url_}, prefix_);
  auto node_b = RedisFanout::start({url_}, prefix_);
  ASSERT_TRUE(node_a.ok()) << node_a.error().message;
  ASSERT_TRUE(node_b.ok()) << node_b.error().message;
  Inbox on_a, on_b, other_user;
  (*node_a)->subscribe("ann", on_a.sink());
  (*node_b)->subscribe("ann", on_b.sink());
  (*node_b)->subscribe("bob", other_user.sink());
  for (int i = 0; i < 20; ++i)
    (*node_a)->publish("ann", "event " + std::to_string(i));
  ASSERT_TRUE(on_b.wait_for(20)) << "node b got " << on_b.messages().size();
  ASSERT_TRUE(on_a.wait_for(20)) << "the publishing node's own subscribers get it too";
  EXPECT_EQ(on_b.messages().front(), "event 0");
  EXPECT_EQ(on_b.messages().back(), "event 19") << "in publishing order";
  EXPECT_TRUE(other_user.messages().empty());
  EXPECT_EQ((*node_a)->dropped(), 0u);
}

TEST_F(RedisTest, ASubscriberWhoseConnectionIsKilledListensAgain) {
  auto fanout = RedisFanout::start({url_}, prefix_);
  ASSERT_TRUE(fanout.ok()) << fanout.error().message;
  Inbox inbox;
  (*fanout)->subscribe("ann", inbox.sink());
  (*fanout)->publish("ann", "before");
  ASSERT_TRUE(inbox.wait_for(1));
  // The server drops every pub/sub connection; the subscriber reconnects and subscribes again.
  ASSERT_TRUE(redis_->command({"CLIENT", "KILL", "TYPE", "pubsub"}).ok());
  for (int i = 0; i < 100 && inbox.messages().size() < 2; ++i) {
    (*fanout)->publish("ann", "after");
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_GE(inbox.messages().size(), 2u) << "nothing arrived after the connection was killed";
}

}  // namespace
}  // namespace ovos::cluster
