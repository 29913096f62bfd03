// A node whose Redis goes away after start: it refuses what it cannot check (a call ticket whose
// single use Redis keeps) rather than let it in, stays alive and healthy, and takes calls again
// once Redis is back, without a restart.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <thread>

#include "redis_process.h"
#include "support/http_client.h"
#include "support/server_process.h"
#include "support/web_call_client.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

TEST(RedisOutage, ANodeRefusesWhatItCannotCheckAndRecoversWhenRedisIsBack) {
  if (::access("/usr/bin/redis-server", X_OK) != 0) GTEST_SKIP() << "redis-server is missing";
  RedisProcess redis;
  ASSERT_TRUE(redis.start());
  ServerProcess node({{"OVOS_REDIS_URL", redis.url()},
                      {"OVOS_NODE_ID", "solo"},
                      {"OVOS_NODE_TTL_SECONDS", "1"},
                      {"OVOS_JWT_SECRET", "outage-test-secret-0123456789abcdef"}});
  node.start();
  HttpClient http(node.base_url());
  const auto registered = http.post(
      "/v1/auth/register",
      json::object{{"email", "outage@example.com"}, {"password", "correct horse battery"}});
  ASSERT_EQ(registered.status, 201) << registered.body;
  const std::string token(registered.json().at("access_token").as_string());
  const std::string agent(
      http.get("/v1/agents", token).json().at("items").at(0).at("id").as_string());
  const auto ticket_url = [&] {
    const auto r = http.post("/v1/agents/" + agent + "/web-call-tokens", json::object{}, token);
    EXPECT_EQ(r.status, 201) << r.body;
    return "ws" + node.base_url().substr(4) + std::string(r.json().at("url").as_string());
  };

  redis.kill_now();
  // The ticket's single use cannot be checked: refused (503), not let in unchecked.
  EXPECT_EQ(WebCallClient::refused_status(ticket_url()), 503) << node.log();
  EXPECT_EQ(http.get("/healthz").status, 200);
  EXPECT_EQ(http.get("/v1/agents", token).status, 200) << "the database still serves the API";

  std::this_thread::sleep_for(800ms);  // a few heartbeats fail meanwhile
  ASSERT_TRUE(redis.start());          // same port, empty: as after a restart
  int status = -1;
  for (int i = 0; i < 50 && status != 0; ++i) {
    status = WebCallClient::refused_status(ticket_url());
    if (status != 0) std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(status, 0) << "calls did not come back with Redis";
  // The node beats again: `openvoiceos nodes` finds it in the new Redis.
  std::string out;
  for (int i = 0; i < 50; ++i) {
    out = node.run_command("nodes").second;
    if (out.find("\"solo\"") != std::string::npos) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_NE(out.find("\"solo\""), std::string::npos) << out;
  EXPECT_NE(node.log().find("cluster.heartbeat_failed"), std::string::npos);
  EXPECT_EQ(node.stop(), 0) << node.log();
}

}  // namespace
}  // namespace ovos::testing
