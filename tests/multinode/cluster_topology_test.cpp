// The multi-node topology on loopback, as docs/multi-node.md describes it: two api nodes and two
// engine nodes sharing one PostgreSQL database and one Redis, behind Debian's nginx running the
// shipped config, and a simulated Twilio. A call placed through api node A has its media on an
// engine node behind the proxy, and a dashboard connected to api node C sees it live; the
// engine node is killed mid-call and the call is closed by the survivors (failed, node-lost)
// with its slot given back; new calls go to the live engine; the limit of live calls per user
// holds across both api nodes placing at once.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <future>
#include <set>
#include <thread>

#include "cluster/redis_client.h"
#include "nginx_process.h"
#include "support/carriers/twilio_simulator.h"
#include "support/http_client.h"
#include "support/server_process.h"
#include "support/test_database.h"
#include "support/web_call_client.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using Messages = std::vector<WebCallClient::Message>;

/// The Redis database each test keeps its keys in, as ctest runs them at once (pub/sub is shared
/// by all databases, but every event names users only that test's PostgreSQL database knows).
int redis_database_of_this_test() {
  const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  if (name.starts_with("ACallPlaced")) return 10;
  if (name.starts_with("NoCall")) return 11;
  return 12;
}
constexpr int kMaxCallsPerUser = 2;

class ClusterTopologyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access("/usr/sbin/nginx", X_OK) != 0) GTEST_SKIP() << "nginx is not installed";
    database_ = create_test_database();
    if (!database_) GTEST_SKIP() << "OVOS_TEST_PG_URL is not set; scripts/test.sh sets it";
    const char* redis = std::getenv("OVOS_TEST_REDIS_URL");
    if (redis == nullptr || *redis == '\0') {
      GTEST_SKIP() << "OVOS_TEST_REDIS_URL is not set; scripts/test.sh sets it";
    }
    const std::string redis_url =
        std::string(redis) + "/" + std::to_string(redis_database_of_this_test());
    auto admin = cluster::RedisClient::connect({redis_url});
    ASSERT_TRUE(admin.ok()) << admin.error().message;
    redis_ = std::move(admin).value();
    ASSERT_TRUE(redis_->command({"FLUSHDB"}).ok());

    const int proxy_port = free_loopback_port();
    const std::map<std::string, std::string> shared{
        {"DATABASE_URL", *database_},
        {"OVOS_REDIS_URL", redis_url},
        {"OVOS_JWT_SECRET", "four-nodes-share-this-secret-0123456789"},
        {"OVOS_MASTER_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="},
        {"OVOS_PUBLIC_BASE_URL", "http://127.0.0.1:" + std::to_string(proxy_port)},
        {"OVOS_TWILIO_API_URL", twilio_.api_url()},
        {"OVOS_NODE_TTL_SECONDS", "2"},
        {"OVOS_MAX_CALLS_PER_USER", std::to_string(kMaxCallsPerUser)},
        {"OVOS_SHUTDOWN_GRACE_SECONDS", "2"}};
    const std::pair<const char*, const char*> nodes[] = {
        {"api-a", "api"}, {"api-c", "api"}, {"engine-1", "engine"}, {"engine-2", "engine"}};
    for (const auto& [id, role] : nodes) {
      auto env = shared;
      env["OVOS_NODE_ID"] = id;
      env["OVOS_ROLE"] = role;
      nodes_[id] = std::make_unique<ServerProcess>(env);
      nodes_[id]->start();
    }
    nginx_ = std::make_unique<NginxProcess>(
        shipped_site_config({nodes_["api-a"]->port()},
                            {nodes_["engine-1"]->port(), nodes_["engine-2"]->port()}, proxy_port),
        proxy_port);
    ASSERT_TRUE(nginx_->wait_ready()) << nginx_->error_log();
    api_a_ = std::make_unique<HttpClient>(nodes_["api-a"]->base_url());
    api_c_ = std::make_unique<HttpClient>(nodes_["api-c"]->base_url());
  }

  void TearDown() override {
    nginx_.reset();
    for (auto& [id, node] : nodes_) {
      if (node && !killed_.contains(id)) {
        EXPECT_EQ(node->stop(), 0) << id << ":\n" << node->log();
      }
    }
    if (database_) drop_test_database(*database_);
  }

  /// Registers through api node A, stores the Twilio account, returns the Demo agent's id.
  std::string sign_up() {
    const auto registered = api_a_->post(
        "/v1/auth/register",
        json::object{{"email", "nodes@example.com"}, {"password", "correct horse battery"}});
    EXPECT_EQ(registered.status, 201) << registered.body;
    token_ = std::string(registered.json().at("access_token").as_string());
    user_id_ = std::string(registered.json().at("user").at("id").as_string());
    const auto key = api_a_->post(
        "/v1/provider-keys",
        json::object{{"provider", "twilio"},
                     {"credentials", json::object{{"account_sid", twilio_.options().account_sid},
                                                  {"auth_token", twilio_.options().auth_token}}}},
        token_);
    EXPECT_EQ(key.status, 201) << key.body;
    const auto agents = api_a_->get("/v1/agents", token_);
    return std::string(agents.json().at("items").at(0).at("id").as_string());
  }

  HttpResult place(HttpClient& api, const std::string& agent) {
    return api.post("/v1/calls",
                    json::object{{"agent_id", agent},
                                 {"to", "+14155550123"},
                                 {"from", "+14155550100"},
                                 {"carrier", "twilio"}},
                    token_);
  }

  /// The call as the database has it once `done` holds (read through api node C).
  json::object call_when(const std::string& id,
                         const std::function<bool(const json::object&)>& done) {
    json::object call;
    for (int i = 0; i < 150; ++i) {
      const auto got = api_c_->get("/v1/calls/" + id, token_);
      if (got.status == 200) {
        call = got.json().as_object();
        if (done(call)) break;
      }
      std::this_thread::sleep_for(100ms);
    }
    return call;
  }

  std::optional<std::string> database_;
  std::unique_ptr<cluster::RedisClient> redis_;
  TwilioSimulator twilio_;
  std::map<std::string, std::unique_ptr<ServerProcess>> nodes_;
  std::set<std::string> killed_;
  std::unique_ptr<NginxProcess> nginx_;
  std::unique_ptr<HttpClient> api_a_;
  std::unique_ptr<HttpClient> api_c_;
  std::string token_;
  std::string user_id_;
};

TEST_F(ClusterTopologyTest, ACallPlacedOnOneNodeServedByAnotherWatchedFromAThirdSurvivesNothing) {
  const std::string agent = sign_up();
  ASSERT_FALSE(agent.empty());

  // A dashboard on api node C, which serves no media and placed no call.
  const auto ticket = api_c_->post("/v1/event-tokens", json::object{}, token_);
  ASSERT_EQ(ticket.status, 201) << ticket.body;
  WebCallClient dashboard("ws" + nodes_["api-c"]->base_url().substr(4) +
                          std::string(ticket.json().at("url").as_string()));
  const auto subscribed = dashboard.wait_for_type("subscribed", 5s);
  ASSERT_TRUE(subscribed);
  EXPECT_EQ(subscribed->json.at("node"), "api-c");

  // Placed through api node A; Twilio streams through the proxy to an engine node.
  const auto placed = place(*api_a_, agent);
  ASSERT_EQ(placed.status, 201) << placed.body << nodes_["api-a"]->log();
  const std::string call_id(placed.json().at("id").as_string());
  auto call = twilio_.wait_for_call(0, true, 10s);
  ASSERT_TRUE(call) << nodes_["api-a"]->log();
  ASSERT_TRUE(call->leg->wait_for(
      [](const std::vector<CarrierMediaLeg::Received>& r) {
        for (const auto& x : r)
          if (!x.output.samples.empty()) return true;
        return false;
      },
      10s))
      << "no greeting through the proxy";
  call->leg->stream_silence(4000);  // the greeting plays out; its marks come back

  // Node C's dashboard sees it live: started on the engine node that serves it, then the
  // greeting's turn.
  ASSERT_TRUE(dashboard.wait_for(
      [&](const Messages& m) { return !live_events(m, "call.started", call_id).empty(); }, 10s))
      << "no call.started on node C";
  const std::string owner(
      live_events(dashboard.messages(), "call.started", call_id).front().at("node").as_string());
  ASSERT_TRUE(owner == "engine-1" || owner == "engine-2") << owner;
  const std::string survivor = owner == "engine-1" ? "engine-2" : "engine-1";
  EXPECT_TRUE(dashboard.wait_for(
      [&](const Messages& m) {
        for (const auto& e : live_events(m, "call.turn", call_id))
          if (!e.at("turn").at("agent_text").as_string().empty()) return true;
        return false;
      },
      10s))
      << "the greeting's turn did not reach node C; it saw "
      << live_events(dashboard.messages(), "call.turn", call_id).size() << " turn events";
  EXPECT_EQ(redis_->command({"GET", "ovos:owner:" + call_id}).value().text, owner);
  EXPECT_EQ(nodes_[owner]->log().find("\"path\":\"/v1/calls\""), std::string::npos);

  // The engine node dies mid-call. The survivors notice its heartbeat expire (2 s) and close
  // the call: failed, node-lost; node C's dashboard is told.
  nodes_[owner]->kill_now();
  killed_.insert(owner);
  const auto lost = call_when(call_id, [](const json::object& c) {
    return c.at("status") != "in-progress" && c.at("status") != "queued" &&
           c.at("status") != "ringing";
  });
  EXPECT_EQ(lost.at("status"), "failed") << json::serialize(lost);
  EXPECT_EQ(lost.at("hangup_reason"), "node-lost") << json::serialize(lost);
  EXPECT_TRUE(lost.at("ended_at").is_string()) << json::serialize(lost);
  EXPECT_TRUE(dashboard.wait_for(
      [&](const Messages& m) { return !live_events(m, "call.ended", call_id).empty(); }, 5s))
      << "node C's dashboard was not told the call ended";
  const auto ended = live_events(dashboard.messages(), "call.ended", call_id);
  ASSERT_FALSE(ended.empty());
  EXPECT_EQ(ended.front().at("call").at("hangup_reason"), "node-lost");
  // What the dead node wrote before it died is kept: the greeting's turn.
  const auto turns = lost.at("turns").as_array();
  ASSERT_FALSE(turns.empty()) << json::serialize(lost);
  EXPECT_FALSE(turns[0].at("agent_text").as_string().empty());
  EXPECT_TRUE(redis_->command({"GET", "ovos:owner:" + call_id}).value().is_nil());
  EXPECT_TRUE(redis_->command({"EXISTS", "ovos:node:" + owner}).value().integer == 0);

  // The slot of the lost call is free again: with a limit of 2, api nodes A and C placing four
  // calls at once get exactly two through, and both go to the live engine.
  std::vector<std::future<HttpResult>> racing;
  for (int i = 0; i < 4; ++i) {
    const std::string node = i % 2 == 0 ? "api-a" : "api-c";
    racing.push_back(std::async(std::launch::async, [this, node, agent] {
      HttpClient api(nodes_.at(node)->base_url());  // one connection per caller
      return place(api, agent);
    }));
  }
  std::vector<std::string> accepted;
  int refused = 0;
  for (auto& r : racing) {
    const auto result = r.get();
    if (result.status == 201) {
      accepted.emplace_back(result.json().at("id").as_string());
    } else {
      EXPECT_EQ(result.status, 429) << result.body;
      ++refused;
    }
  }
  EXPECT_EQ(accepted.size(), static_cast<std::size_t>(kMaxCallsPerUser));
  EXPECT_EQ(refused, 4 - kMaxCallsPerUser);
  for (std::size_t n = 1; n <= accepted.size(); ++n)
    ASSERT_TRUE(twilio_.wait_for_call(n, true, 10s)) << "call " << n << " got no media";
  for (const auto& id : accepted) {
    EXPECT_TRUE(dashboard.wait_for(
        [&](const Messages& m) { return !live_events(m, "call.started", id).empty(); }, 10s));
    const auto started = live_events(dashboard.messages(), "call.started", id);
    if (!started.empty()) {
      EXPECT_EQ(started.front().at("node"), survivor.c_str());
    }
  }
  EXPECT_EQ(redis_->command({"ZCARD", "ovos:slots:" + user_id_}).value().integer, kMaxCallsPerUser)
      << "the two live calls hold the user's slots";
}

TEST_F(ClusterTopologyTest, NoCallIsPlacedWhileNoEngineNodeTakesCalls) {
  const std::string agent = sign_up();
  ASSERT_FALSE(agent.empty());
  for (const char* engine : {"engine-1", "engine-2"}) {
    nodes_[engine]->kill_now();
    killed_.insert(engine);
  }
  // Within a heartbeat TTL the engines are known dead; nobody's phone rings after that.
  HttpResult placed;
  for (int i = 0; i < 50; ++i) {
    placed = place(*api_a_, agent);
    if (placed.status == 503) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(placed.status, 503) << placed.body;
  EXPECT_NE(placed.body.find("no engine node"), std::string::npos) << placed.body;
}

TEST_F(ClusterTopologyTest, EveryNodeBeatsAndAnEngineNodeCannotServeTheDashboardsEvents) {
  // `openvoiceos nodes` lists the four nodes with their roles and where they are reached.
  const auto [status, out] = nodes_["api-a"]->run_command("nodes");
  ASSERT_EQ(status, 0) << out;
  const auto listed = json::parse(out.substr(out.find('['))).as_array();
  ASSERT_EQ(listed.size(), 4u) << out;
  EXPECT_EQ(listed[0].at("id"), "api-a");
  EXPECT_EQ(listed[0].at("role"), "api");
  EXPECT_EQ(listed[2].at("id"), "engine-1");
  EXPECT_EQ(listed[2].at("role"), "engine");
  EXPECT_EQ(listed[2].at("url"), nodes_["engine-1"]->base_url().c_str());
  EXPECT_EQ(listed[2].at("draining"), false);

  const std::string agent = sign_up();
  EXPECT_EQ(
      WebCallClient::refused_status("ws" + nodes_["engine-1"]->base_url().substr(4) + "/v1/events",
                                    {{"Authorization", "Bearer " + token_}}),
      421);
}

}  // namespace
}  // namespace ovos::testing
