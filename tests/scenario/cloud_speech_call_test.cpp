// Browser calls whose cloud vendors fail or repeat themselves: the phrase cache, the local
// engines taking over from a refused key, and the agent's own second providers coming first.
// Each vendor's plain call is in cloud_vendor_call_test.cpp.
#include <gtest/gtest.h>

#include "cloud_speech/deepgram_messages.h"
#include "cloud_speech_support.h"
#include "support/fake_openai_server.h"

namespace ovos::testing {
namespace {

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
  auto client = ask_opening_hours(agent);
  ASSERT_TRUE(client);
  EXPECT_GT(audio_samples(client->messages()), 16000U / 4);
  const auto requests = elevenlabs.requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[0].target,
            "/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream?output_format=pcm_16000");
  EXPECT_EQ(requests[0].headers.at("xi-api-key"), "xi-test-0000000000000000");
  EXPECT_EQ(json::parse(requests[1].body).at("text"), "We are open from nine to five.");
  client->send_json(json::object{{"type", "stop"}});
  ASSERT_TRUE(client->wait_closed(5s));

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
  auto client = ask_opening_hours(agent);
  ASSERT_TRUE(client);
  EXPECT_GT(audio_samples(client->messages()), 16000U / 2);  // flite's greeting, not silence
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
  auto client = ask_opening_hours(agent);
  ASSERT_TRUE(client);
  EXPECT_EQ(deepgram.sessions().size(), 1U);  // a refused key is not tried again
  EXPECT_NE(server_->log().find("stt_switched_to_fallback"), std::string::npos);
  // The refused upgrade is counted as the vendor's auth error on /metrics.
  const auto metrics = http_->get("/metrics");
  EXPECT_NE(metrics.body.find(
                R"(ovos_vendor_errors_total{vendor="deepgram",kind="stt",reason="auth"} 1)"),
            std::string::npos)
      << metrics.body;
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

}  // namespace
}  // namespace ovos::testing
