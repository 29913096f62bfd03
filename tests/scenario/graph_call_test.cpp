// Browser calls to graph agents end to end: a new user calls the Demo receptionist they were
// given, with real speech recognised by pocketsphinx; graph agents need a provider key only for
// the LLMs they use.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <thread>

#include "providers/local/flite_synthesizer.h"
#include "support/http_client.h"
#include "support/server_process.h"
#include "support/web_call_client.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using Messages = std::vector<WebCallClient::Message>;

const std::vector<std::int16_t>& caller_speech(const std::string& text) {
  static std::map<std::string, std::vector<std::int16_t>> cache;
  auto it = cache.find(text);
  if (it == cache.end()) {
    auto flite = providers::local::FliteSynthesizer::create("rms");
    it = cache.emplace(text, std::move(flite->synthesize_all(text)).value()).first;
  }
  return it->second;
}

/// The final transcript of `role` for `turn`, or "".
std::string transcript(const Messages& messages, const std::string& role, int turn) {
  for (const auto& m : messages) {
    if (m.binary || !m.json.is_object() || m.json.at("type") != "transcript") continue;
    const auto& o = m.json.as_object();
    if (o.at("role") == role.c_str() && o.at("final").as_bool() &&
        o.at("turn").to_number<int>() == turn) {
      return std::string(o.at("text").as_string());
    }
  }
  return {};
}

/// Loudness of the agent audio that arrived after `after`.
double audio_rms_after(const Messages& messages, std::chrono::steady_clock::time_point after,
                       std::size_t& samples) {
  double sum = 0;
  samples = 0;
  for (const auto& m : messages) {
    if (!m.binary || m.at < after) continue;
    for (const auto s : m.samples)
      sum += static_cast<double>(s) * s;
    samples += m.samples.size();
  }
  return samples == 0 ? 0 : std::sqrt(sum / static_cast<double>(samples));
}

/// A graph agent of static nodes whose llm_config names `provider` for its (unused) LLM.
json::value static_graph_agent(const std::string& provider) {
  return json::parse(R"({
    "agent_config": {
      "agent_name": "Static graph",
      "agent_welcome_message": "Hello.",
      "tasks": [{
        "task_type": "conversation",
        "toolchain": {"execution": "parallel", "pipelines": [["transcriber", "llm", "synthesizer"]]},
        "tools_config": {
          "input": {"provider": "default", "format": "wav"},
          "output": {"provider": "default", "format": "wav"},
          "transcriber": {"provider": "pocketsphinx", "language": "en", "stream": true},
          "llm_agent": {"agent_type": "graph_agent", "agent_flow_type": "streaming",
            "llm_config": {"provider": ")" +
                     provider + R"(", "model": "gpt-4o-mini", "current_node_id": "ask",
              "agent_information": "A yes or no line.",
              "nodes": [
                {"id": "ask", "node_type": "static", "static_message": "Yes or no?",
                 "examples": {"yes": "yes", "no": "no"},
                 "edges": [{"to_node_id": "yes"}, {"to_node_id": "no"}]},
                {"id": "yes", "node_type": "static", "static_message": "Good."},
                {"id": "no", "node_type": "static", "static_message": "Pity."}]}},
          "synthesizer": {"provider": "flite", "provider_config": {"voice": "kal16", "language": "en"},
                          "stream": true, "audio_format": "wav"}
        },
        "task_config": {"check_if_user_online": false}
      }]
    },
    "agent_prompts": {"task_1": {"system_prompt": ""}}
  })");
}

json::object& llm_config_of(json::value& document) {
  return document.at("agent_config")
      .at("tasks")
      .at(0)
      .at("tools_config")
      .at("llm_agent")
      .at("llm_config")
      .as_object();
}

class GraphCallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(std::map<std::string, std::string>{
        {"OVOS_JWT_SECRET", "test-secret-0123456789abcdef0123456789"}});
    server_->start();
    http_ = std::make_unique<HttpClient>(server_->base_url());
    const auto r = http_->post("/v1/auth/register", json::object{{"email", "new@example.com"},
                                                                 {"password", "correct horse"}});
    EXPECT_EQ(r.status, 201) << r.body;
    token_ = std::string(r.json().at("access_token").as_string());
  }
  void TearDown() override { EXPECT_EQ(server_->stop(), 0) << server_->log(); }

  std::string ticket_url(const std::string& agent) {
    const auto r = http_->post("/v1/agents/" + agent + "/web-call-tokens", json::object{}, token_);
    EXPECT_EQ(r.status, 201) << r.body;
    return "ws://127.0.0.1:" + std::to_string(server_->port()) +
           std::string(r.json().at("url").as_string());
  }
  std::string create_agent(const json::value& document) {
    const auto r = http_->post("/v1/agents", document, token_);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.json().at("id").as_string());
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> http_;
  std::string token_;
};

TEST_F(GraphCallTest, ANewUserCallsTheDemoReceptionistAndIsAnsweredOnTheRightPath) {
  const auto list = http_->get("/v1/agents", token_);
  ASSERT_EQ(list.status, 200);
  const json::value listed = list.json();
  ASSERT_EQ(listed.at("total"), 1) << list.body;
  ASSERT_EQ(listed.at("items").at(0).at("name"), "Demo receptionist");
  const std::string agent(listed.at("items").at(0).at("id").as_string());

  WebCallClient client(ticket_url(agent));
  client.send_json(json::object{{"type", "start"}, {"sample_rate", 16000}});
  const auto ready = client.wait_for_type("ready", 5s);
  ASSERT_TRUE(ready) << server_->log();
  const std::string call_id(ready->json.at("call_id").as_string());
  ASSERT_TRUE(
      client.wait_for([](const Messages& m) { return !transcript(m, "agent", 0).empty(); }, 30s))
      << server_->log();
  EXPECT_NE(transcript(client.messages(), "agent", 0).find("demo receptionist"), std::string::npos);

  client.stream_silence(300);
  const auto asked_at = std::chrono::steady_clock::now();
  client.stream_audio(caller_speech("What are your opening hours?"));
  client.stream_silence(1200);
  ASSERT_TRUE(
      client.wait_for([](const Messages& m) { return !transcript(m, "agent", 1).empty(); }, 30s))
      << server_->log();
  Messages messages = client.messages();
  EXPECT_EQ(transcript(messages, "user", 1), "what are your opening hours");
  EXPECT_NE(transcript(messages, "agent", 1).find("Monday to Friday"), std::string::npos)
      << transcript(messages, "agent", 1);
  std::size_t samples = 0;
  EXPECT_GT(audio_rms_after(messages, asked_at, samples), 300.0);
  EXPECT_GT(samples, 16000u * 3) << "the answer is several seconds of speech";

  client.stream_silence(300);
  client.stream_audio(caller_speech("Goodbye."));
  client.stream_silence(1200);
  const auto end = client.wait_for_type("end", 30s);
  ASSERT_TRUE(end) << server_->log();
  EXPECT_EQ(end->json.at("reason"), "agent-ended");
  EXPECT_EQ(transcript(client.messages(), "agent", 2),
            "Thank you for calling Sunny Dental. Goodbye!");

  // The call log names the node that answered each turn.
  HttpResult call;
  for (int i = 0; i < 50; ++i) {
    call = http_->get("/v1/calls/" + call_id, token_);
    if (call.status == 200 && call.json().at("status") == "completed") break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(call.status, 200) << call.body;
  const json::value record = call.json();
  const auto& turns = record.at("turns").as_array();
  ASSERT_EQ(turns.size(), 3u) << call.body;
  EXPECT_EQ(turns[1].at("metadata").at("node"), "hours");
  EXPECT_EQ(turns[2].at("metadata").at("route"), json::parse(R"(["main_menu", "goodbye"])"));
  EXPECT_EQ(record.at("settings").at("routing").at("mode"), "local") << call.body;
}

TEST_F(GraphCallTest, AGraphAgentNeedsAKeyOnlyForTheLlmsItUses) {
  // Static nodes routed locally: no LLM is used, so none needs a key.
  const std::string offline = create_agent(static_graph_agent("openai"));
  {
    WebCallClient client(ticket_url(offline));
    EXPECT_TRUE(client.wait_for_type("ready", 5s)) << server_->log();
  }
  // A node that speaks with OpenAI needs the key.
  json::value speaking = static_graph_agent("openai");
  llm_config_of(speaking)["nodes"].as_array().push_back(
      json::parse(R"({"id": "chat", "prompt": "Chat."})"));
  const std::string speaking_agent = create_agent(speaking);
  EXPECT_EQ(WebCallClient::refused_status(ticket_url(speaking_agent)), 422);
  // So does routing with it.
  json::value routed = static_graph_agent("scripted");
  llm_config_of(routed)["routing_provider"] = "openai";
  const std::string routed_agent = create_agent(routed);
  EXPECT_EQ(WebCallClient::refused_status(ticket_url(routed_agent)), 422);
  const auto key = http_->post(
      "/v1/provider-keys",
      json::object{{"provider", "openai"},
                   {"credentials", json::object{{"api_key", "sk-test-000000000000000000"}}}},
      token_);
  ASSERT_EQ(key.status, 201) << key.body;
  // With the key stored, both take calls: the key was all they lacked.
  for (const std::string& agent : {routed_agent, speaking_agent}) {
    WebCallClient client(ticket_url(agent));
    EXPECT_TRUE(client.wait_for_type("ready", 5s)) << server_->log();
  }
}

}  // namespace
}  // namespace ovos::testing
