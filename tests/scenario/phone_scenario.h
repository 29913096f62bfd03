#pragma once

// What the phone-call scenarios (Twilio, Plivo) share: the shop agent on a phone line, a
// fixture running the real binary against a carrier simulator, caller speech as a phone line
// carries it, and counting what the carrier received.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "audio/resampler.h"
#include "providers/local/flite_synthesizer.h"
#include "support/carriers/carrier_media_leg.h"
#include "support/http_client.h"
#include "support/server_process.h"

namespace ovos::testing {

/// `text` spoken by flite, as a phone line carries it: 8 kHz. Cached; test threads only.
inline const std::vector<std::int16_t>& phone_speech(const std::string& text) {
  static std::map<std::string, std::vector<std::int16_t>> cache;
  auto it = cache.find(text);
  if (it == cache.end()) {
    auto flite = providers::local::FliteSynthesizer::create("rms");
    auto pcm = flite->synthesize_all(text);
    auto down = audio::Resampler::create(16000, 8000);
    auto narrow = down->process(*pcm);
    auto tail = down->flush();
    narrow.insert(narrow.end(), tail.begin(), tail.end());
    it = cache.emplace(text, std::move(narrow)).first;
  }
  return it->second;
}

/// The shop agent's script (the scripted LLM's "caller phrase => reply" lines).
inline constexpr const char* kShopScript =
    "You are the assistant of a small shop.\n"
    "what are your opening hours => We are open from nine to five.\n"
    "tell me a story => Once upon a time there was a small shop on a quiet street, and every "
    "morning the owner opened the door, swept the floor, and waited for the first customer of "
    "the day to come in and ask for something new.\n"
    "goodbye => Goodbye and thank you for calling. [end_call]\n";

/// The shop agent on `carrier`'s phone line: pocketsphinx, the scripted LLM with kShopScript,
/// flite, DTMF on.
inline boost::json::value phone_agent(const std::string& carrier) {
  auto document = boost::json::parse(R"({
    "agent_config": {
      "agent_name": "Phone shop",
      "agent_welcome_message": "Hello, how can I help?",
      "tasks": [{
        "task_type": "conversation",
        "toolchain": {"execution": "parallel", "pipelines": [["transcriber", "llm", "synthesizer"]]},
        "tools_config": {
          "input": {"provider": "twilio", "format": "wav"},
          "output": {"provider": "twilio", "format": "wav"},
          "transcriber": {"provider": "pocketsphinx", "language": "en", "stream": true, "endpointing": 500},
          "llm_agent": {"agent_type": "simple_llm_agent", "agent_flow_type": "streaming",
                        "llm_config": {"provider": "scripted", "model": "script"}},
          "synthesizer": {"provider": "flite", "provider_config": {"voice": "kal16", "language": "en"},
                          "stream": true, "audio_format": "wav"}
        },
        "task_config": {"hangup_after_silence": 30, "check_if_user_online": false, "dtmf_enabled": true}
      }]
    },
    "agent_prompts": {"task_1": {"system_prompt": ""}}
  })");
  auto& tools = document.at("agent_config").at("tasks").at(0).at("tools_config").as_object();
  tools["input"].as_object()["provider"] = carrier;
  tools["output"].as_object()["provider"] = carrier;
  document.at("agent_prompts").at("task_1").as_object()["system_prompt"] = kShopScript;
  return document;
}

/// The real binary pointed at a carrier simulator, with a user who stored that carrier's
/// account and owns the shop agent: placing calls and reading their records.
class PhoneCallTest : public ::testing::Test {
 protected:
  /// Starts the server with `env` (the simulator's API URL) and sets up the user.
  void start(const std::string& carrier, std::map<std::string, std::string> env,
             boost::json::object credentials) {
    carrier_ = carrier;
    env["OVOS_JWT_SECRET"] = "test-secret-0123456789abcdef0123456789";
    env["OVOS_MAX_CALLS_PER_USER"] = "3";
    server_ = std::make_unique<ServerProcess>(std::move(env));
    server_->start();
    http_ = std::make_unique<HttpClient>(server_->base_url());
    const auto r = http_->post("/v1/auth/register",
                               boost::json::object{{"email", carrier + "@example.com"},
                                                   {"password", "correct horse battery"}});
    ASSERT_EQ(r.status, 201) << r.body;
    token_ = std::string(r.json().at("access_token").as_string());
    const auto key = http_->post(
        "/v1/provider-keys",
        boost::json::object{{"provider", carrier}, {"credentials", std::move(credentials)}},
        token_);
    ASSERT_EQ(key.status, 201) << key.body;
    agent_ = create_agent(phone_agent(carrier));
  }

  std::string create_agent(const boost::json::value& document) {
    const auto agent = http_->post("/v1/agents", document, token_);
    EXPECT_EQ(agent.status, 201) << agent.body;
    return agent.status == 201 ? std::string(agent.json().at("id").as_string()) : std::string();
  }

  /// POST /v1/calls to `to` with `agent` (the shop agent when empty).
  HttpResult place(const std::string& to = "+14155550123", const std::string& agent = "") {
    return http_->post("/v1/calls",
                       boost::json::object{{"agent_id", agent.empty() ? agent_ : agent},
                                           {"to", to},
                                           {"from", "+14155550100"},
                                           {"carrier", carrier_},
                                           {"variables", {{"customer", "Ann"}}}},
                       token_);
  }

  /// The call's record, once its status is `until_status` (at most 10 s) when one is given.
  boost::json::object call_record(const std::string& id, const std::string& until_status = "") {
    return call_record_when(id, [&](const boost::json::object& call) {
      return until_status.empty() || call.at("status") == until_status.c_str();
    });
  }

  /// The call's record once `done` holds for it, or as it is after 10 s.
  boost::json::object call_record_when(
      const std::string& id, const std::function<bool(const boost::json::object&)>& done) {
    HttpResult call;
    for (int i = 0; i < 100; ++i) {
      call = http_->get("/v1/calls/" + id, token_);
      if (call.status == 200 && done(call.json().as_object())) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(call.status, 200) << call.body;
    return call.json().as_object();
  }

  std::string carrier_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> http_;
  std::string token_;
  std::string agent_;
};

/// How many of the messages received are of `kind`.
inline std::size_t count_kind(const std::vector<CarrierMediaLeg::Received>& received,
                              LegOutput::Kind kind) {
  std::size_t n = 0;
  for (const auto& r : received)
    n += r.output.kind == kind ? 1 : 0;
  return n;
}

/// The caller asks for the opening hours, then presses 4 and 2: every message the carrier got
/// is one it accepts, and the keys got an answer.
inline void ask_hours_and_press_keys(CarrierMediaLeg& leg) {
  leg.stream_audio(phone_speech("What are your opening hours?"));
  leg.stream_silence(2500);
  const auto before_keys = audio_samples(leg.received());
  leg.send_dtmf('4');
  leg.send_dtmf('2');
  leg.stream_silence(3000);
  for (const auto& r : leg.received())
    EXPECT_TRUE(r.output.error.empty()) << r.output.error;
  EXPECT_GT(audio_samples(leg.received()), before_keys) << "the keys got no answer";
}

/// The caller asks for the hours, then for the story, and speaks over it while it plays: the
/// carrier is told to drop what it has not played (clear) within 1.5 s. Returns the marks the
/// carrier had echoed before the caller spoke.
inline std::size_t talk_over_the_story(CarrierMediaLeg& leg, const ServerProcess& server) {
  using namespace std::chrono_literals;
  using Received = std::vector<CarrierMediaLeg::Received>;
  leg.stream_audio(phone_speech("What are your opening hours?"));
  leg.stream_silence(2500);
  leg.stream_audio(phone_speech("Tell me a story."));
  leg.stream_silence(2500);  // the story is playing
  EXPECT_EQ(count_kind(leg.received(), LegOutput::Kind::kClear), 0u);
  const auto heard_before = leg.echoed_marks().size();
  const auto interrupted_at = std::chrono::steady_clock::now();
  leg.stream_audio(phone_speech("Stop please, what are your opening hours?"));
  if (!leg.wait_for([](const Received& r) { return count_kind(r, LegOutput::Kind::kClear) > 0; },
                    5s)) {
    ADD_FAILURE() << "no clear while the caller spoke over the story" << server.log();
    return heard_before;
  }
  for (const auto& r : leg.received()) {
    if (r.output.kind == LegOutput::Kind::kClear) {
      EXPECT_LT(r.at - interrupted_at, 1500ms) << "the clear came late";
      break;
    }
  }
  return heard_before;
}

/// A shop call's record after ask_hours_and_press_keys: the greeting, the hours answered, and
/// "42" from the keypad among the caller's turns.
inline void expect_shop_turns(const boost::json::array& turns) {
  ASSERT_GE(turns.size(), 3u) << boost::json::serialize(turns);
  EXPECT_EQ(turns[0].at("agent_text"), "Hello, how can I help?");
  EXPECT_EQ(turns[1].at("agent_text"), "We are open from nine to five.")
      << boost::json::serialize(turns);
  bool keys = false;
  for (const auto& t : turns)
    keys = keys || t.at("user_text") == "42";
  EXPECT_TRUE(keys) << "the keys did not reach the agent: " << boost::json::serialize(turns);
}

/// The story (the third turn) as the caller heard it before speaking over it: begun, not
/// finished, marked interrupted.
inline void expect_story_cut(const boost::json::array& turns) {
  ASSERT_GE(turns.size(), 3u) << boost::json::serialize(turns);
  const std::string story(turns[2].at("agent_text").as_string());
  EXPECT_NE(story.find("Once upon"), std::string::npos) << story;
  EXPECT_EQ(story.find("something new"), std::string::npos) << "the whole story was kept";
  EXPECT_TRUE(turns[2].at("interrupted").as_bool());
}

}  // namespace ovos::testing
