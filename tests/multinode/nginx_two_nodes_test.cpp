// OpenVoiceOS nodes sharing one PostgreSQL database and one Redis behind Debian's nginx, run
// with the shipped deploy/nginx/openvoiceos.conf (only its addresses and port replaced): an api
// node and an engine node behind the proxy, and a second engine node beside it. The REST API
// goes to the first, a browser call's WebSocket upgrade to the second, which serves a call the
// first let in; each node refuses the other's work; a ticket used on one engine node is
// refused on the other.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <thread>

#include "nginx_process.h"
#include "support/http_client.h"
#include "support/server_process.h"
#include "support/test_database.h"
#include "support/web_call_client.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

class NginxTwoNodesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access("/usr/sbin/nginx", X_OK) != 0) GTEST_SKIP() << "nginx is not installed";
    database_ = create_test_database();
    if (!database_) GTEST_SKIP() << "OVOS_TEST_PG_URL is not set; scripts/test.sh sets it";
    const char* redis = std::getenv("OVOS_TEST_REDIS_URL");
    if (redis == nullptr || *redis == '\0') {
      GTEST_SKIP() << "OVOS_TEST_REDIS_URL is not set; scripts/test.sh sets it";
    }
    const std::map<std::string, std::string> shared{
        {"DATABASE_URL", *database_},
        {"OVOS_REDIS_URL", std::string(redis) + "/8"},  // a database of its own
        {"OVOS_JWT_SECRET", "two-nodes-share-this-secret-0123456789"},
        {"OVOS_MASTER_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="}};
    const char* roles[] = {"api", "engine", "engine"};
    for (int n = 0; n < 3; ++n) {
      auto env = shared;
      env["OVOS_ROLE"] = roles[n];
      nodes_[n] = std::make_unique<ServerProcess>(env);
      nodes_[n]->start();
    }
    const int port = free_loopback_port();
    nginx_ = std::make_unique<NginxProcess>(
        shipped_site_config({nodes_[0]->port()}, {nodes_[1]->port()}, port), port);
    ASSERT_TRUE(nginx_->wait_ready()) << nginx_->error_log();
    http_ = std::make_unique<HttpClient>(nginx_->url());
  }
  void TearDown() override {
    nginx_.reset();
    for (auto& node : nodes_) {
      if (node) {
        EXPECT_EQ(node->stop(), 0) << node->log();
      }
    }
    if (database_) drop_test_database(*database_);
  }

  std::optional<std::string> database_;
  std::unique_ptr<ServerProcess> nodes_[3];  // api, engine behind nginx, engine beside it
  std::unique_ptr<NginxProcess> nginx_;
  std::unique_ptr<HttpClient> http_;
};

TEST_F(NginxTwoNodesTest, TheApiGoesToTheApiNodeAndCallMediaToTheEngineNode) {
  // Node 0 is OVOS_ROLE=api, node 1 OVOS_ROLE=engine. Sign up through the proxy: the account,
  // its token and its Demo receptionist are good on both, through the one database.
  const auto registered = http_->post(
      "/v1/auth/register",
      json::object{{"email", "two@example.com"}, {"password", "correct horse battery"}});
  ASSERT_EQ(registered.status, 201) << registered.body;
  const std::string token(registered.json().at("access_token").as_string());
  const auto agents = http_->get("/v1/agents", token);
  ASSERT_EQ(agents.status, 200) << agents.body;
  const std::string agent(agents.json().at("items").at(0).at("id").as_string());

  // A browser call through the proxy: its ticket from the api node, its WebSocket upgrade to
  // the engine node, which greets the caller.
  const auto ticket =
      http_->post("/v1/agents/" + agent + "/web-call-tokens", json::object{}, token);
  ASSERT_EQ(ticket.status, 201) << ticket.body;
  const std::string path(ticket.json().at("url").as_string());
  {
    WebCallClient client("ws://127.0.0.1:" + std::to_string(nginx_->port()) + path);
    client.send_json(json::object{{"type", "start"}, {"sample_rate", 16000}});
    ASSERT_TRUE(client.wait_for_type("ready", 10s)) << nginx_->error_log();
    EXPECT_TRUE(client.wait_for(
        [](const std::vector<WebCallClient::Message>& m) {
          for (const auto& x : m)
            if (x.binary && !x.samples.empty()) return true;
          return false;
        },
        10s))
        << "no greeting audio came through the proxy";
    client.close();
    EXPECT_TRUE(client.wait_closed(5s));
  }
  // The ticket was used on node 1: node 2, another engine node, refuses it too (Redis).
  EXPECT_EQ(WebCallClient::refused_status("ws" + nodes_[2]->base_url().substr(4) + path), 401);
  EXPECT_EQ(count(nodes_[0]->log(), "\"event\":\"ws.open\""), 0u);
  EXPECT_EQ(count(nodes_[1]->log(), "\"event\":\"ws.open\""), 1u);
  EXPECT_EQ(count(nodes_[1]->log(), "\"path\":\"/v1/agents\""), 0u)
      << "the proxy sent the API to the engine node";

  // Each node refuses what is not its role, with 421 and why; both answer health checks.
  const auto misdirected = HttpClient(nodes_[1]->base_url()).get("/v1/agents", token);
  EXPECT_EQ(misdirected.status, 421);
  EXPECT_NE(misdirected.body.find("OVOS_ROLE=engine"), std::string::npos) << misdirected.body;
  const auto again = http_->post("/v1/agents/" + agent + "/web-call-tokens", json::object{}, token);
  ASSERT_EQ(again.status, 201);
  EXPECT_EQ(WebCallClient::refused_status("ws" + nodes_[0]->base_url().substr(4) +
                                          std::string(again.json().at("url").as_string())),
            421);
  for (const auto& node : nodes_)
    EXPECT_EQ(HttpClient(node->base_url()).get("/healthz").status, 200);

  // The call's record is in the one database, read through the api node.
  for (int i = 0; i < 50; ++i) {
    const auto calls = http_->get("/v1/calls", token);
    ASSERT_EQ(calls.status, 200);
    if (calls.json().at("items").as_array().size() == 1) return;
    std::this_thread::sleep_for(100ms);
  }
  ADD_FAILURE() << "the call's record is not in the shared database";
}

TEST(RedisAtStart, ANodeWhoseRedisCannotBeReachedDoesNotStart) {
  ServerProcess node(std::map<std::string, std::string>{{"OVOS_REDIS_URL", "redis://127.0.0.1:1"}});
  EXPECT_THROW(node.start(), std::runtime_error);
  EXPECT_NE(node.log().find("startup.redis_failed"), std::string::npos) << node.log();
}

TEST(RedisAtStart, TheNodesCommandSaysItNeedsRedis) {
  ServerProcess node;
  const auto [status, out] = node.run_command("nodes");
  EXPECT_EQ(status, 2) << out;
  EXPECT_NE(out.find("OVOS_REDIS_URL is not set"), std::string::npos) << out;
}

}  // namespace
}  // namespace ovos::testing
