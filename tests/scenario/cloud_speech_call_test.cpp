// Browser calls whose agent hears and speaks through cloud vendors: the real binary, the user's
// stored keys pointing at loopback fakes of Deepgram (live transcription and Aura) and of
// OpenAI's speech API.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <mutex>

#include "cloud_speech/deepgram_messages.h"
#include "cloud_speech/fake_vendor_socket.h"
#include "crypto/base64.h"
#include "llm/fake_openai_server.h"
#include "providers/local/flite_synthesizer.h"
#include "support/http_client.h"
#include "support/server_process.h"
#include "support/web_call_client.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using Messages = std::vector<WebCallClient::Message>;
using providers::testing::FakeVendorSocket;
using providers::testing::SocketHandshake;
using providers::testing::SocketPeer;

constexpr const char* kPrompt =
    "You are the assistant of a small shop.\n"
    "what are your opening hours => We are open from nine to five.\n";

json::value agent_with(const json::value& transcriber, const json::value& synthesizer) {
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

std::vector<std::int16_t> speech(const std::string& text) {
  auto flite = providers::local::FliteSynthesizer::create("rms");
  return std::move(flite->synthesize_all(text)).value();
}

/// Half a second of a 440 Hz-ish square tone as little-endian PCM16 at `rate`.
std::string tone_pcm(int rate) {
  std::string out;
  for (int i = 0; i < rate / 2; ++i) {
    const std::int16_t v = (i * 440 * 2 / rate) % 2 == 0 ? 4000 : -4000;
    out += static_cast<char>(static_cast<std::uint16_t>(v) & 0xff);
    out += static_cast<char>(static_cast<std::uint16_t>(v) >> 8);
  }
  return out;
}

bool has_transcript(const Messages& messages, const std::string& role, const std::string& needle,
                    int turn) {
  for (const auto& m : messages) {
    if (m.binary || !m.json.is_object() || m.json.at("type") != "transcript") continue;
    const auto& o = m.json.as_object();
    if (o.at("role") != role.c_str() || !o.at("final").as_bool()) continue;
    if (o.at("turn").to_number<int>() != turn) continue;
    if (std::string(o.at("text").as_string()).find(needle) != std::string::npos) return true;
  }
  return false;
}

std::size_t audio_samples(const Messages& messages) {
  std::size_t n = 0;
  for (const auto& m : messages)
    n += m.binary ? m.samples.size() : 0;
  return n;
}

/// Bodhi as a fake hears the shop's question: a partial for each 100 ms packet at 16 kHz, the
/// complete segment after one second of audio, empty partials after it.
FakeVendorSocket::Script bodhi_answers() {
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

TEST_F(CloudSpeechCallTest, BodhiHearsTheCallerOverItsWebSocket) {
  FakeVendorSocket bodhi([](int) { return SocketHandshake{}; }, bodhi_answers());
  const std::string agent = create_agent(
      agent_with(json::parse(R"({"provider": "bodhi", "model": "en-general-v2-8khz",
                      "language": "en", "stream": true, "endpointing": 500})"),
                 json::parse(R"({"provider": "flite", "provider_config": {"voice": "kal16",
                      "language": "en"}})")));
  EXPECT_EQ(WebCallClient::refused_status(ticket_url(agent)), 422);  // no key yet
  store_key("bodhi", json::object{{"api_key", "bodhi-test-0000000000000"},
                                  {"customer_id", "cust-test"},
                                  {"base_url", bodhi.http_url()}});
  auto client = ask_opening_hours(agent);
  ASSERT_TRUE(client);
  EXPECT_TRUE(has_transcript(client->messages(), "user", "opening hours", 1));
  const auto sessions = bodhi.sessions();
  ASSERT_FALSE(sessions.empty());
  EXPECT_EQ(sessions[0].header("x-api-key"), "bodhi-test-0000000000000");
  EXPECT_EQ(sessions[0].header("x-customer-id"), "cust-test");
  const json::value config = json::parse(sessions[0].texts.at(0));
  EXPECT_EQ(config.at("config").at("model"), "en-general-v2-8khz");
  EXPECT_EQ(config.at("config").at("sample_rate"), 16000);
  EXPECT_EQ(sessions[0].audio_bytes % 3200, 0U);  // whole 100 ms packets only
  EXPECT_EQ(server_->log().find("bodhi-test-0000000000000"), std::string::npos);
}

TEST_F(CloudSpeechCallTest, DeepgramHearsTheCallerAndAuraSpeaksTheAnswers) {
  std::mutex mutex;
  std::vector<std::string> spoken;  // texts of /v1/speak requests
  std::vector<std::string> speak_queries;
  FakeVendorSocket deepgram(
      [](int) { return SocketHandshake{}; },
      [](int, std::string_view text, SocketPeer& peer) {
        if (text == R"({"type":"Finalize"})") {
          peer.send(providers::testing::results_message("what are your opening hours", true, false,
                                                        true));
        }
      },
      [&](net::HttpRequest& request) {
        {
          const std::lock_guard lock(mutex);
          spoken.emplace_back(json::parse(request.body).at("text").as_string());
          speak_queries.push_back(request.query);
        }
        const int rate = std::stoi(request.query_param("sample_rate").value_or("16000"));
        auto response = net::HttpResponse::text(200, tone_pcm(rate), "audio/l16");
        return response;
      });
  const std::string agent = create_agent(
      agent_with(json::parse(R"({"provider": "deepgram", "model": "nova-2", "language": "en",
                      "stream": true, "endpointing": 500, "keywords": "opening, hours"})"),
                 json::parse(R"({"provider": "deepgram", "provider_config": {"voice": "Thalia",
                      "voice_id": "aura-2-thalia-en", "model": "aura-2-thalia-en"}})")));
  // No Deepgram key stored yet: the call is refused with the reason.
  EXPECT_EQ(WebCallClient::refused_status(ticket_url(agent)), 422);
  const std::string key = "dg-test-0000000000000000000000";
  store_key("deepgram", json::object{{"api_key", key}, {"base_url", deepgram.http_url()}});

  WebCallClient client(ticket_url(agent));
  client.send_json(json::object{{"type", "start"}, {"sample_rate", 16000}});
  ASSERT_TRUE(client.wait_for_type("ready", 5s)) << server_->log();
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", "how can I help", 0); }, 10s))
      << server_->log();
  EXPECT_GT(audio_samples(client.messages()), 16000U / 4);
  client.stream_silence(300);
  client.stream_audio(speech("What are your opening hours?"));
  client.stream_silence(1500);
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", "nine to five", 1); }, 10s))
      << server_->log();
  EXPECT_TRUE(has_transcript(client.messages(), "user", "opening hours", 1));

  const auto sessions = deepgram.sessions();
  ASSERT_FALSE(sessions.empty());
  EXPECT_EQ(sessions[0].path, "/v1/listen");
  EXPECT_EQ(sessions[0].authorization, "Token " + key);
  EXPECT_NE(sessions[0].query.find("model=nova-2"), std::string::npos) << sessions[0].query;
  EXPECT_NE(sessions[0].query.find("keywords=opening&keywords=hours"), std::string::npos)
      << sessions[0].query;
  EXPECT_GT(sessions[0].audio_bytes, 16000U);  // the question, at least half a second of it
  {
    const std::lock_guard lock(mutex);
    EXPECT_EQ(spoken, (std::vector<std::string>{"Hello, how can I help?",
                                                "We are open from nine to five."}));
    EXPECT_NE(speak_queries.at(0).find("model=aura-2-thalia-en"), std::string::npos);
  }
  EXPECT_EQ(server_->log().find(key), std::string::npos);
}

TEST_F(CloudSpeechCallTest, OpenAiTranscribesTheCallerAndSpeaksTheAnswers) {
  providers::testing::FakeOpenAiServer openai([](const providers::testing::CapturedRequest& r, int,
                                                 providers::testing::FakeConnection& connection) {
    if (r.target == "/v1/audio/transcriptions") {
      connection.respond(200, R"({"text":"What are your opening hours?"})");
      return;
    }
    const std::string pcm = tone_pcm(24000);
    connection.write("HTTP/1.1 200 OK\r\nContent-Type: audio/pcm\r\nContent-Length: " +
                     std::to_string(pcm.size()) + "\r\n\r\n" + pcm);
  });
  const std::string agent = create_agent(
      agent_with(json::parse(R"({"provider": "openai", "model": "whisper-1", "language": "en",
                      "stream": false, "endpointing": 500})"),
                 json::parse(R"({"provider": "openai", "provider_config": {"voice": "nova",
                      "model": "tts-1"}})")));
  EXPECT_EQ(WebCallClient::refused_status(ticket_url(agent)), 422);
  store_key("openai", json::object{{"api_key", "sk-test-000000000000000000"},
                                   {"base_url", openai.url() + "/v1"}});
  WebCallClient client(ticket_url(agent));
  client.send_json(json::object{{"type", "start"}, {"sample_rate", 16000}});
  ASSERT_TRUE(client.wait_for_type("ready", 5s)) << server_->log();
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", "how can I help", 0); }, 10s))
      << server_->log();
  // Half a second at 24 kHz, converted to the call's 16 kHz.
  EXPECT_GT(audio_samples(client.messages()), 16000U / 4);
  client.stream_silence(300);
  client.stream_audio(speech("What are your opening hours?"));
  client.stream_silence(1500);
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", "nine to five", 1); }, 10s))
      << server_->log();
  std::vector<std::string> targets;
  std::vector<std::string> spoken;
  for (const auto& request : openai.requests()) {
    targets.push_back(request.target);
    if (request.target == "/v1/audio/speech") {
      const json::value body = json::parse(request.body);
      EXPECT_EQ(body.at("voice"), "nova");
      EXPECT_EQ(body.at("response_format"), "pcm");
      spoken.emplace_back(body.at("input").as_string());
    }
  }
  EXPECT_EQ(spoken,
            (std::vector<std::string>{"Hello, how can I help?", "We are open from nine to five."}));
  EXPECT_EQ(std::count(targets.begin(), targets.end(), "/v1/audio/transcriptions"), 1);
  EXPECT_EQ(server_->log().find("sk-test-000000000000000000"), std::string::npos);
}

TEST_F(CloudSpeechCallTest, ElevenLabsSpeaksAndTheNextCallsGreetingComesFromTheCache) {
  providers::testing::FakeOpenAiServer elevenlabs(
      [](const providers::testing::CapturedRequest&, int,
         providers::testing::FakeConnection& connection) {
        const std::string pcm = tone_pcm(16000);
        connection.write("HTTP/1.1 200 OK\r\nContent-Type: audio/pcm\r\nContent-Length: " +
                         std::to_string(pcm.size()) + "\r\n\r\n" + pcm);
      });
  const std::string agent = create_agent(
      agent_with(json::parse(R"({"provider": "pocketsphinx", "language": "en", "stream": true,
                      "endpointing": 500})"),
                 json::parse(R"({"provider": "elevenlabs", "provider_config": {"voice": "Rachel",
                      "voice_id": "21m00Tcm4TlvDq8ikWAM", "model": "eleven_turbo_v2_5"}})")));
  EXPECT_EQ(WebCallClient::refused_status(ticket_url(agent)), 422);
  store_key("elevenlabs",
            json::object{{"api_key", "xi-test-0000000000000000"}, {"base_url", elevenlabs.url()}});
  WebCallClient client(ticket_url(agent));
  client.send_json(json::object{{"type", "start"}, {"sample_rate", 16000}});
  ASSERT_TRUE(client.wait_for_type("ready", 5s)) << server_->log();
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", "how can I help", 0); }, 10s))
      << server_->log();
  EXPECT_GT(audio_samples(client.messages()), 16000U / 4);
  client.stream_silence(300);
  client.stream_audio(speech("What are your opening hours?"));
  client.stream_silence(1500);
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", "nine to five", 1); }, 10s))
      << server_->log();
  const auto requests = elevenlabs.requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[0].target,
            "/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream?output_format=pcm_16000");
  EXPECT_EQ(requests[0].headers.at("xi-api-key"), "xi-test-0000000000000000");
  EXPECT_EQ(json::parse(requests[1].body).at("text"), "We are open from nine to five.");
  client.send_json(json::object{{"type", "stop"}});
  ASSERT_TRUE(client.wait_closed(5s));

  // The next call's greeting comes from the phrase cache: ElevenLabs is not asked again.
  WebCallClient again(ticket_url(agent));
  again.send_json(json::object{{"type", "start"}, {"sample_rate", 16000}});
  ASSERT_TRUE(again.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", "how can I help", 0); }, 10s))
      << server_->log();
  EXPECT_GT(audio_samples(again.messages()), 16000U / 4);
  EXPECT_EQ(elevenlabs.requests().size(), 2U);
  EXPECT_EQ(server_->log().find("xi-test-0000000000000000"), std::string::npos);
}

TEST_F(CloudSpeechCallTest, WhenTheCloudVoiceRefusesTheLocalVoiceSpeaksInstead) {
  providers::testing::FakeOpenAiServer elevenlabs(
      [](const providers::testing::CapturedRequest&, int,
         providers::testing::FakeConnection& connection) {
        connection.respond(401, R"({"detail":{"status":"invalid_api_key",)"
                                R"("message":"Invalid API key"}})");
      });
  const std::string agent = create_agent(
      agent_with(json::parse(R"({"provider": "pocketsphinx", "language": "en", "stream": true,
                      "endpointing": 500})"),
                 json::parse(R"({"provider": "elevenlabs", "provider_config": {"voice": "Rachel",
                      "voice_id": "21m00Tcm4TlvDq8ikWAM", "model": "eleven_turbo_v2_5"}})")));
  store_key("elevenlabs",
            json::object{{"api_key", "xi-revoked-00000000000000"}, {"base_url", elevenlabs.url()}});
  WebCallClient client(ticket_url(agent));
  client.send_json(json::object{{"type", "start"}, {"sample_rate", 16000}});
  ASSERT_TRUE(client.wait_for_type("ready", 5s)) << server_->log();
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", "how can I help", 0); }, 10s))
      << server_->log();
  EXPECT_GT(audio_samples(client.messages()), 16000U / 2);  // flite's greeting, not silence
  client.stream_silence(300);
  client.stream_audio(speech("What are your opening hours?"));
  client.stream_silence(1500);
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", "nine to five", 1); }, 10s))
      << server_->log();
  // Two refusals in a row: the answer went straight to the local voice.
  EXPECT_EQ(elevenlabs.requests().size(), 2U);
  EXPECT_NE(server_->log().find("tts_switched_to_fallback"), std::string::npos);
  // Both refusals are counted as the vendor's auth errors on /metrics.
  const auto metrics = http_->get("/metrics");
  EXPECT_NE(metrics.body.find(
                R"(ovos_vendor_errors_total{vendor="elevenlabs",kind="tts",reason="auth"} 2)"),
            std::string::npos)
      << metrics.body;
}

TEST_F(CloudSpeechCallTest, WhenDeepgramRefusesTheKeyPocketsphinxHearsTheCaller) {
  FakeVendorSocket deepgram(
      [](int) {
        return SocketHandshake{401, providers::testing::invalid_auth_body()};
      },
      [](int, std::string_view, SocketPeer&) {});
  const std::string agent = create_agent(
      agent_with(json::parse(R"({"provider": "deepgram", "model": "nova-2", "language": "en",
                      "stream": true, "endpointing": 500})"),
                 json::parse(R"({"provider": "flite", "provider_config": {"voice": "kal16",
                      "language": "en"}})")));
  store_key("deepgram", json::object{{"api_key", "dg-revoked-000000000000"},
                                     {"base_url", deepgram.http_url()}});
  WebCallClient client(ticket_url(agent));
  client.send_json(json::object{{"type", "start"}, {"sample_rate", 16000}});
  ASSERT_TRUE(client.wait_for_type("ready", 5s)) << server_->log();
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", "how can I help", 0); }, 10s));
  client.stream_silence(300);
  client.stream_audio(speech("What are your opening hours?"));
  client.stream_silence(1500);
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", "nine to five", 1); }, 10s))
      << server_->log();
  EXPECT_EQ(deepgram.sessions().size(), 1U);  // a refused key is not tried again
  EXPECT_NE(server_->log().find("stt_switched_to_fallback"), std::string::npos);
  // The refused upgrade is counted as the vendor's auth error on /metrics.
  const auto metrics = http_->get("/metrics");
  EXPECT_NE(metrics.body.find(
                R"(ovos_vendor_errors_total{vendor="deepgram",kind="stt",reason="auth"} 1)"),
            std::string::npos)
      << metrics.body;
}

TEST_F(CloudSpeechCallTest, CartesiaSpeaksOverOneWebSocket) {
  FakeVendorSocket cartesia(
      [](int) { return SocketHandshake{}; },
      [](int, std::string_view text, SocketPeer& peer) {
        const json::value request = json::parse(text);
        if (!request.as_object().contains("transcript")) return;
        const json::string id = request.at("context_id").as_string();
        const std::string pcm = tone_pcm(16000);
        peer.send(json::serialize(json::object{{"type", "chunk"},
                                               {"data", crypto::base64_encode(pcm)},
                                               {"done", false},
                                               {"status_code", 206},
                                               {"context_id", id}}));
        peer.send(json::serialize(json::object{
            {"type", "done"}, {"done", true}, {"status_code", 206}, {"context_id", id}}));
      });
  const std::string agent = create_agent(agent_with(
      json::parse(R"({"provider": "pocketsphinx", "language": "en", "stream": true,
                      "endpointing": 500})"),
      json::parse(R"({"provider": "cartesia", "provider_config": {"voice": "Barbershop Man",
                      "voice_id": "a0e99841-438c-4a64-b679-ae501e7d6091", "model": "sonic-2",
                      "language": "en"}})")));
  EXPECT_EQ(WebCallClient::refused_status(ticket_url(agent)), 422);
  store_key("cartesia", json::object{{"api_key", "sk_car_test_000000000000"},
                                     {"base_url", cartesia.http_url()}});
  WebCallClient client(ticket_url(agent));
  client.send_json(json::object{{"type", "start"}, {"sample_rate", 16000}});
  ASSERT_TRUE(client.wait_for_type("ready", 5s)) << server_->log();
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", "how can I help", 0); }, 10s))
      << server_->log();
  EXPECT_GT(audio_samples(client.messages()), 16000U / 4);
  client.stream_silence(300);
  client.stream_audio(speech("What are your opening hours?"));
  client.stream_silence(1500);
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", "nine to five", 1); }, 10s))
      << server_->log();
  const auto sessions = cartesia.sessions();
  ASSERT_EQ(sessions.size(), 1U);  // both answers on the call's one connection
  EXPECT_EQ(sessions[0].path, "/tts/websocket");
  ASSERT_EQ(sessions[0].texts.size(), 2U);
  EXPECT_EQ(json::parse(sessions[0].texts[1]).at("transcript"), "We are open from nine to five.");
  EXPECT_EQ(server_->log().find("sk_car_test_000000000000"), std::string::npos);
}

TEST_F(CloudSpeechCallTest, AzureHearsShortAudioAndSpeaksSsml) {
  providers::testing::FakeOpenAiServer azure([](const providers::testing::CapturedRequest& r, int,
                                                providers::testing::FakeConnection& connection) {
    if (r.target.starts_with("/speech/recognition/")) {
      connection.respond(200, R"({"RecognitionStatus":"Success",)"
                              R"("DisplayText":"What are your opening hours?",)"
                              R"("Offset":1800000,"Duration":21600000})");
      return;
    }
    const std::string pcm = tone_pcm(16000);
    connection.write("HTTP/1.1 200 OK\r\nContent-Type: audio/x-wav\r\nContent-Length: " +
                     std::to_string(pcm.size()) + "\r\n\r\n" + pcm);
  });
  const std::string agent = create_agent(agent_with(
      json::parse(R"({"provider": "azure", "language": "en-US", "stream": false,
                      "endpointing": 500})"),
      json::parse(R"({"provider": "azuretts", "provider_config": {"voice": "en-US-JennyNeural",
                      "model": "neural", "language": "en-US"}})")));
  EXPECT_EQ(WebCallClient::refused_status(ticket_url(agent)), 422);
  for (const char* provider : {"azure", "azuretts"}) {
    store_key(provider, json::object{{"api_key", "az-test-00000000000000000"},
                                     {"region", "eastus"},
                                     {"base_url", azure.url()}});
  }
  WebCallClient client(ticket_url(agent));
  client.send_json(json::object{{"type", "start"}, {"sample_rate", 16000}});
  ASSERT_TRUE(client.wait_for_type("ready", 5s)) << server_->log();
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", "how can I help", 0); }, 10s))
      << server_->log();
  EXPECT_GT(audio_samples(client.messages()), 16000U / 4);
  client.stream_silence(300);
  client.stream_audio(speech("What are your opening hours?"));
  client.stream_silence(1500);
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", "nine to five", 1); }, 10s))
      << server_->log();
  const auto requests = azure.requests();
  ASSERT_GE(requests.size(), 3U);
  EXPECT_EQ(requests[0].headers.at("x-microsoft-outputformat"), "raw-16khz-16bit-mono-pcm");
  EXPECT_NE(requests[0].body.find("<voice name='en-US-JennyNeural'>Hello, how can I help?</voice>"),
            std::string::npos)
      << requests[0].body;
  EXPECT_EQ(requests[1].headers.at("content-type"),
            "audio/wav; codecs=audio/pcm; samplerate=16000");
  EXPECT_EQ(requests[1].body.substr(0, 4), "RIFF");
  EXPECT_EQ(server_->log().find("az-test-00000000000000000"), std::string::npos);
}

TEST_F(CloudSpeechCallTest, PollySpeaksTheGreetingWithASignedRequest) {
  providers::testing::FakeOpenAiServer polly([](const providers::testing::CapturedRequest&, int,
                                                providers::testing::FakeConnection& connection) {
    const std::string pcm = tone_pcm(16000);
    connection.write("HTTP/1.1 200 OK\r\nContent-Type: audio/pcm\r\nContent-Length: " +
                     std::to_string(pcm.size()) + "\r\n\r\n" + pcm);
  });
  const std::string agent = create_agent(
      agent_with(json::parse(R"({"provider": "pocketsphinx", "language": "en", "stream": true,
                      "endpointing": 500})"),
                 json::parse(R"({"provider": "polly", "provider_config": {"voice": "Joanna",
                      "engine": "neural", "language": "en-US"}})")));
  EXPECT_EQ(WebCallClient::refused_status(ticket_url(agent)), 422);
  store_key("polly", json::object{{"access_key_id", "AKIDTEST0000"},
                                  {"secret_access_key", "aws-secret-000000000000"},
                                  {"region", "eu-west-1"},
                                  {"base_url", polly.url()}});
  WebCallClient client(ticket_url(agent));
  client.send_json(json::object{{"type", "start"}, {"sample_rate", 16000}});
  ASSERT_TRUE(client.wait_for_type("ready", 5s)) << server_->log();
  ASSERT_TRUE(client.wait_for(
      [](const Messages& m) { return has_transcript(m, "agent", "how can I help", 0); }, 10s))
      << server_->log();
  EXPECT_GT(audio_samples(client.messages()), 16000U / 4);
  const auto requests = polly.requests();
  ASSERT_FALSE(requests.empty());
  EXPECT_TRUE(requests[0]
                  .headers.at("authorization")
                  .starts_with("AWS4-HMAC-SHA256 Credential=AKIDTEST0000/"))
      << requests[0].headers.at("authorization");
  EXPECT_NE(requests[0].headers.at("authorization").find("/eu-west-1/polly/aws4_request"),
            std::string::npos);
  const json::value body = json::parse(requests[0].body);
  EXPECT_EQ(body.at("VoiceId"), "Joanna");
  EXPECT_EQ(body.at("Engine"), "neural");
  EXPECT_EQ(body.at("Text"), "Hello, how can I help?");
  EXPECT_EQ(server_->log().find("aws-secret-000000000000"), std::string::npos);
}

TEST_F(CloudSpeechCallTest, SarvamSpeaksFromItsBase64WavAnswers) {
  providers::testing::FakeOpenAiServer sarvam([](const providers::testing::CapturedRequest& r, int,
                                                 providers::testing::FakeConnection& connection) {
    const int rate = json::parse(r.body).at("speech_sample_rate").to_number<int>();
    const std::string pcm = tone_pcm(rate);
    std::string wav = "RIFF" + std::string(4, '\0') + "WAVEfmt ";
    const auto le = [&wav](std::uint32_t v, int n) {
      for (int i = 0; i < n; ++i)
        wav += static_cast<char>((v >> (8 * i)) & 0xff);
    };
    le(16, 4), le(1, 2), le(1, 2), le(static_cast<std::uint32_t>(rate), 4);
    le(static_cast<std::uint32_t>(rate) * 2, 4), le(2, 2), le(16, 2);
    wav += "data";
    le(static_cast<std::uint32_t>(pcm.size()), 4);
    wav += pcm;
    connection.respond(
        200, R"({"request_id":"20260730_abc","audios":[")" + crypto::base64_encode(wav) + R"("]})");
  });
  const std::string agent = create_agent(
      agent_with(json::parse(R"({"provider": "pocketsphinx", "language": "en", "stream": true,
                      "endpointing": 500})"),
                 json::parse(R"({"provider": "sarvam", "provider_config": {"voice": "Vidya",
                      "voice_id": "vidya", "model": "bulbul:v2", "language": "en-IN"}})")));
  EXPECT_EQ(WebCallClient::refused_status(ticket_url(agent)), 422);
  store_key("sarvam",
            json::object{{"api_key", "sarvam-test-000000000000"}, {"base_url", sarvam.url()}});
  auto client = ask_opening_hours(agent);
  ASSERT_TRUE(client);
  EXPECT_GT(audio_samples(client->messages()), 16000U / 2);  // both answers were heard
  const auto requests = sarvam.requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[0].target, "/text-to-speech");
  EXPECT_EQ(requests[0].headers.at("api-subscription-key"), "sarvam-test-000000000000");
  const json::value body = json::parse(requests[1].body);
  EXPECT_EQ(body.at("text"), "We are open from nine to five.");
  EXPECT_EQ(body.at("speaker"), "vidya");
  EXPECT_EQ(body.at("target_language_code"), "en-IN");
  EXPECT_EQ(server_->log().find("sarvam-test-000000000000"), std::string::npos);
}

TEST_F(CloudSpeechCallTest, SmallestSpeaksStreamedPcm) {
  providers::testing::FakeOpenAiServer smallest([](const providers::testing::CapturedRequest& r,
                                                   int,
                                                   providers::testing::FakeConnection& connection) {
    const int rate = json::parse(r.body).at("sample_rate").to_number<int>();
    const std::string pcm = tone_pcm(rate);
    connection.write("HTTP/1.1 200 OK\r\nContent-Type: audio/wav\r\nContent-Length: " +
                     std::to_string(pcm.size()) + "\r\n\r\n" + pcm);
  });
  const std::string agent = create_agent(
      agent_with(json::parse(R"({"provider": "pocketsphinx", "language": "en", "stream": true,
                      "endpointing": 500})"),
                 json::parse(R"({"provider": "smallest", "provider_config": {"voice": "Emily",
                      "voice_id": "emily", "model": "lightning", "language": "en"}})")));
  EXPECT_EQ(WebCallClient::refused_status(ticket_url(agent)), 422);
  store_key("smallest",
            json::object{{"api_key", "sk_smallest_test_0000000"}, {"base_url", smallest.url()}});
  auto client = ask_opening_hours(agent);
  ASSERT_TRUE(client);
  EXPECT_GT(audio_samples(client->messages()), 16000U / 2);
  const auto requests = smallest.requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[0].target, "/waves/v1/tts");
  EXPECT_EQ(requests[0].headers.at("authorization"), "Bearer sk_smallest_test_0000000");
  const json::value body = json::parse(requests[1].body);
  EXPECT_EQ(body.at("text"), "We are open from nine to five.");
  EXPECT_EQ(body.at("voice_id"), "emily");
  EXPECT_EQ(body.at("sample_rate"), 16000);
  EXPECT_EQ(server_->log().find("sk_smallest_test_0000000"), std::string::npos);
}

TEST_F(CloudSpeechCallTest, TheAgentsSecondProvidersComeBeforeTheLocalOnes) {
  // Deepgram and ElevenLabs refuse the stored keys; Bodhi and Smallest, the agent's fallbacks,
  // hear and speak the call instead of pocketsphinx and flite.
  FakeVendorSocket deepgram(
      [](int) {
        return SocketHandshake{401, providers::testing::invalid_auth_body()};
      },
      [](int, std::string_view, SocketPeer&) {});
  providers::testing::FakeOpenAiServer elevenlabs(
      [](const providers::testing::CapturedRequest&, int,
         providers::testing::FakeConnection& connection) {
        connection.respond(401, R"({"detail":{"status":"invalid_api_key",)"
                                R"("message":"Invalid API key"}})");
      });
  FakeVendorSocket bodhi([](int) { return SocketHandshake{}; }, bodhi_answers());
  providers::testing::FakeOpenAiServer smallest([](const providers::testing::CapturedRequest& r,
                                                   int,
                                                   providers::testing::FakeConnection& connection) {
    const int rate = json::parse(r.body).at("sample_rate").to_number<int>();
    const std::string pcm = tone_pcm(rate);
    connection.write("HTTP/1.1 200 OK\r\nContent-Type: audio/wav\r\nContent-Length: " +
                     std::to_string(pcm.size()) + "\r\n\r\n" + pcm);
  });
  json::value transcriber =
      json::parse(R"({"provider": "deepgram", "model": "nova-2", "language": "en",
                      "stream": true, "endpointing": 500,
                      "fallback": {"provider": "bodhi", "model": "en-general-v2-8khz",
                                   "language": "en", "stream": true}})");
  json::value synthesizer = json::parse(R"({"provider": "elevenlabs", "provider_config": {
      "voice": "Rachel", "voice_id": "21m00Tcm4TlvDq8ikWAM", "model": "eleven_turbo_v2_5"},
      "fallback": {"provider": "smallest", "provider_config": {"voice": "Emily",
                   "voice_id": "emily", "model": "lightning", "language": "en"}}})");
  const std::string agent = create_agent(agent_with(transcriber, synthesizer));
  store_key("deepgram", json::object{{"api_key", "dg-revoked-000000000000"},
                                     {"base_url", deepgram.http_url()}});
  store_key("elevenlabs",
            json::object{{"api_key", "xi-revoked-00000000000000"}, {"base_url", elevenlabs.url()}});
  // The fallbacks need keys too: without them the call is refused, saying where.
  {
    const auto r = http_->post("/v1/agents/" + agent + "/web-call-tokens", json::object{}, token_);
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(WebCallClient::refused_status("ws://127.0.0.1:" + std::to_string(server_->port()) +
                                            std::string(r.json().at("url").as_string())),
              422);
  }
  store_key("bodhi", json::object{{"api_key", "bodhi-test-0000000000000"},
                                  {"customer_id", "cust-test"},
                                  {"base_url", bodhi.http_url()}});
  store_key("smallest",
            json::object{{"api_key", "sk_smallest_test_0000000"}, {"base_url", smallest.url()}});
  auto client = ask_opening_hours(agent);
  ASSERT_TRUE(client);
  EXPECT_TRUE(has_transcript(client->messages(), "user", "opening hours", 1));
  EXPECT_EQ(deepgram.sessions().size(), 1U);  // a refused key is not tried again
  EXPECT_FALSE(bodhi.sessions().empty());
  // ElevenLabs refused the greeting and the answer; Smallest spoke both.
  EXPECT_EQ(elevenlabs.requests().size(), 2U);
  std::vector<std::string> spoken;
  for (const auto& request : smallest.requests())
    spoken.emplace_back(json::parse(request.body).at("text").as_string());
  EXPECT_EQ(spoken,
            (std::vector<std::string>{"Hello, how can I help?", "We are open from nine to five."}));
  EXPECT_NE(server_->log().find("stt_switched_to_fallback"), std::string::npos);
  EXPECT_EQ(server_->log().find("bodhi-test-0000000000000"), std::string::npos);
}

TEST_F(CloudSpeechCallTest, ElevenLabsSpeaksOverItsMultiContextWebSocket) {
  FakeVendorSocket elevenlabs(
      [](int) { return SocketHandshake{}; },
      [](int, std::string_view text, SocketPeer& peer) {
        const json::value message = json::parse(text);
        const auto& o = message.as_object();
        if (!o.contains("context_id")) return;
        const json::string id = o.at("context_id").as_string();
        if (o.contains("flush")) {
          peer.send(json::serialize(
              json::object{{"audio", crypto::base64_encode(tone_pcm(16000))}, {"contextId", id}}));
        }
        if (o.contains("close_context")) {
          peer.send(json::serialize(json::object{{"isFinal", true}, {"contextId", id}}));
        }
      });
  const std::string agent = create_agent(
      agent_with(json::parse(R"({"provider": "pocketsphinx", "language": "en", "stream": true,
                      "endpointing": 500})"),
                 json::parse(R"({"provider": "elevenlabs", "stream": true, "provider_config": {
                      "voice": "Rachel", "voice_id": "21m00Tcm4TlvDq8ikWAM",
                      "model": "eleven_flash_v2_5"}})")));
  store_key("elevenlabs", json::object{{"api_key", "xi-ws-test-000000000000"},
                                       {"base_url", elevenlabs.http_url()}});
  auto client = ask_opening_hours(agent);
  ASSERT_TRUE(client);
  EXPECT_GT(audio_samples(client->messages()), 16000U / 2);
  const auto sessions = elevenlabs.sessions();
  ASSERT_EQ(sessions.size(), 1U);  // the greeting and the answer on the call's one socket
  EXPECT_EQ(sessions[0].path, "/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/multi-stream-input");
  EXPECT_EQ(sessions[0].header("xi-api-key"), "xi-ws-test-000000000000");
  std::vector<std::string> spoken;
  for (const auto& text : sessions[0].texts) {
    const json::value message = json::parse(text);
    if (message.as_object().contains("flush")) {
      spoken.emplace_back(message.at("text").as_string());
    }
  }
  EXPECT_EQ(spoken, (std::vector<std::string>{"Hello, how can I help? ",
                                              "We are open from nine to five. "}));
  EXPECT_EQ(server_->log().find("xi-ws-test-000000000000"), std::string::npos);
}

}  // namespace
}  // namespace ovos::testing
