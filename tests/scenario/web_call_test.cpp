// Browser calls end to end: the real binary, a real WebSocket, real speech (flite) recognised by
// pocketsphinx, the scripted LLM, and flite answering.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cmath>
#include <set>
#include <sstream>
#include <thread>

#include "post_call/webhook_test_support.h"
#include "providers/local/flite_synthesizer.h"
#include "support/fake_openai_server.h"
#include "support/http_client.h"
#include "support/server_process.h"
#include "support/web_call_client.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using Messages = std::vector<WebCallClient::Message>;

constexpr const char* kPrompt =
    "You are the assistant of a small shop.\n"
    "what are your opening hours => We are open from nine to five.\n"
    "tell me a story => Once upon a time there was a small shop on a quiet street, and every "
    "morning the owner opened the door, swept the floor, and waited for the first customer of "
    "the day to come in and ask for something new.\n"
    "goodbye => Goodbye and thank you for calling. [end_call]\n";

json::value agent_document(int hangup_after_silence = 20) {
  return json::parse(R"({
    "agent_config": {
      "agent_name": "Shop",
      "agent_welcome_message": "Hello, how can I help?",
      "tasks": [{
        "task_type": "conversation",
        "toolchain": {"execution": "parallel", "pipelines": [["transcriber", "llm", "synthesizer"]]},
        "tools_config": {
          "input": {"provider": "default", "format": "wav"},
          "output": {"provider": "default", "format": "wav"},
          "transcriber": {"provider": "pocketsphinx", "language": "en", "stream": true, "endpointing": 500},
          "llm_agent": {"agent_type": "simple_llm_agent", "agent_flow_type": "streaming",
                        "llm_config": {"provider": "scripted", "model": "script"}},
          "synthesizer": {"provider": "flite", "provider_config": {"voice": "kal16", "language": "en"},
                          "stream": true, "audio_format": "wav"}
        },
        "task_config": {"hangup_after_silence": )" +
                     std::to_string(hangup_after_silence) + R"(, "check_if_user_online": false}
      }]
    },
    "agent_prompts": {"task_1": {"system_prompt": ""}}
  })");
}

/// The llm_config of the agent document's first task.
json::object& llm_config_of(json::value& document) {
  return document.at("agent_config")
      .at("tasks")
      .at(0)
      .at("tools_config")
      .at("llm_agent")
      .at("llm_config")
      .as_object();
}

const std::vector<std::int16_t>& speech(const std::string& text) {
  static std::map<std::string, std::vector<std::int16_t>> cache;
  auto it = cache.find(text);
  if (it == cache.end()) {
    auto flite = providers::local::FliteSynthesizer::create("rms");
    auto pcm = flite->synthesize_all(text);
    it = cache.emplace(text, std::move(pcm).value()).first;
  }
  return it->second;
}

double rms(const std::vector<std::int16_t>& samples) {
  double sum = 0;
  for (const auto s : samples)
    sum += static_cast<double>(s) * s;
  return samples.empty() ? 0 : std::sqrt(sum / static_cast<double>(samples.size()));
}

bool has_transcript(const Messages& messages, const std::string& role, bool final,
                    const std::string& needle, int turn = -1) {
  for (const auto& m : messages) {
    if (m.binary || !m.json.is_object() || m.json.at("type") != "transcript") continue;
    const auto& o = m.json.as_object();
    if (o.at("role") != role.c_str() || o.at("final").as_bool() != final) continue;
    if (turn >= 0 && o.at("turn").to_number<int>() != turn) continue;
    if (std::string(o.at("text").as_string()).find(needle) != std::string::npos) return true;
  }
  return false;
}

class WebCallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(std::map<std::string, std::string>{
        {"OVOS_JWT_SECRET", "test-secret-0123456789abcdef0123456789"},
        {"OVOS_TOOLS_ALLOW_PRIVATE_NETWORKS", "true"},  // the test servers are on loopback
        {"OVOS_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "true"}});
    server_->start();
    http_ = std::make_unique<HttpClient>(server_->base_url());
    token_ = register_user("caller@example.com");
  }
  void TearDown() override { EXPECT_EQ(server_->stop(), 0) << server_->log(); }

  std::string register_user(const std::string& email) {
    const auto r = http_->post(
        "/v1/auth/register", json::object{{"email", email}, {"password", "correct horse battery"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.json().at("access_token").as_string());
  }
  std::string create_agent(const std::string& token, json::value document, const char* prompt) {
    document.at("agent_prompts").at("task_1").as_object()["system_prompt"] = prompt;
    const auto r = http_->post("/v1/agents", document, token);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.json().at("id").as_string());
  }
  std::string ticket_url(const std::string& agent, const std::string& token) {
    const auto r = http_->post("/v1/agents/" + agent + "/web-call-tokens", json::object{}, token);
    EXPECT_EQ(r.status, 201) << r.body;
    return ws_url(std::string(r.json().at("url").as_string()));
  }
  std::string ws_url(const std::string& path) const {
    return "ws://127.0.0.1:" + std::to_string(server_->port()) + path;
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> http_;
  std::string token_;
};

TEST_F(WebCallTest, GreetsHearsAQuestionAndAnswers) {
  const std::string agent = create_agent(token_, agent_document(), kPrompt);
  WebCallClient client(ticket_url(agent, token_));
  client.send_json(json::object{{"type", "start"}, {"sample_rate", 16000}});
  const auto ready = client.wait_for_type("ready", 5s);
  ASSERT_TRUE(ready) << server_->log();
  const std::string call_id(ready->json.at("call_id").as_string());

  // The greeting: speech, not silence, starting right after media started.
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", true, "how can I help", 0); },
      10s));
  std::vector<std::int16_t> greeting;
  Messages messages = client.messages();
  for (const auto& m : messages) {
    if (m.binary) greeting.insert(greeting.end(), m.samples.begin(), m.samples.end());
  }
  EXPECT_GT(greeting.size(), 16000u / 2);
  EXPECT_GT(rms(greeting), 300.0);
  for (const auto& m : messages) {
    if (m.binary) {
      EXPECT_LT(m.at - ready->at, 500ms) << "the first greeting audio came late";
      break;
    }
  }

  client.stream_silence(300);
  client.stream_audio(speech("What are your opening hours?"));
  client.stream_silence(1500);
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", true, "nine to five", 1); }, 10s))
      << server_->log();
  messages = client.messages();
  EXPECT_TRUE(has_transcript(messages, "user", true, "opening hours", 1));
  const auto latency = of_type(messages, "latency");
  ASSERT_FALSE(latency.empty());
  EXPECT_EQ(latency[0].at("turn"), 1);
  EXPECT_TRUE(latency[0].at("total_ms").is_int64());

  client.send_json(json::object{{"type", "stop"}});
  const auto end = client.wait_for_type("end", 5s);
  ASSERT_TRUE(end);
  EXPECT_EQ(end->json.at("reason"), "caller-hangup");
  ASSERT_TRUE(client.wait_closed(5s));
  EXPECT_EQ(client.close_code(), 1000);

  // The call log: written while the call went on, completed at the end.
  HttpResult call;
  for (int i = 0; i < 50; ++i) {
    call = http_->get("/v1/calls/" + call_id, token_);
    if (call.status == 200 && call.json().at("status") == "completed") break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(call.status, 200) << call.body;
  const auto record = call.json().as_object();
  EXPECT_EQ(record.at("status"), "completed") << call.body;
  EXPECT_EQ(record.at("agent_id"), agent.c_str());
  EXPECT_EQ(record.at("direction"), "web");
  EXPECT_EQ(record.at("hangup_reason"), "caller-hangup");
  const auto& turns = record.at("turns").as_array();
  ASSERT_GE(turns.size(), 2u) << call.body;
  EXPECT_EQ(turns[0].at("agent_text"), "Hello, how can I help?");
  EXPECT_NE(std::string(turns[1].at("user_text").as_string()).find("opening hours"),
            std::string::npos);
  EXPECT_EQ(turns[1].at("agent_text"), "We are open from nine to five.");
  const auto recording = http_->get("/v1/calls/" + call_id + "/recording", token_);
  ASSERT_EQ(recording.status, 200) << recording.body.substr(0, 300);
  EXPECT_EQ(recording.header("content-type"), "audio/wav");
  ASSERT_GT(recording.body.size(), 44u);
  EXPECT_EQ(recording.body.substr(0, 4), "RIFF");
  const auto channels = static_cast<unsigned char>(recording.body[22]);
  EXPECT_EQ(channels, 2);
  // About as long as the call: 16 kHz, two 16-bit channels.
  const double seconds = static_cast<double>(recording.body.size() - 44) / (16000.0 * 4);
  EXPECT_GT(seconds, 3.0);

  // The call's log lines carry one trace id, the call id's 32 hex digits; those of a turn
  // also the turn's span id, a new one per turn.
  std::string trace_id;
  for (const char c : call_id) {
    if (c != '-') trace_id += c;
  }
  const std::string with_trace = R"("trace_id":")" + trace_id + '"';
  std::set<std::string> events;
  std::set<std::string> turn_spans;
  std::istringstream log(server_->log());
  for (std::string line; std::getline(log, line);) {
    boost::system::error_code ec;
    const json::value parsed = json::parse(line, ec);
    if (ec || !parsed.is_object()) continue;
    const auto& entry = parsed.as_object();
    if (const auto* id = entry.if_contains("call_id"); id != nullptr && *id == call_id.c_str()) {
      EXPECT_NE(line.find(with_trace), std::string::npos)
          << "a line of the call without it: " << line;
    }
    if (line.find(with_trace) == std::string::npos) continue;
    events.insert(std::string(entry.at("event").as_string()));
    if (entry.at("event") == "turn.latency") {
      ASSERT_TRUE(entry.contains("span_id")) << line;
      const std::string span(entry.at("span_id").as_string());
      EXPECT_EQ(span.size(), 16U);
      EXPECT_EQ(span.find_first_not_of("0123456789abcdef"), std::string::npos) << span;
      turn_spans.insert(span);
    }
    if (entry.at("event") == "call.started" || entry.at("event") == "call.ended") {
      EXPECT_FALSE(entry.contains("span_id")) << "not a turn's: " << line;
    }
  }
  for (const char* event : {"call.started", "turn.latency", "call.ended", "web_call.closed"}) {
    EXPECT_TRUE(events.contains(event)) << event << " has no trace_id " << trace_id;
  }
  EXPECT_EQ(turn_spans.size(), 1U) << "one answered turn, one span";
}

TEST_F(WebCallTest, InterruptionStopsTheAudioAndCutsTheAnswer) {
  const std::string agent = create_agent(token_, agent_document(), kPrompt);
  WebCallClient client(ticket_url(agent, token_));
  client.send_json(json::object{{"type", "start"}});
  ASSERT_TRUE(client.wait_for_type("ready", 5s));
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", true, "how can I help", 0); },
      10s));
  client.stream_silence(300);
  client.stream_audio(speech("Tell me a story."));
  client.stream_silence(2500);  // the story is playing
  const std::size_t clears = of_type(client.messages(), "clear").size();
  client.stream_audio(speech("Stop please, what are your opening hours?"));
  client.stream_silence(1500);
  ASSERT_TRUE(
      client.wait_for([&](const Messages& m) { return of_type(m, "clear").size() > clears; }, 5s));
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", true, "Once upon", 1); }, 5s));
  for (const auto& t : of_type(client.messages(), "transcript")) {
    if (t.at("role") == "agent" && t.at("final").as_bool() && t.at("turn") == 1) {
      EXPECT_EQ(std::string(t.at("text").as_string()).find("something new"), std::string::npos)
          << "the whole story was kept although the caller interrupted it";
    }
  }
}

/// Opens a web call by hand on a raw socket, reads the 101 answer and then never reads again:
/// a client whose player hung. Returns the socket (closed by the caller).
int open_and_stop_reading(std::uint16_t port, const std::string& path) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return -1;
  int small = 4096;  // a small receive buffer, so the server's backlog grows quickly
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  const std::string request = "GET " + path +
                              " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                              "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
  if (::write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    ::close(fd);
    return -1;
  }
  std::string answer;
  char c = 0;
  while (answer.find("\r\n\r\n") == std::string::npos && ::read(fd, &c, 1) == 1)
    answer += c;
  if (answer.rfind("HTTP/1.1 101", 0) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

TEST_F(WebCallTest, AClientThatStopsReadingDoesNotStallOtherCalls) {
  const std::string agent = create_agent(token_, agent_document(), kPrompt);
  const std::string stuck_url = ticket_url(agent, token_);
  const int stuck =
      open_and_stop_reading(server_->port(), stuck_url.substr(stuck_url.find("/v1/")));
  ASSERT_GE(stuck, 0);
  // The stuck call greets into the void while another call goes on normally.
  WebCallClient client(ticket_url(agent, token_));
  client.send_json(json::object{{"type", "start"}});
  ASSERT_TRUE(client.wait_for_type("ready", 5s));
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", true, "how can I help", 0); },
      10s));
  client.stream_silence(300);
  client.stream_audio(speech("What are your opening hours?"));
  client.stream_silence(1500);
  EXPECT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", true, "nine to five", 1); }, 10s))
      << server_->log();
  ::close(stuck);
}

TEST_F(WebCallTest, ProvidersSayWhatThisBuildCanRun) {
  const auto r = http_->get("/v1/providers");
  ASSERT_EQ(r.status, 200);
  std::map<std::string, json::object> by_name;
  const json::value body = r.json();
  for (const auto& item : body.at("items").as_array()) {
    by_name[std::string(item.at("name").as_string())] = item.as_object();
  }
  for (const char* local : {"pocketsphinx", "flite", "scripted"}) {
    EXPECT_TRUE(by_name.at(local).at("available").as_bool()) << local;
    EXPECT_FALSE(by_name.at(local).at("capabilities").as_array().empty()) << local;
  }
  EXPECT_FALSE(by_name.at("maya").at("available").as_bool());
  for (const char* cloud : {"deepgram", "openai", "elevenlabs", "cartesia", "azuretts", "azure",
                            "polly", "rime", "bodhi", "sarvam", "smallest"}) {
    EXPECT_TRUE(by_name.at(cloud).at("available").as_bool()) << cloud;
  }
  // Each kind is said apart: Sarvam and Smallest are named as transcribers too, but this build
  // only speaks with them; OpenAI runs as all three.
  const auto kinds_of = [&](const char* name) {
    std::vector<std::string> kinds;
    for (const auto& k : by_name.at(name).at("available_kinds").as_array())
      kinds.emplace_back(k.as_string());
    return kinds;
  };
  EXPECT_EQ(kinds_of("sarvam"), std::vector<std::string>{"tts"});
  EXPECT_EQ(kinds_of("smallest"), std::vector<std::string>{"tts"});
  EXPECT_EQ(kinds_of("bodhi"), std::vector<std::string>{"stt"});
  EXPECT_EQ(kinds_of("openai"), (std::vector<std::string>{"stt", "tts", "llm"}));
  EXPECT_TRUE(kinds_of("maya").empty());
  const auto& voice = by_name.at("flite").at("config_schema").at("properties").at("voice");
  EXPECT_EQ(voice.at("enum").as_array().size(), 4u);
  EXPECT_TRUE(by_name.at("scripted").at("config_schema").as_object().contains("description"));
  // OpenAI transcribes, answers and speaks: each kind has its own settings, so the dashboard's
  // LLM form does not show the transcriber's.
  const auto& openai = by_name.at("openai").at("config_schemas").as_object();
  for (const char* kind : {"stt", "llm", "tts"})
    EXPECT_TRUE(openai.contains(kind)) << kind;
  EXPECT_NE(openai.at("stt"), openai.at("llm"));
  EXPECT_NE(openai.at("tts"), openai.at("llm"));
}

TEST_F(WebCallTest, KeypadDigitsReachTheAgent) {
  json::value document = agent_document();
  document.at("agent_config").at("tasks").at(0).at("task_config").as_object()["dtmf_enabled"] =
      true;
  const std::string agent =
      create_agent(token_, document, "12 => You pressed one and two.\n* => Please try again.");
  WebCallClient client(ticket_url(agent, token_));
  client.send_json(json::object{{"type", "start"}});
  ASSERT_TRUE(client.wait_for_type("ready", 5s));
  for (const char* digit : {"1", "2", "#"}) {
    client.send_json(json::object{{"type", "dtmf"}, {"digit", digit}});
  }
  EXPECT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", true, "one and two", 1); }, 10s))
      << server_->log();
  EXPECT_TRUE(has_transcript(client.messages(), "user", true, "12", 1));
}

TEST_F(WebCallTest, AnAgentAnswersWithAnOpenAiCompatibleModel) {
  // A loopback stand-in for an OpenAI-compatible server: it streams its answer in SSE chunks.
  providers::testing::FakeOpenAiServer llm([](const providers::testing::CapturedRequest&, int,
                                              providers::testing::FakeConnection& connection) {
    connection.start_stream();
    for (const char* token : {"We are ", "open from ", "nine to five."}) {
      connection.send_event(json::serialize(json::object{
          {"object", "chat.completion.chunk"},
          {"choices", json::array{json::object{{"index", 0},
                                               {"delta", json::object{{"content", token}}},
                                               {"finish_reason", nullptr}}}}}));
      connection.pause(30ms);
    }
    connection.send_event("[DONE]");
    connection.end_stream();
  });
  json::value document = agent_document();
  auto& llm_config = llm_config_of(document);
  llm_config["provider"] = "custom";
  llm_config["model"] = "shop-model";
  llm_config["base_url"] = llm.url() + "/v1";
  const std::string agent =
      create_agent(token_, document, "You are the assistant of a small shop. Be brief.");
  WebCallClient client(ticket_url(agent, token_));
  client.send_json(json::object{{"type", "start"}});
  ASSERT_TRUE(client.wait_for_type("ready", 5s));
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", true, "how can I help", 0); },
      10s));
  client.stream_silence(300);
  client.stream_audio(speech("What are your opening hours?"));
  client.stream_silence(1500);
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", true, "nine to five", 1); }, 10s))
      << server_->log();
  const auto requests = llm.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "/v1/chat/completions");
  const json::value body = json::parse(requests[0].body);
  EXPECT_EQ(body.at("model"), "shop-model");
  EXPECT_EQ(body.at("stream"), true);
  const auto& messages = body.at("messages").as_array();
  EXPECT_EQ(messages.front().at("role"), "system");
  EXPECT_EQ(messages.back().at("role"), "user");
}

// The whole chain of an agent that thinks: caller speech -> the model calls the user's order
// service (a loopback server) -> the answer is spoken -> after hang-up the extraction task reads
// the call -> the webhook task posts the result, signed, to the user's receiver.
TEST_F(WebCallTest, AToolAnswerThenExtractionThenASignedWebhook) {
  // The user's own order service, on loopback.
  providers::testing::FakeOpenAiServer orders(
      [](const providers::testing::CapturedRequest&, int, providers::testing::FakeConnection& c) {
        c.respond(200, R"({"order":"A7","status":"shipped","eta":"Friday"})",
                  "Content-Type: application/json\r\n");
      });
  // The model: first a tool call whose arguments arrive split across chunks, then the answer.
  providers::testing::FakeOpenAiServer llm([](const providers::testing::CapturedRequest&, int index,
                                              providers::testing::FakeConnection& connection) {
    const auto chunk = [&](json::object delta, json::value finish = nullptr) {
      connection.send_event(json::serialize(json::object{
          {"object", "chat.completion.chunk"},
          {"choices",
           json::array{json::object{
               {"index", 0}, {"delta", std::move(delta)}, {"finish_reason", finish}}}}}));
    };
    const auto call_piece = [](json::object function, bool first) {
      json::object call{{"index", 0}, {"function", std::move(function)}};
      if (first) {
        call["id"] = "call_1";
        call["type"] = "function";
      }
      return json::object{{"tool_calls", json::array{call}}};
    };
    connection.start_stream();
    if (index >= 2) {  // after the call: the extraction task
      chunk({{"content", R"({"order_id": "A7", "wants": "delivery date"})"}});
      chunk({}, "stop");
    } else if (index == 0) {
      chunk(call_piece({{"name", "order_status"}, {"arguments", ""}}, true));
      chunk(call_piece({{"arguments", "{\"order_"}}, false));
      connection.pause(20ms);
      chunk(call_piece({{"arguments", "id\": \"A7\"}"}}, false));
      chunk({}, "tool_calls");
    } else {
      for (const char* token : {"Your order ", "has shipped ", "and arrives on Friday."}) {
        chunk({{"content", token}});
        connection.pause(20ms);
      }
      chunk({}, "stop");
    }
    connection.send_event("[DONE]");
    connection.end_stream();
  });
  json::value document = agent_document();
  auto& llm_config = llm_config_of(document);
  llm_config["provider"] = "custom";
  llm_config["model"] = "shop-model";
  llm_config["base_url"] = llm.url() + "/v1";
  document.at("agent_config").at("tasks").at(0).at("tools_config").as_object()["api_tools"] =
      json::parse(R"({
        "tools": [{"type": "function", "function": {"name": "order_status",
          "description": "Where an order is", "parameters": {"type": "object",
          "properties": {"order_id": {"type": "string"}}, "required": ["order_id"]}}}],
        "tools_params": {"order_status": {"url": ")" +
                  orders.url() + R"(/orders/%(order_id)s", "method": "GET",
          "api_token": "shop-secret", "pre_call_message": "One moment while I check."}}})");
  // After the call: extraction with the same model, then a webhook to the user's receiver.
  providers::testing::FakeOpenAiServer receiver(
      [](const providers::testing::CapturedRequest&, int, providers::testing::FakeConnection& c) {
        c.respond(204, "");
      });
  const json::value conversation_llm =
      document.at("agent_config").at("tasks").at(0).at("tools_config").at("llm_agent");
  const json::object follow_up{{"execution", "sequential"},
                               {"pipelines", json::array{json::array{"llm"}}}};
  auto& tasks = document.at("agent_config").at("tasks").as_array();
  tasks.push_back(json::object{{"task_type", "extraction"},
                               {"toolchain", follow_up},
                               {"tools_config", {{"llm_agent", conversation_llm}}}});
  tasks.push_back(json::object{
      {"task_type", "webhook"},
      {"toolchain", follow_up},
      {"tools_config", {{"api_tools", {{"webhookURL", receiver.url() + "/hooks/calls"}}}}}});
  document.at("agent_prompts").as_object()["task_2"] = json::object{
      {"system_prompt", "order_id: the order the caller asked about\nwants: what they wanted"}};
  constexpr std::string_view kSecret = "whsec_test_0123456789abcdef";
  const auto stored = http_->post(
      "/v1/provider-keys",
      json::object{{"provider", "webhook"},
                   {"credentials", json::object{{"signing_secret", std::string(kSecret)}}}},
      token_);
  ASSERT_EQ(stored.status, 201) << stored.body;
  const std::string agent = create_agent(token_, document, "You help with orders.");
  WebCallClient client(ticket_url(agent, token_));
  client.send_json(json::object{{"type", "start"}});
  const auto ready = client.wait_for_type("ready", 5s);
  ASSERT_TRUE(ready);
  const std::string call_id(ready->json.at("call_id").as_string());
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", true, "how can I help", 0); },
      10s));
  client.stream_silence(300);
  client.stream_audio(speech("Where is my order?"));
  client.stream_silence(2500);
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", true, "arrives on Friday", 1); },
      15s))
      << server_->log();
  EXPECT_TRUE(has_transcript(client.messages(), "agent", true,
                             "One moment while I check. Your order has shipped", 1));

  // The tool was called as configured.
  const auto tool_requests = orders.requests();
  ASSERT_EQ(tool_requests.size(), 1u);
  EXPECT_EQ(tool_requests[0].method, "GET");
  EXPECT_EQ(tool_requests[0].target, "/orders/A7");
  EXPECT_EQ(tool_requests[0].headers.at("authorization"), "Bearer shop-secret");
  // The model was offered the tool, and got its result back with the call it made.
  const auto requests = llm.requests();
  ASSERT_EQ(requests.size(), 2u);
  const json::value first = json::parse(requests[0].body);
  EXPECT_EQ(first.at("tools").at(0).at("function").at("name"), "order_status");
  const json::value second = json::parse(requests[1].body);
  const auto& messages = second.at("messages").as_array();
  const auto& result = messages.back().as_object();
  EXPECT_EQ(result.at("role"), "tool");
  EXPECT_EQ(result.at("tool_call_id"), "call_1");
  EXPECT_NE(std::string(result.at("content").as_string()).find("shipped"), std::string::npos);
  const auto& asked = messages[messages.size() - 2].as_object();
  EXPECT_EQ(asked.at("role"), "assistant");
  EXPECT_EQ(asked.at("tool_calls").at(0).at("function").at("arguments"), "{\"order_id\": \"A7\"}");

  // The turn's log names the tool, its arguments and what it answered.
  client.send_json(json::object{{"type", "stop"}});
  ASSERT_TRUE(client.wait_closed(5s));
  HttpResult call;
  for (int i = 0; i < 50; ++i) {
    call = http_->get("/v1/calls/" + call_id, token_);
    if (call.status == 200 && call.json().at("status") == "completed") break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(call.status, 200) << call.body;
  const json::value record = call.json();
  const auto& tools = record.at("turns").at(1).at("metadata").at("tools").as_array();
  ASSERT_EQ(tools.size(), 1u) << call.body;
  EXPECT_EQ(tools[0].at("name"), "order_status");
  EXPECT_EQ(tools[0].at("ok"), true);
  EXPECT_EQ(tools[0].at("arguments"), "{\"order_id\": \"A7\"}");

  // The follow-up tasks ran in order: extraction, then the signed webhook.
  json::value done = record;
  for (int i = 0; i < 100; ++i) {
    done = http_->get("/v1/calls/" + call_id, token_).json();
    if (done.at("post_call").at("status") == "done") break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(done.at("post_call").at("status"), "done") << json::serialize(done);
  EXPECT_EQ(done.at("extracted_data"), json::parse(R"({"order_id":"A7","wants":"delivery date"})"));
  EXPECT_EQ(done.at("webhook").at("status"), "delivered") << json::serialize(done);
  const auto extraction = json::parse(llm.requests().at(2).body);
  EXPECT_NE(json::serialize(extraction.at("messages")).find("Your order has shipped"),
            std::string::npos)
      << "the extraction reads the call's transcript";
  const auto hooks = receiver.requests();
  ASSERT_EQ(hooks.size(), 1u);
  EXPECT_EQ(hooks[0].method, "POST");
  EXPECT_EQ(hooks[0].target, "/hooks/calls");
  agents::tasks::testing::ReceivedRequest hook{hooks[0].method, hooks[0].target, hooks[0].headers,
                                               hooks[0].body};
  const long long signed_at = agents::tasks::testing::verified_timestamp(hook, kSecret);
  EXPECT_GT(signed_at, 0) << hooks[0].headers.at("x-openvoiceos-signature");
  EXPECT_EQ(agents::tasks::testing::verified_timestamp(hook, "another secret"), -1);
  const json::value payload = json::parse(hooks[0].body);
  EXPECT_EQ(payload.at("event"), "call.completed");
  EXPECT_EQ(payload.at("call").at("id"), call_id.c_str());
  EXPECT_EQ(payload.at("extracted_data").at("order_id"), "A7");
  EXPECT_NE(json::serialize(payload.at("transcript")).find("arrives on Friday"), std::string::npos);
}

TEST_F(WebCallTest, AModelThatNeedsAKeyIsRefusedUntilOneIsStored) {
  json::value document = agent_document();
  auto& llm_config = llm_config_of(document);
  llm_config["provider"] = "openai";
  llm_config["model"] = "gpt-4o-mini";
  const std::string agent = create_agent(token_, document, "Be brief.");
  EXPECT_EQ(WebCallClient::refused_status(ticket_url(agent, token_)), 422);
  const auto key = http_->post(
      "/v1/provider-keys",
      json::object{{"provider", "openai"},
                   {"credentials", json::object{{"api_key", "sk-test-000000000000000000"}}}},
      token_);
  ASSERT_EQ(key.status, 201) << key.body;
  WebCallClient client(ticket_url(agent, token_));
  EXPECT_TRUE(client.wait_for_type("ready", 5s));
  EXPECT_EQ(server_->log().find("sk-test-000000000000000000"), std::string::npos);
}

// A knowledgebase_agent answering with an OpenAI-compatible model over a stored knowledge base.
json::value knowledge_agent(const std::string& base_url, const std::string& vector_id) {
  json::value document = agent_document();
  auto& llm_agent =
      document.at("agent_config").at("tasks").at(0).at("tools_config").at("llm_agent").as_object();
  llm_agent["agent_type"] = "knowledgebase_agent";
  llm_agent["llm_config"] = json::object{
      {"provider", "custom"},
      {"model", "shop-model"},
      {"base_url", base_url},
      {"rag_config",
       {{"vector_store",
         {{"provider", "lancedb"},
          {"provider_config", {{"vector_id", vector_id}, {"similarity_top_k", 2}}}}}}}};
  return document;
}

TEST_F(WebCallTest, AKnowledgeAgentAnswersFromItsPassagesAndLogsThem) {
  providers::testing::FakeOpenAiServer llm([](const providers::testing::CapturedRequest&, int,
                                              providers::testing::FakeConnection& connection) {
    connection.start_stream();
    connection.send_event(json::serialize(json::object{
        {"object", "chat.completion.chunk"},
        {"choices",
         json::array{json::object{{"index", 0},
                                  {"delta", json::object{{"content", "We open at nine."}}},
                                  {"finish_reason", "stop"}}}}}));
    connection.send_event("[DONE]");
    connection.end_stream();
  });
  // The agent may be saved before its knowledge base exists; a call is refused until then.
  const std::string agent = create_agent(
      token_, knowledge_agent(llm.url() + "/v1", "0193a5b2-7c1e-7d3f-8a9b-1c2d3e4f5a6b"),
      "You are the assistant of a small shop.");
  EXPECT_EQ(WebCallClient::refused_status(ticket_url(agent, token_)), 422);

  const auto base = http_->post("/v1/knowledge-bases", json::object{{"name", "Shop"}}, token_);
  ASSERT_EQ(base.status, 201) << base.body;
  const std::string base_id(base.json().at("id").as_string());
  const auto doc = http_->request(
      "POST", "/v1/knowledge-bases/" + base_id + "/documents?filename=hours.txt",
      "Our opening hours are nine to five on weekdays.\n\nParking is free behind the shop.", token_,
      {"Content-Type: text/plain"});
  ASSERT_EQ(doc.status, 201) << doc.body;
  json::value document = knowledge_agent(llm.url() + "/v1", base_id);
  document.at("agent_prompts").at("task_1").as_object()["system_prompt"] =
      "You are the assistant of a small shop.";
  ASSERT_EQ(http_->put("/v1/agents/" + agent, document, token_).status, 200);

  WebCallClient client(ticket_url(agent, token_));
  client.send_json(json::object{{"type", "start"}});
  const auto ready = client.wait_for_type("ready", 5s);
  ASSERT_TRUE(ready) << server_->log();
  const std::string call_id(ready->json.at("call_id").as_string());
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", true, "how can I help", 0); },
      10s));
  client.stream_silence(300);
  client.stream_audio(speech("What are your opening hours?"));
  client.stream_silence(1500);
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", true, "open at nine", 1); }, 10s))
      << server_->log();
  const auto requests = llm.requests();
  ASSERT_EQ(requests.size(), 1u);
  const json::value body = json::parse(requests[0].body);
  const std::string system(body.at("messages").at(0).at("content").as_string());
  EXPECT_TRUE(system.starts_with("You are the assistant of a small shop.\n\n## Knowledge\n"))
      << system;
  EXPECT_NE(system.find("(hours.txt)\nOur opening hours are nine to five on weekdays."),
            std::string::npos)
      << system;

  client.send_json(json::object{{"type", "stop"}});
  ASSERT_TRUE(client.wait_for_type("end", 5s));
  HttpResult call;
  for (int i = 0; i < 50; ++i) {
    call = http_->get("/v1/calls/" + call_id, token_);
    if (call.status == 200 && call.json().at("status") == "completed") break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(call.status, 200) << call.body;
  const auto turns = call.json().at("turns").as_array();
  ASSERT_GE(turns.size(), 2u) << call.body;
  EXPECT_EQ(call.json().at("settings").at("knowledge").at("knowledge_base_ids").at(0).as_string(),
            base_id);
  const auto& sources = turns[1].at("metadata").at("sources").as_array();
  ASSERT_EQ(sources.size(), 1u) << call.body;
  EXPECT_EQ(sources[0].as_string(),
            "hours.txt #0 (" + std::string(doc.json().at("id").as_string()) + ")");
}

TEST_F(WebCallTest, SilenceHangsUp) {
  const std::string agent = create_agent(token_, agent_document(3), kPrompt);
  WebCallClient client(ticket_url(agent, token_));
  client.send_json(json::object{{"type", "start"}});
  ASSERT_TRUE(client.wait_for_type("ready", 5s));
  const auto end = client.wait_for_type("end", 10s);
  ASSERT_TRUE(end) << server_->log();
  EXPECT_EQ(end->json.at("reason"), "silence");
}

TEST_F(WebCallTest, AfterTheCallItsFollowUpTasksRun) {
  json::value document = agent_document(3);
  const json::value scripted =
      document.at("agent_config").at("tasks").at(0).at("tools_config").at("llm_agent");
  const json::object toolchain{{"execution", "sequential"},
                               {"pipelines", json::array{json::array{"llm"}}}};
  auto& tasks = document.at("agent_config").at("tasks").as_array();
  for (const char* type : {"extraction", "summarization"}) {
    tasks.push_back(json::object{{"task_type", type},
                                 {"toolchain", toolchain},
                                 {"tools_config", {{"llm_agent", scripted}}}});
  }
  auto& prompts = document.at("agent_prompts").as_object();
  prompts["task_2"] = json::object{{"system_prompt",
                                    "reached: did the caller speak\n"
                                    "* => {\"reached\": false}"}};
  prompts["task_3"] = json::object{{"system_prompt", "* => {\"summary\": \"Nobody spoke.\"}"}};
  const std::string agent = create_agent(token_, document, kPrompt);
  WebCallClient client(ticket_url(agent, token_));
  client.send_json(json::object{{"type", "start"}});
  const auto ready = client.wait_for_type("ready", 5s);
  ASSERT_TRUE(ready) << server_->log();
  const std::string call_id(ready->json.at("call_id").as_string());
  ASSERT_TRUE(client.wait_for_type("end", 10s)) << server_->log();

  // The recorder's final write starts the tasks; their results land on the call.
  json::value record;
  for (int i = 0; i < 100; ++i) {
    record = http_->get("/v1/calls/" + call_id, token_).json();
    if (record.is_object() && record.at("post_call").at("status") == "done") break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(record.at("post_call").at("status"), "done") << json::serialize(record);
  EXPECT_EQ(record.at("status"), "completed");
  EXPECT_EQ(record.at("extracted_data"), json::parse(R"({"reached":false})"));
  EXPECT_EQ(record.at("summary"), "Nobody spoke.");
  EXPECT_EQ(record.at("post_call").at("steps").as_array().size(), 2u);
}

TEST_F(WebCallTest, TicketsAreSingleUseAndBoundToTheirAgentAndUser) {
  const std::string agent = create_agent(token_, agent_document(), kPrompt);
  const std::string other = create_agent(token_, agent_document(), kPrompt);
  const std::string url = ticket_url(agent, token_);
  {
    WebCallClient first(url);
    EXPECT_TRUE(first.wait_for_type("ready", 5s));
  }
  EXPECT_EQ(WebCallClient::refused_status(url), 401) << "a ticket worked twice";
  const std::string for_agent = ticket_url(agent, token_);
  const std::string token = for_agent.substr(for_agent.find("?token="));
  EXPECT_EQ(WebCallClient::refused_status(ws_url("/v1/agents/" + other + "/web-call" + token)),
            401);
  EXPECT_EQ(WebCallClient::refused_status(ws_url("/v1/agents/" + agent + "/web-call")), 401);
  EXPECT_EQ(WebCallClient::refused_status(ws_url("/v1/agents/" + agent + "/web-call?token=x")),
            401);
  // Another user cannot call this agent, even with their own valid credentials.
  const std::string mallory = register_user("mallory@example.com");
  EXPECT_EQ(WebCallClient::refused_status(ws_url("/v1/agents/" + agent + "/web-call"),
                                          {{"Authorization", "Bearer " + mallory}}),
            404);
  EXPECT_EQ(http_->post("/v1/agents/" + agent + "/web-call-tokens", json::object{}, mallory).status,
            404);
  // The owner may use a bearer token directly (non-browser clients).
  WebCallClient direct(ws_url("/v1/agents/" + agent + "/web-call"),
                       {{"Authorization", "Bearer " + token_}});
  EXPECT_TRUE(direct.wait_for_type("ready", 5s));
  EXPECT_EQ(WebCallClient::refused_status(ws_url("/v1/nothing-here")), 404);
  // A ticket is not an access token.
  EXPECT_EQ(http_->get("/v1/agents", url.substr(url.find("?token=") + 7)).status, 401);
  // Tickets are secrets: never in the log.
  const std::string ticket = url.substr(url.find("?token=") + 7);
  EXPECT_EQ(server_->log().find(ticket.substr(ticket.size() - 20)), std::string::npos);
}

TEST_F(WebCallTest, AnAgentWhoseProvidersCannotRunIsRefusedWithTheReason) {
  json::value document = agent_document();
  auto& synthesizer = document.at("agent_config")
                          .at("tasks")
                          .at(0)
                          .at("tools_config")
                          .at("synthesizer")
                          .as_object();
  synthesizer["provider"] = "maya";
  synthesizer["provider_config"] = json::object{
      {"voice", "Ananya"}, {"voice_id", "Ananya"}, {"model", "m"}, {"language", "en-IN"}};
  const std::string agent = create_agent(token_, document, kPrompt);
  const auto r = http_->post("/v1/agents/" + agent + "/web-call-tokens", json::object{}, token_);
  ASSERT_EQ(r.status, 201);
  EXPECT_EQ(WebCallClient::refused_status(ws_url(std::string(r.json().at("url").as_string()))),
            422);
}

TEST_F(WebCallTest, BadMessagesGetClearErrorsAndTheCallGoesOn) {
  const std::string agent = create_agent(token_, agent_document(), kPrompt);
  WebCallClient client(ticket_url(agent, token_));
  client.send_json(json::object{{"type", "start"}, {"sample_rate", 11025}});
  auto error = client.wait_for_type("error", 5s);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->json.at("code"), "bad_message");
  client.send_text("{not json");
  ASSERT_TRUE(client.wait_for_type("error", 5s, 1));
  client.send_bytes({1, 2, 3});  // an odd number of bytes is not PCM16
  error = client.wait_for_type("error", 5s, 2);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->json.at("code"), "bad_audio");
  client.send_json(json::object{{"type", "start"}});
  ASSERT_TRUE(client.wait_for_type("ready", 5s));
  client.send_json(json::object{{"type", "ping"}});
  EXPECT_TRUE(client.wait_for_type("pong", 5s));
  EXPECT_FALSE(client.closed());
  // A message over the limit closes the socket with 1009.
  client.send_bytes(std::vector<std::uint8_t>(200 * 1024, 0));
  ASSERT_TRUE(client.wait_closed(5s));
  EXPECT_EQ(client.close_code(), 1009);
}

TEST_F(WebCallTest, TooManyBadMessagesClosesWithPolicyViolation) {
  const std::string agent = create_agent(token_, agent_document(), kPrompt);
  WebCallClient client(ticket_url(agent, token_));
  for (int i = 0; i < 25; ++i)
    client.send_text("[]");
  ASSERT_TRUE(client.wait_closed(5s));
  EXPECT_EQ(client.close_code(), 1008);
}

}  // namespace
}  // namespace ovos::testing

namespace ovos::testing {
namespace {

TEST_F(WebCallTest, ADashboardSeesTheCallLiveAndOnlyItsOwnersCalls) {
  const std::string agent = create_agent(token_, agent_document(), kPrompt);
  const auto ticket = http_->post("/v1/event-tokens", json::object{}, token_);
  ASSERT_EQ(ticket.status, 201) << ticket.body;
  const std::string events_url = ws_url(std::string(ticket.json().at("url").as_string()));
  WebCallClient dashboard(events_url);
  ASSERT_TRUE(dashboard.wait_for_type("subscribed", 5s));
  // Another user's dashboard, connected with a bearer token, sees none of it.
  const std::string mallory = register_user("watcher@example.com");
  WebCallClient other(ws_url("/v1/events"), {{"Authorization", "Bearer " + mallory}});
  ASSERT_TRUE(other.wait_for_type("subscribed", 5s));

  std::string call_id;
  {
    WebCallClient client(ticket_url(agent, token_));
    client.send_json(json::object{{"type", "start"}, {"sample_rate", 16000}});
    const auto ready = client.wait_for_type("ready", 5s);
    ASSERT_TRUE(ready) << server_->log();
    call_id = std::string(ready->json.at("call_id").as_string());
    ASSERT_TRUE(client.wait_for(
        [](const Messages& m) { return has_transcript(m, "agent", true, "how can I help", 0); },
        10s));
    client.send_json(json::object{{"type", "stop"}});
    ASSERT_TRUE(client.wait_closed(5s));
  }
  ASSERT_TRUE(dashboard.wait_for(
      [](const Messages& m) { return !live_events(m, "call.ended").empty(); }, 10s))
      << server_->log();
  const auto messages = dashboard.messages();
  const auto started = live_events(messages, "call.started");
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].at("call_id"), call_id.c_str());
  EXPECT_EQ(started[0].at("call").at("direction"), "web");
  bool greeting = false;
  for (const auto& turn : live_events(messages, "call.turn"))
    greeting = greeting || turn.at("turn").at("agent_text") == "Hello, how can I help?";
  EXPECT_TRUE(greeting) << "the greeting's turn was not streamed";
  const auto ended = live_events(messages, "call.ended");
  EXPECT_EQ(ended[0].at("call").at("status"), "completed");
  EXPECT_EQ(ended[0].at("call").at("hangup_reason"), "caller-hangup");
  EXPECT_TRUE(live_events(other.messages(), "call.started").empty()) << "another user's call";

  // A ticket works once; without one or a token, no stream; another user's call is not found.
  EXPECT_EQ(WebCallClient::refused_status(events_url), 401);
  EXPECT_EQ(WebCallClient::refused_status(ws_url("/v1/events")), 401);
  EXPECT_EQ(WebCallClient::refused_status(ws_url("/v1/events?token=forged")), 401);
  EXPECT_EQ(WebCallClient::refused_status(ws_url("/v1/events?call_id=" + call_id),
                                          {{"Authorization", "Bearer " + mallory}}),
            404);
  EXPECT_EQ(http_->post("/v1/event-tokens", json::object{}).status, 401);
  // One call's stream: only that call's events.
  WebCallClient one(ws_url("/v1/events?call_id=" + call_id),
                    {{"Authorization", "Bearer " + token_}});
  EXPECT_TRUE(one.wait_for_type("subscribed", 5s));
}

}  // namespace
}  // namespace ovos::testing
