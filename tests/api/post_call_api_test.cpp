// POST /v1/calls/{id}/post-call against the running binary: a finished call's follow-up tasks
// run again with the offline scripted LLM and a signed webhook to a loopback receiver, and the
// results appear on GET /v1/calls/{id}.
#include <chrono>
#include <thread>

#include "api_fixture.h"
#include "core/ids.h"
#include "store/store.h"
#include "support/scripted_http_server.h"
#include "unit/post_call/webhook_test_support.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;
using net::testing::http_response;
using net::testing::RawConnection;
using net::testing::ScriptedHttpServer;

constexpr std::string_view kSecret = "whsec_api_test_0123456789";
constexpr std::int64_t kNov23 = 1'763'856'000'000;  // 2025-11-23T00:00:00Z

class PostCallApiTest : public ApiTest {
 protected:
  std::map<std::string, std::string> extra_env() override {
    return {{"OVOS_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "true"}};  // the receiver is on loopback
  }

  /// An offline agent (pocketsphinx, scripted LLM, flite) whose follow-up tasks extract, summarize
  /// and POST to `hook`.
  static json::value agent_with_tasks(const std::string& hook) {
    const json::object scripted{{"agent_type", "simple_llm_agent"},
                                {"agent_flow_type", "streaming"},
                                {"llm_config", {{"provider", "scripted"}, {"model", "script"}}}};
    const json::object follow_up_toolchain{{"execution", "sequential"},
                                           {"pipelines", json::array{json::array{"llm"}}}};
    json::array tasks{
        json::object{
            {"task_type", "conversation"},
            {"toolchain",
             {{"execution", "parallel"},
              {"pipelines", json::array{json::array{"transcriber", "llm", "synthesizer"}}}}},
            {"tools_config",
             {{"transcriber", {{"provider", "pocketsphinx"}, {"language", "en"}}},
              {"llm_agent", scripted},
              {"synthesizer", {{"provider", "flite"}, {"provider_config", {{"voice", "slt"}}}}}}}},
        json::object{{"task_type", "extraction"},
                     {"toolchain", follow_up_toolchain},
                     {"tools_config", {{"llm_agent", scripted}}}},
        json::object{{"task_type", "summarization"},
                     {"toolchain", follow_up_toolchain},
                     {"tools_config", {{"llm_agent", scripted}}}},
        json::object{{"task_type", "webhook"},
                     {"toolchain", follow_up_toolchain},
                     {"tools_config", {{"api_tools", {{"webhookURL", hook}}}}}}};
    return json::object{
        {"agent_config", {{"agent_name", "Booker"}, {"tasks", std::move(tasks)}}},
        {"agent_prompts",
         {{"task_1", {{"system_prompt", "* => Hello."}}},
          {"task_2",
           {{"system_prompt",
             "name: the caller's name\n* => {\"name\": \"Ann\", \"slot\": null}"}}},
          {"task_3", {{"system_prompt", "* => {\"summary\": \"Ann called to book.\"}"}}}}}};
  }

  std::unique_ptr<store::Store> open_store() {
    auto s = store::Store::open(database_url_.value_or(""), server_->data_dir() + "/data");
    EXPECT_TRUE(s.ok()) << s.error().message;
    return std::move(s).value();
  }

  store::Call insert_call(store::Store& s, const std::string& user, const std::string& agent,
                          const std::string& status) {
    store::Call c;
    c.id = core::new_id(kNov23);
    c.user_id = user;
    c.agent_id = agent;
    c.status = status;
    c.direction = "web";
    c.carrier = "web";
    c.created_at = kNov23;
    c.started_at = kNov23;
    if (status != "in-progress") c.ended_at = kNov23 + 20'000;
    EXPECT_TRUE(s.create_call(c).ok());
    store::Turn t;
    t.id = core::new_id();
    t.call_id = c.id;
    t.index = 1;
    t.user_text = "Hi, I am Ann and I would like a cleaning";
    t.agent_text = "Hello.";
    t.created_at = kNov23 + 1000;
    EXPECT_TRUE(s.upsert_turn(t).ok());
    return c;
  }

  /// GET /v1/calls/{id} once its post_call status is neither pending nor running.
  json::value finished(const std::string& call_id, const std::string& token) {
    json::value body;
    for (int i = 0; i < 200; ++i) {
      const auto r = http_->get("/v1/calls/" + call_id, token);
      EXPECT_EQ(r.status, 200) << r.body;
      body = r.json();
      const auto& status = body.at("post_call").at("status");
      if (status != "pending" && status != "running") return body;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "the tasks did not finish: " << json::serialize(body);
    return body;
  }
};
OVOS_API_TEST_SUITE(PostCallApiTest);

TEST_P(PostCallApiTest, ReRunsTheTasksOfAFinishedCallAndServesTheResults) {
  ScriptedHttpServer receiver([](RawConnection& c) {
    while (c.read_request()) {
      if (!c.write(http_response(204, ""))) return;
    }
  });
  const std::string token = register_user("a@example.com");
  const std::string hook = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hooks";
  const auto created = http_->post("/v1/agents", agent_with_tasks(hook), token);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string agent(created.json().at("id").as_string());
  const auto secret = http_->post(
      "/v1/provider-keys",
      json::object{{"provider", "webhook"},
                   {"credentials", json::object{{"signing_secret", std::string(kSecret)}}}},
      token);
  ASSERT_EQ(secret.status, 201) << secret.body;
  EXPECT_EQ(secret.body.find(kSecret), std::string::npos) << "shown masked only";

  auto s = open_store();
  const store::Call call = insert_call(*s, user_id(token), agent, "completed");
  EXPECT_EQ(http_->get("/v1/calls/" + call.id, token).json().at("post_call").at("status"), "none");

  const auto queued = http_->request("POST", "/v1/calls/" + call.id + "/post-call", "", token);
  ASSERT_EQ(queued.status, 202) << queued.body;
  EXPECT_EQ(queued.json().at("status"), "pending");
  EXPECT_EQ(queued.json().at("steps").as_array().size(), 3u);

  const json::value body = finished(call.id, token);
  EXPECT_EQ(body.at("post_call").at("status"), "done") << json::serialize(body);
  EXPECT_EQ(body.at("extracted_data"), json::parse(R"({"name":"Ann","slot":null})"));
  EXPECT_EQ(body.at("summary"), "Ann called to book.");
  EXPECT_EQ(body.at("webhook").at("status"), "delivered");
  EXPECT_EQ(body.at("webhook").at("http_status"), 204);
  for (const auto& step : body.at("post_call").at("steps").as_array()) {
    EXPECT_EQ(step.at("status"), "succeeded") << json::serialize(step);
  }

  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto request = agents::tasks::testing::parse_request(requests[0]);
  EXPECT_GT(agents::tasks::testing::verified_timestamp(request, kSecret), 0);
  EXPECT_EQ(request.headers.at("x-openvoiceos-delivery"),
            std::string(body.at("webhook").at("delivery_id").as_string()));
  const json::value payload = json::parse(request.body);
  EXPECT_EQ(payload.at("call").at("id"), call.id.c_str());
  EXPECT_EQ(payload.at("summary"), "Ann called to book.");
  EXPECT_EQ(payload.at("transcript").at(0).at("user"), "Hi, I am Ann and I would like a cleaning");
  EXPECT_EQ(server_->log().find(kSecret), std::string::npos) << "the secret is never logged";
}

TEST_P(PostCallApiTest, RefusalsAreClear) {
  const std::string token = register_user("b@example.com");
  const std::string me = user_id(token);
  const auto created =
      http_->post("/v1/agents", agent_with_tasks("https://hooks.example.com/x"), token);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string agent(created.json().at("id").as_string());
  auto s = open_store();

  const auto live = insert_call(*s, me, agent, "in-progress");
  auto r = http_->request("POST", "/v1/calls/" + live.id + "/post-call", "", token);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("still in progress"), std::string::npos) << r.body;

  const auto plain = insert_call(*s, me, create_agent(token), "completed");
  r = http_->request("POST", "/v1/calls/" + plain.id + "/post-call", "", token);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("no follow-up tasks"), std::string::npos) << r.body;

  r = http_->request("POST", "/v1/calls/" + core::new_id() + "/post-call", "", token);
  EXPECT_EQ(r.status, 404) << r.body;
  r = http_->request("POST", "/v1/calls/" + plain.id + "/post-call", "");
  EXPECT_EQ(r.status, 401) << r.body;
}

TEST_P(PostCallApiTest, BadWebhookUrlsAreRefusedWhenTheAgentIsSaved) {
  const std::string token = register_user("c@example.com");
  const auto r = http_->post("/v1/agents", agent_with_tasks("file:///etc/passwd"), token);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(r.error_paths().count("$.agent_config.tasks[3].tools_config.api_tools.webhookURL"))
      << r.body;
}

}  // namespace
}  // namespace ovos::testing
