#pragma once

// What the cloud speech web-call scenarios share: the shop agent with a given transcriber and
// synthesizer, the caller's speech, the checks of what was heard, and a fixture that runs the
// real binary with a registered user who stores keys and calls.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "cloud_speech/fake_vendor_socket.h"
#include "providers/local/flite_synthesizer.h"
#include "support/http_client.h"
#include "support/server_process.h"
#include "support/web_call_client.h"

namespace ovos::testing {

namespace json = boost::json;
using namespace std::chrono_literals;
using Messages = std::vector<WebCallClient::Message>;
using providers::testing::FakeVendorSocket;
using providers::testing::SocketHandshake;
using providers::testing::SocketPeer;

inline constexpr const char* kPrompt =
    "You are the assistant of a small shop.\n"
    "what are your opening hours => We are open from nine to five.\n";

inline json::value agent_with(const json::value& transcriber, const json::value& synthesizer) {
  json::value document = json::parse(R"({
    "agent_config": {
      "agent_name": "Shop",
      "agent_welcome_message": "Hello, how can I help?",
      "tasks": [{
        "task_type": "conversation",
        "toolchain": {"execution": "parallel", "pipelines": [["transcriber", "llm", "synthesizer"]]},
        "tools_config": {
          "input": {"provider": "default", "format": "wav"},
          "output": {"provider": "default", "format": "wav"},
          "llm_agent": {"agent_type": "simple_llm_agent", "agent_flow_type": "streaming",
                        "llm_config": {"provider": "scripted", "model": "script"}}
        },
        "task_config": {"hangup_after_silence": 20, "check_if_user_online": false}
      }]
    },
    "agent_prompts": {"task_1": {"system_prompt": ""}}
  })");
  auto& tools = document.at("agent_config").at("tasks").at(0).at("tools_config").as_object();
  tools["transcriber"] = transcriber;
  tools["synthesizer"] = synthesizer;
  document.at("agent_prompts").at("task_1").as_object()["system_prompt"] = kPrompt;
  return document;
}

inline std::vector<std::int16_t> speech(const std::string& text) {
  auto flite = providers::local::FliteSynthesizer::create("rms");
  return std::move(flite->synthesize_all(text)).value();
}

/// Half a second of a 440 Hz-ish square tone as little-endian PCM16 at `rate`.
inline std::string tone_pcm(int rate) {
  std::string out;
  for (int i = 0; i < rate / 2; ++i) {
    const std::int16_t v = (i * 440 * 2 / rate) % 2 == 0 ? 4000 : -4000;
    out += static_cast<char>(static_cast<std::uint16_t>(v) & 0xff);
    out += static_cast<char>(static_cast<std::uint16_t>(v) >> 8);
  }
  return out;
}

inline bool has_transcript(const Messages& messages, const std::string& role,
                           const std::string& needle, int turn) {
  for (const auto& m : messages) {
    if (m.binary || !m.json.is_object() || m.json.at("type") != "transcript") continue;
    const auto& o = m.json.as_object();
    if (o.at("role") != role.c_str() || !o.at("final").as_bool()) continue;
    if (o.at("turn").to_number<int>() != turn) continue;
    if (std::string(o.at("text").as_string()).find(needle) != std::string::npos) return true;
  }
  return false;
}

inline std::size_t audio_samples(const Messages& messages) {
  std::size_t n = 0;
  for (const auto& m : messages)
    n += m.binary ? m.samples.size() : 0;
  return n;
}

/// Bodhi as a fake hears the shop's question: a partial for each 100 ms packet at 16 kHz, the
/// complete segment after one second of audio, empty partials after it.
inline FakeVendorSocket::Script bodhi_answers() {
  auto heard = std::make_shared<std::atomic<std::size_t>>(0);
  return [heard](int, std::string_view text, SocketPeer& peer) {
    if (!text.empty()) return;
    const std::size_t now = (*heard += 3200);
    if (now < 32000) {
      peer.send(R"({"call_id":"c","segment_id":"1","eos":false,"type":"partial",)"
                R"("text":"what are your"})");
    } else if (now == 32000) {
      peer.send(R"({"call_id":"c","segment_id":"1","eos":false,"type":"complete",)"
                R"("text":"what are your opening hours"})");
    } else {
      peer.send(R"({"call_id":"c","segment_id":"2","eos":false,"type":"partial","text":""})");
    }
  };
}

/// The binary with one registered user, who stores keys, makes agents and calls them.
class CloudSpeechCallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(std::map<std::string, std::string>{
        {"OVOS_JWT_SECRET", "test-secret-0123456789abcdef0123456789"}});
    server_->start();
    http_ = std::make_unique<HttpClient>(server_->base_url());
    const auto r = http_->post("/v1/auth/register", json::object{{"email", "c@example.com"},
                                                                 {"password", "correct horse"}});
    ASSERT_EQ(r.status, 201) << r.body;
    token_ = std::string(r.json().at("access_token").as_string());
  }
  void TearDown() override { EXPECT_EQ(server_->stop(), 0) << server_->log(); }

  std::string create_agent(const json::value& document) {
    const auto r = http_->post("/v1/agents", document, token_);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.json().at("id").as_string());
  }
  std::string ticket_url(const std::string& agent) {
    const auto r = http_->post("/v1/agents/" + agent + "/web-call-tokens", json::object{}, token_);
    EXPECT_EQ(r.status, 201) << r.body;
    return "ws://127.0.0.1:" + std::to_string(server_->port()) +
           std::string(r.json().at("url").as_string());
  }
  void store_key(const char* provider, json::object credentials) {
    const auto r = http_->post(
        "/v1/provider-keys",
        json::object{{"provider", provider}, {"credentials", std::move(credentials)}}, token_);
    ASSERT_EQ(r.status, 201) << r.body;
  }

  /// A web call to `agent` at `rate`: the greeting is heard, the caller asks the shop's
  /// question and hears its answer. Returns the call (for its messages), or nullptr after a
  /// failed expectation.
  std::unique_ptr<WebCallClient> ask_opening_hours(const std::string& agent, int rate = 16000) {
    auto client = std::make_unique<WebCallClient>(ticket_url(agent));
    client->send_json(json::object{{"type", "start"}, {"sample_rate", rate}});
    if (!client->wait_for_type("ready", 5s)) {
      ADD_FAILURE() << "no ready: " << server_->log();
      return nullptr;
    }
    if (!client->wait_for(
            [](const Messages& m) { return has_transcript(m, "agent", "how can I help", 0); },
            10s)) {
      ADD_FAILURE() << "no greeting: " << server_->log();
      return nullptr;
    }
    client->stream_silence(300);
    client->stream_audio(speech("What are your opening hours?"));
    client->stream_silence(1500);
    if (!client->wait_for(
            [](const Messages& m) { return has_transcript(m, "agent", "nine to five", 1); }, 10s)) {
      ADD_FAILURE() << "no answer: " << server_->log();
      return nullptr;
    }
    return client;
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> http_;
  std::string token_;
};

}  // namespace ovos::testing
