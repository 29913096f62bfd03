#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>

#include "cluster/redis_client.h"
#include "core/ids.h"

namespace ovos::cluster::testing {

/// A client of the Redis server named by OVOS_TEST_REDIS_URL (scripts/test.sh starts one), and
/// a key prefix of this test's own, so tests never see each other's keys.
class RedisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("OVOS_TEST_REDIS_URL");
    if (url == nullptr || *url == '\0') {
      GTEST_SKIP() << "OVOS_TEST_REDIS_URL is not set; scripts/test.sh sets it";
    }
    url_ = url;
    auto client = RedisClient::connect({url_});
    ASSERT_TRUE(client.ok()) << client.error().message;
    redis_ = std::move(client).value();
    prefix_ = "test-" + core::new_id();
  }

  std::string url_;
  std::unique_ptr<RedisClient> redis_;
  std::string prefix_;
};

}  // namespace ovos::cluster::testing
