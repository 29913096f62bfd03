#include "cluster/redis_url.h"

#include <gtest/gtest.h>

namespace ovos::cluster {
namespace {

TEST(RedisUrl, ReadsEveryPart) {
  auto a = parse_redis_url("redis://ops:s%40cret@cache.internal:6380/3");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->host, "cache.internal");
  EXPECT_EQ(a->port, 6380);
  EXPECT_EQ(a->user, "ops");
  EXPECT_EQ(a->password, "s@cret");
  EXPECT_EQ(a->database, 3);

  auto b = parse_redis_url("redis://:only-password@127.0.0.1");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->user, "");
  EXPECT_EQ(b->password, "only-password");
  EXPECT_EQ(b->port, 6379);
  EXPECT_EQ(b->database, 0);

  auto c = parse_redis_url("redis://[::1]:7000/");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->host, "::1");
  EXPECT_EQ(c->port, 7000);
}

TEST(RedisUrl, RefusesWhatItCannotUseWithoutRepeatingThePassword) {
  for (const char* url : {"http://127.0.0.1:6379", "redis://", "redis://host:0",
                          "redis://host:65536", "redis://host:port", "redis://host/db",
                          "redis://host/2000", "redis://[::1", "redis://u:bad%zzescape@host"}) {
    const auto a = parse_redis_url(url);
    EXPECT_FALSE(a.ok()) << url;
    if (!a.ok()) {
      EXPECT_EQ(a.error().code, core::ErrorCode::kValidation) << url;
    }
  }
  const auto tls = parse_redis_url("rediss://:hunter2@cache:6380");
  ASSERT_FALSE(tls.ok());
  EXPECT_NE(tls.error().message.find("TLS"), std::string::npos);
  EXPECT_EQ(tls.error().message.find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace ovos::cluster
