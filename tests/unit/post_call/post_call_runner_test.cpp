// A call's follow-up tasks run after it ends, on a real store (SQLite and PostgreSQL), an LLM
// double and a loopback webhook receiver: order, results on the call, error isolation,
// refusals, re-runs and shutdown.
#include "agents/tasks/post_call_runner.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <thread>

#include "core/ids.h"
#include "core/logging.h"
#include "crypto/secret_box.h"
#include "post_call/fake_llm.h"
#include "post_call/webhook_test_support.h"
#include "support/scripted_http_server.h"
#include "unit/store/store_fixture.h"

namespace ovos::agents::tasks {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using net::testing::http_response;
using net::testing::RawConnection;
using net::testing::ScriptedHttpServer;
using store::test::Backend;
using store::test::kT0;
using testing::FakeLlm;
using testing::FakeReply;
using testing::parse_request;
using testing::verified_timestamp;

constexpr std::string_view kSecret = "whsec_runner_test_secret";
constexpr std::string_view kApiKey = "sk-test-0123456789abcdef";

/// Keeps the log lines written while it lives.
class LogCapture {
 public:
  LogCapture() {
    core::set_log_sink([this](std::string_view line) {
      const std::lock_guard lock(mutex_);
      text_ += std::string(line) + "\n";
    });
  }
  ~LogCapture() { core::set_log_sink(nullptr); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;
  [[nodiscard]] std::string text() const {
    const std::lock_guard lock(mutex_);
    return text_;
  }

 private:
  mutable std::mutex mutex_;
  std::string text_;
};

json::object llm_agent(std::string_view model) {
  return {{"agent_type", "simple_llm_agent"},
          {"agent_flow_type", "streaming"},
          {"llm_config", {{"provider", "openai"}, {"model", model}, {"max_tokens", 100}}}};
}

json::object follow_up(std::string_view type, json::object tools) {
  return {
      {"task_type", type},
      {"toolchain", {{"execution", "sequential"}, {"pipelines", json::array{json::array{"llm"}}}}},
      {"tools_config", std::move(tools)}};
}

/// An agent whose conversation is followed by `tasks` (task_2, task_3, ...).
std::string agent_document(std::initializer_list<json::object> tasks, json::object prompts) {
  json::array all{
      json::object{{"task_type", "conversation"},
                   {"toolchain",
                    {{"execution", "parallel"},
                     {"pipelines", json::array{json::array{"transcriber", "llm", "synthesizer"}}}}},
                   {"tools_config", {{"llm_agent", llm_agent("gpt-4o")}}}}};
  for (const auto& t : tasks)
    all.push_back(t);
  prompts["task_1"] = json::object{{"system_prompt", "You book dental appointments."}};
  return json::serialize(
      json::object{{"agent_config", {{"agent_name", "Dental"}, {"tasks", std::move(all)}}},
                   {"agent_prompts", std::move(prompts)}});
}

class PostCallRunnerTest : public store::test::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    vault_ = std::make_unique<store::KeyVault>(*store_, box_);
    user_ = create_user("owner@example.com");
    auto llm = std::make_unique<FakeLlm>("openai");
    llm_ = llm.get();
    registry_.add_llm(std::move(llm));
    store_key("openai", R"({"api_key":")" + std::string(kApiKey) + R"("})");
    store_key("webhook", R"({"signing_secret":")" + std::string(kSecret) + R"("})");
    agent_ = make_agent(agent_document(
        {follow_up("extraction", {{"llm_agent", llm_agent("gpt-4o-mini")}}),
         follow_up("summarization", {{"llm_agent", llm_agent("gpt-4o-mini")}}),
         follow_up("webhook", {{"api_tools", {{"webhookURL", hook_url()}}}})},
        {{"task_2", json::object{{"system_prompt", "name: the caller's name\nslot: the slot"}}}}));
    call_ = ended_call(agent_.id, "completed");
  }

  void TearDown() override {
    runner_.reset();
    vault_.reset();
    StoreTest::TearDown();
  }

  std::string hook_url() const {
    return "http://127.0.0.1:" + std::to_string(server_.port()) + "/hooks";
  }

  void store_key(const std::string& provider, const std::string& credentials) {
    store::ProviderKey key;
    key.id = core::new_id();
    key.user_id = user_.id;
    key.provider = provider;
    key.name = provider;
    key.masked_json = "{}";
    key.created_at = key.updated_at = kT0;
    vault_->seal(key, credentials);
    ASSERT_TRUE(store_->create_provider_key(key).ok());
  }

  store::Agent make_agent(const std::string& document) {
    store::Agent agent = create_agent(user_.id, "Dental", kT0);
    agent.config_json = document;
    auto updated = store_->update_agent(agent);
    EXPECT_TRUE(updated.ok());
    return agent;
  }

  store::Call ended_call(const std::string& agent_id, const std::string& status) {
    store::Call call = create_call(user_.id, agent_id, kT0, status, "web");
    call.started_at = kT0;
    call.ended_at = kT0 + 30'000;
    call.duration_ms = 30'000;
    call.hangup_reason = "end_call_tool";
    call.variables_json = R"({"customer_name":"Ann"})";
    EXPECT_TRUE(store_->update_call(call).ok());
    const std::vector<std::pair<std::string, std::string>> said = {
        {"", "Hello, Bright Smile dental."},
        {"Hi, this is Ann, I need a cleaning", "Tuesday at ten works?"},
        {"Yes please", "Booked. Goodbye!"}};
    for (std::size_t i = 0; i < said.size(); ++i) {
      store::Turn turn;
      turn.id = core::new_id();
      turn.call_id = call.id;
      turn.index = static_cast<int>(i);
      turn.user_text = said[i].first;
      turn.agent_text = said[i].second;
      turn.created_at = kT0 + static_cast<std::int64_t>(i);
      EXPECT_TRUE(store_->upsert_turn(turn).ok());
    }
    return call;
  }

  PostCallRunner& runner(PostCallOptions options = fast()) {
    runner_ = std::make_unique<PostCallRunner>(
        PostCallServices{*store_, *vault_, registry_, *loop_, core::SystemClock::instance()},
        workers_, *loop_, std::move(options));
    return *runner_;
  }

  static PostCallOptions fast() {
    PostCallOptions options;
    options.steps.llm_timeout = 5s;
    options.webhooks.base_backoff = 1ms;
    options.webhooks.max_backoff = 5ms;
    options.webhooks.max_attempts = 3;
    options.webhooks.allow_private_networks = true;
    return options;
  }

  store::Call stored() {
    auto call = store_->get_call(user_.id, call_.id);
    EXPECT_TRUE(call.ok());
    return call.ok() ? std::move(call).value() : store::Call{};
  }

  static json::object object_of(const std::string& text) { return json::parse(text).as_object(); }

  /// The statuses of the steps of the call's post_call state.
  std::vector<std::string> step_statuses() {
    std::vector<std::string> out;
    const json::object state = object_of(stored().post_call_json);
    for (const auto& step : state.at("steps").as_array()) {
      out.emplace_back(step.at("status").as_string());
    }
    return out;
  }

  static ScriptedHttpServer::Script answer(int status) {
    return [status](RawConnection& c) {
      while (c.read_request()) {
        if (!c.write(http_response(status, "ok"))) return;
      }
    };
  }

  store::User user_;
  store::Agent agent_;
  store::Call call_;
  std::vector<std::uint8_t> key_ = std::vector<std::uint8_t>(32, 7);
  crypto::SecretBox box_ = crypto::SecretBox::from_key(key_).value();
  std::unique_ptr<store::KeyVault> vault_;  // over store_, which SetUp opens
  providers::ProviderRegistry registry_;
  FakeLlm* llm_ = nullptr;
  ScriptedHttpServer server_{answer(200)};
  std::unique_ptr<net::EventLoop> loop_ = net::EventLoop::start("post-call-io");
  core::ComputePool workers_{2, 64};
  std::unique_ptr<PostCallRunner> runner_;
};
INSTANTIATE_TEST_SUITE_P(Backends, PostCallRunnerTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         store::test::backend_name);

TEST_P(PostCallRunnerTest, StepsRunInOrderAndEachResultIsWrittenToTheCall) {
  llm_->script({FakeReply::says("```json\n{\"name\": \"Ann\", \"slot\": \"Tuesday 10:00\"}\n```"),
                FakeReply::says(
                    "Here is the summary: {\"summary\": \"Ann booked a cleaning on Tuesday.\"}")});
  auto& r = runner();
  const auto queued = r.start(user_.id, call_.id);
  ASSERT_TRUE(queued.ok()) << queued.error().message;
  EXPECT_EQ(queued->at("status"), "pending");
  EXPECT_EQ(queued->at("steps").as_array().size(), 3u);
  r.wait_idle();

  const store::Call call = stored();
  EXPECT_EQ(object_of(call.extracted_data_json),
            json::parse(R"({"name":"Ann","slot":"Tuesday 10:00"})"));
  EXPECT_EQ(call.summary, "Ann booked a cleaning on Tuesday.");
  const json::object webhook = object_of(call.webhook_json);
  EXPECT_EQ(webhook.at("status"), "delivered");
  EXPECT_EQ(webhook.at("attempts"), 1);
  EXPECT_EQ(webhook.at("http_status"), 200);
  EXPECT_TRUE(webhook.at("error").is_null());
  EXPECT_TRUE(webhook.at("delivered_at").is_string());
  const json::object state = object_of(call.post_call_json);
  EXPECT_EQ(state.at("status"), "done");
  EXPECT_TRUE(state.at("started_at").is_string());
  EXPECT_TRUE(state.at("finished_at").is_string());
  EXPECT_EQ(step_statuses(), (std::vector<std::string>{"succeeded", "succeeded", "succeeded"}));
  const json::value& first = state.at("steps").at(0);
  EXPECT_EQ(first.at("task"), 2);
  EXPECT_EQ(first.at("type"), "extraction");
  EXPECT_TRUE(first.at("error").is_null());
  EXPECT_TRUE(first.at("finished_at").is_string());
  EXPECT_TRUE(state.at("steps").at(2).at("task") == 4);
  EXPECT_EQ(call.status, "completed") << "the engine's fields are untouched";
  EXPECT_EQ(call.hangup_reason, "end_call_tool");

  // The extraction asked first, with the task's fields, the transcript and the user's key.
  const auto requests = llm_->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_NE(requests[0].messages[0].content.find("- slot: the slot"), std::string::npos);
  EXPECT_NE(requests[0].messages[1].content.find("Caller: Hi, this is Ann"), std::string::npos);
  EXPECT_EQ(requests[0].model, "gpt-4o-mini");
  EXPECT_EQ(requests[0].max_tokens, 512);
  EXPECT_EQ(requests[0].credentials.at("api_key"), kApiKey);
  EXPECT_NE(requests[1].messages[0].content.find("\"summary\""), std::string::npos);

  // The webhook came last, signed, with the results of the steps before it.
  const auto received = server_.requests();
  ASSERT_EQ(received.size(), 1u);
  const auto request = parse_request(received[0]);
  EXPECT_GT(verified_timestamp(request, kSecret), 0);
  EXPECT_EQ(request.headers.at("x-openvoiceos-delivery"),
            std::string(webhook.at("delivery_id").as_string()));
  const json::value body = json::parse(request.body);
  EXPECT_EQ(body.at("event"), "call.completed");
  EXPECT_EQ(body.at("call").at("id"), call_.id.c_str());
  EXPECT_EQ(body.at("call").at("variables"), json::parse(R"({"customer_name":"Ann"})"));
  EXPECT_EQ(body.at("transcript").as_array().size(), 3u);
  EXPECT_EQ(body.at("extracted_data").at("slot"), "Tuesday 10:00");
  EXPECT_EQ(body.at("summary"), "Ann booked a cleaning on Tuesday.");
}

TEST_P(PostCallRunnerTest, AFailingStepDoesNotStopTheNext) {
  llm_->script({FakeReply::says("I am sorry, I cannot extract anything."),
                FakeReply::fails(core::Error::unavailable("openai: HTTP 503 overloaded"))});
  auto& r = runner();
  ASSERT_TRUE(r.start(user_.id, call_.id).ok());
  r.wait_idle();
  const store::Call call = stored();
  EXPECT_EQ(call.extracted_data_json, "{}");
  EXPECT_EQ(call.summary, "");
  EXPECT_EQ(object_of(call.webhook_json).at("status"), "delivered");
  const json::object state = object_of(call.post_call_json);
  EXPECT_EQ(state.at("status"), "done");
  EXPECT_EQ(step_statuses(), (std::vector<std::string>{"failed", "failed", "succeeded"}));
  const auto& steps = state.at("steps").as_array();
  EXPECT_EQ(steps[0].at("error"), "the model's reply has no JSON object");
  EXPECT_EQ(steps[1].at("error"), "openai: HTTP 503 overloaded");
  // The webhook still tells the receiver about the call.
  const json::value body = json::parse(parse_request(server_.requests().at(0)).body);
  EXPECT_EQ(body.at("extracted_data"), json::object());
}

TEST_P(PostCallRunnerTest, AFailedWebhookIsRecordedWithItsAttempts) {
  ScriptedHttpServer down(answer(503));
  const std::string url = "http://127.0.0.1:" + std::to_string(down.port()) + "/x";
  json::object tools{{"api_tools", json::object{{"webhookURL", url}}}};
  agent_ = make_agent(agent_document({follow_up("webhook", std::move(tools))}, {}));
  call_ = ended_call(agent_.id, "no-answer");
  auto& r = runner();
  ASSERT_TRUE(r.start(user_.id, call_.id).ok());
  r.wait_idle();
  const json::object webhook = object_of(stored().webhook_json);
  EXPECT_EQ(webhook.at("status"), "failed");
  EXPECT_EQ(webhook.at("attempts"), 3);
  EXPECT_EQ(webhook.at("http_status"), 503);
  EXPECT_EQ(webhook.at("error"), "the receiver answered HTTP 503");
  EXPECT_EQ(step_statuses(), (std::vector<std::string>{"failed"}));
  EXPECT_EQ(down.requests().size(), 3u);
}

TEST_P(PostCallRunnerTest, NoSigningSecretMeansNoUnsignedWebhook) {
  auto keys = store_->list_provider_keys(user_.id);
  ASSERT_TRUE(keys.ok());
  for (const auto& key : *keys) {
    if (key.provider == "webhook") {
      ASSERT_TRUE(store_->delete_provider_key(user_.id, key.id).ok());
    }
  }
  llm_->script({FakeReply::says(R"({"name":"Ann","slot":null})"),
                FakeReply::says(R"({"summary":"Short."})")});
  auto& r = runner();
  ASSERT_TRUE(r.start(user_.id, call_.id).ok());
  r.wait_idle();
  const json::object webhook = object_of(stored().webhook_json);
  EXPECT_EQ(webhook.at("status"), "failed");
  EXPECT_EQ(webhook.at("attempts"), 0);
  EXPECT_NE(std::string(webhook.at("error").as_string()).find("POST /v1/provider-keys"),
            std::string::npos);
  EXPECT_TRUE(server_.requests().empty());
  EXPECT_EQ(step_statuses(), (std::vector<std::string>{"succeeded", "succeeded", "failed"}));
}

TEST_P(PostCallRunnerTest, AMissingLlmKeyFailsItsStepsWithWhatToDo) {
  auto keys = store_->list_provider_keys(user_.id);
  ASSERT_TRUE(keys.ok());
  for (const auto& key : *keys) {
    if (key.provider == "openai") {
      ASSERT_TRUE(store_->delete_provider_key(user_.id, key.id).ok());
    }
  }
  auto& r = runner();
  ASSERT_TRUE(r.start(user_.id, call_.id).ok());
  r.wait_idle();
  const json::object state = object_of(stored().post_call_json);
  EXPECT_EQ(state.at("steps").at(0).at("error"),
            "no API key stored for 'openai': add a key with POST /v1/provider-keys");
  EXPECT_EQ(step_statuses(), (std::vector<std::string>{"failed", "failed", "succeeded"}));
  EXPECT_TRUE(llm_->requests().empty());
}

TEST_P(PostCallRunnerTest, ReRunsReplaceTheResultsAndNotificationIsSkipped) {
  agent_ = make_agent(agent_document(
      {follow_up("notification", {}), follow_up("extraction", {{"llm_agent", llm_agent("m")}})},
      {{"task_3", json::object{{"system_prompt", "slot: the slot"}}}}));
  call_ = ended_call(agent_.id, "completed");
  llm_->script(
      {FakeReply::says(R"({"slot":"Monday","extra":1})"), FakeReply::says(R"({"slot":"Friday"})")});
  auto& r = runner();
  ASSERT_TRUE(r.start(user_.id, call_.id).ok());
  r.wait_idle();
  EXPECT_EQ(object_of(stored().extracted_data_json), json::parse(R"({"slot":"Monday","extra":1})"));
  ASSERT_TRUE(r.start(user_.id, call_.id).ok());
  r.wait_idle();
  EXPECT_EQ(object_of(stored().extracted_data_json), json::parse(R"({"slot":"Friday"})"));
  const json::object state = object_of(stored().post_call_json);
  EXPECT_EQ(step_statuses(), (std::vector<std::string>{"skipped", "succeeded"}));
  EXPECT_NE(std::string(state.at("steps").at(0).at("error").as_string()).find("not supported"),
            std::string::npos);
}

TEST_P(PostCallRunnerTest, RefusalsSayWhy) {
  auto& r = runner();
  const auto code_of = [&](const std::string& user, const std::string& call) {
    auto started = r.start(user, call);
    return started.ok() ? std::optional<core::ErrorCode>() : started.error().code;
  };
  EXPECT_EQ(code_of(user_.id, core::new_id()), core::ErrorCode::kNotFound);
  const store::User other = create_user("other@example.com");
  EXPECT_EQ(code_of(other.id, call_.id), core::ErrorCode::kNotFound) << "another user's call";

  const store::Call live = create_call(user_.id, agent_.id, kT0, "in-progress", "web");
  auto refused = r.start(user_.id, live.id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(refused.error().message,
            "the call is still in progress (in-progress); its tasks run when it ends");

  const store::Agent plain = make_agent(agent_document({}, {}));
  refused = r.start(user_.id, ended_call(plain.id, "completed").id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("no follow-up tasks"), std::string::npos);

  const store::Call orphan = ended_call(core::new_id(), "completed");
  refused = r.start(user_.id, orphan.id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message, "the call's agent was deleted, so its tasks are unknown");

  // Saved before webhook URLs were checked: said, with where to fix it.
  const store::Agent broken = make_agent(
      agent_document({follow_up("webhook", {{"api_tools", {{"webhookURL", "gopher://x"}}}})}, {}));
  refused = r.start(user_.id, ended_call(broken.id, "completed").id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kConflict);
  EXPECT_NE(
      refused.error().message.find("$.agent_config.tasks[1].tools_config.api_tools.webhookURL"),
      std::string::npos);
  EXPECT_NE(refused.error().message.find("PUT /v1/agents/" + broken.id), std::string::npos);
  EXPECT_TRUE(llm_->requests().empty());
}

TEST_P(PostCallRunnerTest, OneJobPerCallAndShutdownInterruptsTheOneInFlight) {
  llm_->script({FakeReply::never()});  // the extraction never gets an answer
  auto& r = runner();
  ASSERT_TRUE(r.start(user_.id, call_.id).ok());
  while (llm_->requests().empty())
    std::this_thread::sleep_for(5ms);
  EXPECT_EQ(object_of(stored().post_call_json).at("status"), "running");
  EXPECT_EQ(step_statuses(), (std::vector<std::string>{"running", "pending", "pending"}));
  const auto again = r.start(user_.id, call_.id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(again.error().message, "the call's tasks are already queued or running");

  const auto started = std::chrono::steady_clock::now();
  r.shutdown(50ms);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s) << "the LLM wait was cut short";
  const json::object state = object_of(stored().post_call_json);
  EXPECT_EQ(state.at("status"), "interrupted");
  EXPECT_EQ(state.at("error"), "interrupted: the server is shutting down");
  EXPECT_EQ(step_statuses(),
            (std::vector<std::string>{"interrupted", "interrupted", "interrupted"}));
  EXPECT_TRUE(server_.requests().empty());
  loop_->post([] {});  // the completion is released on the loop
  for (int i = 0; i < 200 && llm_->cancelled() == 0; ++i)
    std::this_thread::sleep_for(5ms);
  EXPECT_EQ(llm_->cancelled(), 1);

  const auto refused = r.start(user_.id, call_.id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kUnavailable);
}

TEST_P(PostCallRunnerTest, AStepThatTakesTooLongTimesOut) {
  llm_->script({FakeReply::never(), FakeReply::says(R"({"summary":"ok"})")});
  PostCallOptions options = fast();
  options.steps.llm_timeout = 100ms;
  auto& r = runner(options);
  ASSERT_TRUE(r.start(user_.id, call_.id).ok());
  r.wait_idle();
  const json::object state = object_of(stored().post_call_json);
  EXPECT_EQ(state.at("steps").at(0).at("error"), "the model did not finish within 100 ms");
  EXPECT_EQ(step_statuses(), (std::vector<std::string>{"failed", "succeeded", "succeeded"}));
}

TEST_P(PostCallRunnerTest, AfterACallOnlyAgentsWithTasksRunAndAStoppedRunnerSaysSo) {
  LogCapture logs;
  llm_->script({FakeReply::says(R"({"name":"Ann"})"), FakeReply::says(R"({"summary":"ok"})")});
  auto& r = runner();
  const store::Agent plain = make_agent(agent_document({}, {}));
  const store::Call quiet = ended_call(plain.id, "completed");
  r.start_after_call(quiet);
  r.start_after_call(call_);
  r.wait_idle();
  EXPECT_EQ(store_->get_call(user_.id, quiet.id)->post_call_json, "{}");
  EXPECT_EQ(object_of(stored().post_call_json).at("status"), "done");

  r.shutdown(0ms);
  const store::Call late = ended_call(agent_.id, "completed");
  r.start_after_call(late);
  const json::object state = object_of(store_->get_call(user_.id, late.id)->post_call_json);
  EXPECT_EQ(state.at("status"), "interrupted");
  EXPECT_NE(
      std::string(state.at("error").as_string()).find("POST /v1/calls/" + late.id + "/post-call"),
      std::string::npos);
  // Secrets never reach the log.
  EXPECT_EQ(logs.text().find(kSecret), std::string::npos);
  EXPECT_EQ(logs.text().find(kApiKey), std::string::npos);
  EXPECT_NE(logs.text().find("post_call.step"), std::string::npos);
}

}  // namespace
}  // namespace ovos::agents::tasks
