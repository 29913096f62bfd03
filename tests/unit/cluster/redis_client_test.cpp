#include "cluster/redis_client.h"

#include <gtest/gtest.h>

#include <thread>

#include "redis_fixture.h"

namespace ovos::cluster {
namespace {

using testing::RedisTest;
using namespace std::chrono_literals;

TEST_F(RedisTest, CommandsAndTheirReplies) {
  const std::string key = prefix_ + ":k";
  auto set = redis_->command({"SET", key, std::string("bin\0ary", 7), "PX", "60000"});
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->type, RedisReply::Type::kStatus);
  EXPECT_EQ(set->text, "OK");
  auto get = redis_->command({"GET", key});
  ASSERT_TRUE(get.ok());
  EXPECT_EQ(get->text, std::string("bin\0ary", 7)) << "values are binary-safe";
  EXPECT_TRUE(redis_->command({"GET", prefix_ + ":none"})->is_nil());
  auto incr = redis_->command({"INCRBY", prefix_ + ":n", "41"});
  ASSERT_TRUE(incr.ok());
  EXPECT_EQ(incr->integer, 41);
  auto list = redis_->command({"RPUSH", prefix_ + ":l", "a", "b"});
  ASSERT_TRUE(list.ok());
  auto range = redis_->command({"LRANGE", prefix_ + ":l", "0", "-1"});
  ASSERT_TRUE(range.ok());
  ASSERT_EQ(range->elements.size(), 2u);
  EXPECT_EQ(range->elements[1].text, "b");
  (void)redis_->command({"DEL", key, prefix_ + ":n", prefix_ + ":l"});
}

TEST_F(RedisTest, ARedisErrorIsAnErrorInRedissWords) {
  auto wrong = redis_->command({"INCR", prefix_ + ":text-then-incr", "extra"});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, core::ErrorCode::kInternal);
  EXPECT_NE(wrong.error().message.find("Redis: ERR"), std::string::npos) << wrong.error().message;
  EXPECT_TRUE(redis_->command({"PING"}).ok()) << "the connection survives an error reply";
}

TEST_F(RedisTest, AWrongPasswordIsRefusedWithoutSayingIt) {
  const auto at = url_.find('@');
  ASSERT_NE(at, std::string::npos) << "the test server has a password";
  const std::string wrong = "redis://:not-the-password" + url_.substr(at);
  auto client = RedisClient::connect({wrong});
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(client.error().message.find("not-the-password"), std::string::npos);
}

TEST_F(RedisTest, NoServerIsUnavailable) {
  auto client = RedisClient::connect({"redis://127.0.0.1:1", 500ms, 500ms});
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().code, core::ErrorCode::kUnavailable);
}

TEST_F(RedisTest, AClientKilledByTheServerReconnectsForItsNextCommand) {
  auto id = redis_->command({"CLIENT", "ID"});
  ASSERT_TRUE(id.ok());
  auto other = RedisClient::connect({url_});
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE((*other)->command({"CLIENT", "KILL", "ID", std::to_string(id->integer)}).ok());
  auto after = redis_->command({"PING"});
  ASSERT_TRUE(after.ok()) << after.error().message;
  EXPECT_EQ(after->text, "PONG");
  EXPECT_NE(redis_->command({"CLIENT", "ID"})->integer, id->integer) << "a new connection";
}

TEST_F(RedisTest, OneClientServesManyThreads) {
  const std::string key = prefix_ + ":counter";
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i)
        EXPECT_TRUE(redis_->command({"INCR", key}).ok());
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(redis_->command({"GET", key})->text, "200");
  (void)redis_->command({"DEL", key});
}

}  // namespace
}  // namespace ovos::cluster
