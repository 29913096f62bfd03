// Deepgram Aura and OpenAI text-to-speech against a loopback fake of their REST APIs: the
// request of each context, PCM streamed back in odd-sized chunks, conversion to the call's rate,
// cancel, and the failures (401, 429 with Retry-After, 500, a cut stream, a slow first byte, a
// JSON answer where audio belongs).

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <sstream>

#include "http_tts_support.h"
#include "providers/tts/azure/azure_tts_provider.h"
#include "providers/tts/deepgram/deepgram_tts_provider.h"
#include "providers/tts/elevenlabs/elevenlabs_tts_provider.h"
#include "providers/tts/openai/openai_tts_provider.h"
#include "providers/tts/rime/rime_tts_provider.h"

namespace ovos::providers::testing {
namespace {

using namespace std::chrono_literals;
using Kind = TtsEvent::Kind;
namespace json = boost::json;

class HttpTtsTest : public HttpTtsHarness {
 protected:
  deepgram::DeepgramTtsConfig deepgram_config(const FakeOpenAiServer& server) {
    return config_for<deepgram::DeepgramTtsConfig>(server);
  }
};

TEST_F(HttpTtsTest, DeepgramStreamsTheAudioOfEachContextInOrder) {
  FakeOpenAiServer server(
      [](const CapturedRequest&, int, FakeConnection& c) { stream_pcm(c, 1601); });
  deepgram::DeepgramTtsProvider provider(*io, deepgram_config(server));
  TtsOptions o = options(8000);
  o.model = "aura-2-andromeda-en";
  auto stream = open(provider, o);
  say(*stream, 1, "Hello there.");
  say(*stream, 2, "How can I help?");
  ASSERT_TRUE(pump_until_ended(2));
  EXPECT_EQ(audio_of(1), pcm_samples(1601));
  EXPECT_EQ(audio_of(2), pcm_samples(1601));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(end_of(1)->characters, 12U);
  EXPECT_EQ(tts_events.front().sample_rate, 8000);
  // Context 1 ended before anything of context 2 arrived.
  std::size_t done1 = 0, first2 = 0;
  for (std::size_t i = 0; i < tts_events.size(); ++i) {
    if (tts_events[i].context == 1 && tts_events[i].kind == Kind::kDone) done1 = i;
    if (tts_events[i].context == 2 && first2 == 0) first2 = i;
  }
  EXPECT_LT(done1, first2);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target,
            "/v1/speak?model=aura-2-andromeda-en&encoding=linear16&sample_rate=8000"
            "&container=none");
  EXPECT_EQ(requests[0].headers.at("authorization"), "Token secret-key");
  EXPECT_EQ(requests[0].headers.at("content-type"), "application/json");
  EXPECT_EQ(json::parse(requests[0].body), json::parse(R"({"text":"Hello there."})"));
  EXPECT_EQ(json::parse(requests[1].body), json::parse(R"({"text":"How can I help?"})"));
}

TEST_F(HttpTtsTest, TheConnectionOpensWithTheStreamAndServesTheFirstPiece) {
  FakeOpenAiServer server(
      [](const CapturedRequest&, int, FakeConnection& c) { stream_pcm(c, 160); });
  deepgram::DeepgramTtsProvider provider(*io, deepgram_config(server));
  auto stream = open(provider, options());
  ASSERT_TRUE(pump_until([&] { return server.connections() == 1; }));
  EXPECT_TRUE(server.requests().empty());  // opened before anything was said
  say(*stream, 1, "First turn.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(server.connections(), 1U);
}

TEST_F(HttpTtsTest, DeepgramAtARateItDoesNotSpeakIsConverted) {
  FakeOpenAiServer server(
      [](const CapturedRequest&, int, FakeConnection& c) { stream_pcm(c, 2400); });
  deepgram::DeepgramTtsProvider provider(*io, deepgram_config(server));
  auto stream = open(provider, options(22050));
  say(*stream, 1, "Hi.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_NE(server.requests().at(0).target.find("sample_rate=24000"), std::string::npos);
  EXPECT_EQ(tts_events.front().sample_rate, 22050);
  const double ratio = static_cast<double>(audio_of(1).size()) / 2400;
  EXPECT_NEAR(ratio, 22050.0 / 24000, 0.03);
}

TEST_F(HttpTtsTest, CancelStopsTheContextAndTheNextOneGoesOn) {
  std::atomic<bool> release{false};
  FakeOpenAiServer server([&](const CapturedRequest& r, int, FakeConnection& c) {
    if (r.body.find("long story") != std::string::npos) {
      start_audio(c);
      chunk(c, pcm_bytes(800));
      c.wait_for_peer_close();  // the client hangs up on cancel
      release = true;
      return;
    }
    stream_pcm(c, 160);
  });
  deepgram::DeepgramTtsProvider provider(*io, deepgram_config(server));
  auto stream = open(provider, options());
  say(*stream, 1, "A long story.");
  say(*stream, 2, "Short.");
  ASSERT_TRUE(pump_until([&] { return !audio_of(1).empty(); }));
  stream->cancel(1);
  ASSERT_TRUE(pump_until_ended(2));
  EXPECT_EQ(end_of(1), nullptr);  // nothing more of a cancelled context, not even its end
  EXPECT_EQ(audio_of(2), pcm_samples(160));
  EXPECT_TRUE(pump_until([&] { return release.load(); }));
}

TEST_F(HttpTtsTest, ARefusedKeyFailsTheContextWithoutRetryAndTheStreamGoesOn) {
  FakeOpenAiServer server([](const CapturedRequest& r, int, FakeConnection& c) {
    if (r.body.find("first") != std::string::npos) {
      c.respond(401, R"({"err_code":"INVALID_AUTH","err_msg":"Invalid credentials.",)"
                     R"("request_id":"e1f2"})");
      return;
    }
    stream_pcm(c, 10);
  });
  deepgram::DeepgramTtsProvider provider(*io, deepgram_config(server));
  auto stream = open(provider, options());
  say(*stream, 1, "first");
  say(*stream, 2, "second");
  ASSERT_TRUE(pump_until_ended(2));
  ASSERT_NE(end_of(1), nullptr);
  EXPECT_EQ(end_of(1)->kind, Kind::kError);
  EXPECT_EQ(end_of(1)->error.code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(end_of(1)->error.message, "deepgram: HTTP 401: INVALID_AUTH: Invalid credentials.");
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);
  EXPECT_EQ(server.requests().size(), 2U);
}

TEST_F(HttpTtsTest, RateLimitsAndServerErrorsAreRetriedBeforeTheFirstAudio) {
  FakeOpenAiServer server([](const CapturedRequest&, int index, FakeConnection& c) {
    if (index == 0) {
      c.respond(429, R"({"err_code":"TOO_MANY_REQUESTS","err_msg":"slow down"})",
                "Retry-After: 0\r\n");
      return;
    }
    if (index == 1) {
      c.respond(500, R"({"err_code":"INTERNAL","err_msg":"oops"})");
      return;
    }
    stream_pcm(c, 100);
  });
  deepgram::DeepgramTtsProvider provider(*io, deepgram_config(server));
  auto stream = open(provider, options());
  say(*stream, 1, "Try again.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(1), pcm_samples(100));
  EXPECT_EQ(server.requests().size(), 3U);
}

TEST_F(HttpTtsTest, AStreamCutAfterItsFirstAudioFailsThatContextOnly) {
  FakeOpenAiServer server([](const CapturedRequest& r, int, FakeConnection& c) {
    if (r.body.find("cut") != std::string::npos) {
      start_audio(c);
      chunk(c, pcm_bytes(300));
      c.close();
      return;
    }
    stream_pcm(c, 50);
  });
  deepgram::DeepgramTtsProvider provider(*io, deepgram_config(server));
  auto stream = open(provider, options());
  say(*stream, 1, "This gets cut.");
  say(*stream, 2, "Fine.");
  ASSERT_TRUE(pump_until_ended(2));
  EXPECT_EQ(audio_of(1), pcm_samples(300));
  EXPECT_EQ(end_of(1)->kind, Kind::kError);
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);
  EXPECT_EQ(server.requests().size(), 2U);  // audio was played: no second try
}

TEST_F(HttpTtsTest, ASlowFirstByteIsRetried) {
  FakeOpenAiServer server([](const CapturedRequest&, int index, FakeConnection& c) {
    if (index == 0) {
      c.pause(800ms);
      return;
    }
    stream_pcm(c, 20);
  });
  auto config = deepgram_config(server);
  config.http.first_byte_timeout = 150ms;
  deepgram::DeepgramTtsProvider provider(*io, config);
  auto stream = open(provider, options());
  say(*stream, 1, "Patience.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(1), pcm_samples(20));
  EXPECT_EQ(server.requests().size(), 2U);
}

TEST_F(HttpTtsTest, AJsonAnswerWhereAudioBelongsIsAnErrorNotNoise) {
  FakeOpenAiServer server([](const CapturedRequest&, int, FakeConnection& c) {
    c.respond(200, R"({"err_code":"WEIRD","err_msg":"not audio"})");
  });
  deepgram::DeepgramTtsProvider provider(*io, deepgram_config(server));
  auto stream = open(provider, options());
  say(*stream, 1, "Hello.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_TRUE(audio_of(1).empty());
  EXPECT_EQ(end_of(1)->kind, Kind::kError);
  EXPECT_NE(end_of(1)->error.message.find("not audio"), std::string::npos)
      << end_of(1)->error.message;
}

TEST_F(HttpTtsTest, NothingToSayIsDoneWithoutARequest) {
  FakeOpenAiServer server([](const CapturedRequest&, int, FakeConnection& c) { stream_pcm(c, 1); });
  deepgram::DeepgramTtsProvider provider(*io, deepgram_config(server));
  auto stream = open(provider, options());
  say(*stream, 1, "  ");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(HttpTtsTest, CloseDeliversNothingMore) {
  FakeOpenAiServer server([](const CapturedRequest&, int, FakeConnection& c) {
    start_audio(c);
    chunk(c, pcm_bytes(100));
    c.pause(50ms);
    chunk(c, pcm_bytes(100));
    end_audio(c);
  });
  deepgram::DeepgramTtsProvider provider(*io, deepgram_config(server));
  auto stream = open(provider, options());
  say(*stream, 1, "Bye.");
  stream->close();
  pump_for(150ms);
  EXPECT_TRUE(tts_events.empty());
}

TEST_F(HttpTtsTest, OpenAiSpeaksPcmAt24kConvertedToTheCallsRate) {
  FakeOpenAiServer server(
      [](const CapturedRequest&, int, FakeConnection& c) { stream_pcm(c, 4800); });
  auto config = config_for<openai::OpenAiTtsConfig>(server, "/v1");
  openai::OpenAiTtsProvider provider(*io, config);
  TtsOptions o = options(16000);
  o.model = "tts-1";
  o.voice = "nova";
  o.credentials["organization"] = "org-42";
  auto stream = open(provider, o);
  say(*stream, 7, "Today is a wonderful day.");
  ASSERT_TRUE(pump_until_ended(7));
  EXPECT_EQ(end_of(7)->kind, Kind::kDone);
  EXPECT_EQ(tts_events.front().sample_rate, 16000);
  const double ratio = static_cast<double>(audio_of(7).size()) / 4800;
  EXPECT_NEAR(ratio, 16000.0 / 24000, 0.03);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].target, "/v1/audio/speech");
  EXPECT_EQ(requests[0].headers.at("authorization"), "Bearer secret-key");
  EXPECT_EQ(requests[0].headers.at("openai-organization"), "org-42");
  EXPECT_EQ(json::parse(requests[0].body),
            json::parse(R"({"model":"tts-1","input":"Today is a wonderful day.","voice":"nova",)"
                        R"("response_format":"pcm"})"));
}

TEST_F(HttpTtsTest, OpenAiErrorsKeepTheirMeaning) {
  FakeOpenAiServer server([](const CapturedRequest& r, int, FakeConnection& c) {
    if (r.body.find("quota") != std::string::npos) {
      c.respond(429, R"({"error":{"message":"You exceeded your current quota.",)"
                     R"("type":"insufficient_quota","param":null,"code":"insufficient_quota"}})");
      return;
    }
    c.respond(401, R"({"error":{"message":"Incorrect API key provided: sk-bad.",)"
                   R"("type":"invalid_request_error","param":null,"code":"invalid_api_key"}})");
  });
  auto config = config_for<openai::OpenAiTtsConfig>(server, "/v1");
  openai::OpenAiTtsProvider provider(*io, config);
  auto stream = open(provider, options());
  say(*stream, 1, "quota");
  say(*stream, 2, "key");
  ASSERT_TRUE(pump_until_ended(2));
  EXPECT_EQ(end_of(1)->error.code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(end_of(2)->error.code, core::ErrorCode::kUnauthenticated);
  EXPECT_NE(end_of(2)->error.message.find("Incorrect API key"), std::string::npos);
  EXPECT_EQ(server.requests().size(), 2U);  // neither is worth a second try
}

TEST_F(HttpTtsTest, ElevenLabsStreamsTheVoiceWithItsKeyHeader) {
  FakeOpenAiServer server(
      [](const CapturedRequest&, int, FakeConnection& c) { stream_pcm(c, 777); });
  auto config = config_for<elevenlabs::ElevenLabsTtsConfig>(server);
  elevenlabs::ElevenLabsTtsProvider provider(*io, config);
  TtsOptions o = options(16000);
  o.voice = "Rachel";
  o.voice_id = "21m00Tcm4TlvDq8ikWAM";
  o.model = "eleven_flash_v2_5";
  auto stream = open(provider, o);
  say(*stream, 3, "Hello from ElevenLabs.");
  ASSERT_TRUE(pump_until_ended(3));
  EXPECT_EQ(end_of(3)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(3), pcm_samples(777));
  EXPECT_EQ(tts_events.front().sample_rate, 16000);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].target,
            "/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream?output_format=pcm_16000");
  EXPECT_EQ(requests[0].headers.at("xi-api-key"), "secret-key");
  EXPECT_EQ(json::parse(requests[0].body),
            json::parse(R"({"text":"Hello from ElevenLabs.","model_id":"eleven_flash_v2_5"})"));
}

TEST_F(HttpTtsTest, ElevenLabsBusyIsRetriedAndASpentQuotaIsNot) {
  auto busy_answers = std::make_shared<std::atomic<int>>(0);
  FakeOpenAiServer server([busy_answers](const CapturedRequest& r, int, FakeConnection& c) {
    if (r.body.find("quota") != std::string::npos) {
      c.respond(401, R"({"detail":{"status":"quota_exceeded","message":"You have 0 credits )"
                     R"(remaining."}})");
      return;
    }
    if ((*busy_answers)++ == 0) {
      c.respond(429, R"({"detail":{"status":"system_busy","message":"Try again."}})");
      return;
    }
    stream_pcm(c, 40);
  });
  auto config = config_for<elevenlabs::ElevenLabsTtsConfig>(server);
  elevenlabs::ElevenLabsTtsProvider provider(*io, config);
  TtsOptions o = options(8000);
  o.voice_id = "v1";
  auto stream = open(provider, o);
  say(*stream, 1, "quota");
  say(*stream, 2, "busy then fine");
  ASSERT_TRUE(pump_until_ended(2));
  EXPECT_EQ(end_of(1)->error.code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(2), pcm_samples(40));
  EXPECT_EQ(server.requests().size(), 3U);
}

TEST_F(HttpTtsTest, ElevenLabsNeedsAVoiceId) {
  elevenlabs::ElevenLabsTtsProvider provider(*io);
  auto stream = provider.open_stream(options(), executor, tts_recorder());
  ASSERT_FALSE(stream.ok());
  EXPECT_EQ(stream.error().code, core::ErrorCode::kInvalidArgument);
}

TEST_F(HttpTtsTest, AzureSpeaksSsmlWithTheSubscriptionKey) {
  FakeOpenAiServer server([](const CapturedRequest& r, int, FakeConnection& c) {
    if (r.body.find("refused") != std::string::npos) {
      c.write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    stream_pcm(c, 321);
  });
  azure::AzureTtsProvider provider(*io);
  TtsOptions o = options(8000);
  o.voice = "en-GB-SoniaNeural";
  o.language = "en-GB";
  o.credentials["base_url"] = server.url();  // instead of a region's endpoint
  auto stream = open(provider, o);
  say(*stream, 1, "Good & proper.");
  say(*stream, 2, "refused");
  ASSERT_TRUE(pump_until_ended(2));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(1), pcm_samples(321));
  EXPECT_EQ(tts_events.front().sample_rate, 8000);
  EXPECT_EQ(end_of(2)->error.code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(end_of(2)->error.message, "azuretts: HTTP 401");
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[0].target, "/cognitiveservices/v1");
  EXPECT_EQ(requests[0].headers.at("ocp-apim-subscription-key"), "secret-key");
  EXPECT_EQ(requests[0].headers.at("content-type"), "application/ssml+xml");
  EXPECT_EQ(requests[0].headers.at("x-microsoft-outputformat"), "raw-8khz-16bit-mono-pcm");
  EXPECT_EQ(requests[0].body,
            "<speak version='1.0' xmlns='http://www.w3.org/2001/10/synthesis' xml:lang='en-GB'>"
            "<voice name='en-GB-SoniaNeural'>Good &amp; proper.</voice></speak>");
}

TEST_F(HttpTtsTest, AzureNeedsARegionOrABaseUrl) {
  azure::AzureTtsProvider provider(*io);
  auto stream = provider.open_stream(options(), executor, tts_recorder());
  ASSERT_FALSE(stream.ok());
  EXPECT_EQ(stream.error().code, core::ErrorCode::kInvalidArgument);
  TtsOptions regional = options();
  regional.credentials["region"] = "westeurope";
  EXPECT_TRUE(provider.open_stream(regional, executor, tts_recorder()).ok());
}

TEST_F(HttpTtsTest, RimeAsksForPcmAtTheCallsRate) {
  FakeOpenAiServer server(
      [](const CapturedRequest&, int, FakeConnection& c) { stream_pcm(c, 555); });
  auto config = config_for<rime::RimeTtsConfig>(server);
  rime::RimeTtsProvider provider(*io, config);
  TtsOptions o = options(8000);
  o.voice_id = "cove";
  o.model = "mistv2";
  auto stream = open(provider, o);
  say(*stream, 1, "Hello from Rime.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(1), pcm_samples(555));
  EXPECT_EQ(tts_events.front().sample_rate, 8000);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].target, "/v1/rime-tts");
  EXPECT_EQ(requests[0].headers.at("authorization"), "Bearer secret-key");
  EXPECT_EQ(requests[0].headers.at("accept"), "audio/pcm");
  EXPECT_EQ(json::parse(requests[0].body),
            json::parse(R"({"speaker":"cove","text":"Hello from Rime.","modelId":"mistv2",)"
                        R"("lang":"eng","samplingRate":8000})"));
}

TEST_F(HttpTtsTest, AMissingKeyIsRefusedAtOpen) {
  deepgram::DeepgramTtsProvider deepgram_tts(*io);
  openai::OpenAiTtsProvider openai_tts(*io);
  elevenlabs::ElevenLabsTtsProvider elevenlabs_tts(*io);
  azure::AzureTtsProvider azure_tts(*io);
  rime::RimeTtsProvider rime_tts(*io);
  TtsOptions o = options();
  o.credentials.clear();
  o.voice_id = "v1";
  for (TtsProvider* provider :
       {static_cast<TtsProvider*>(&deepgram_tts), static_cast<TtsProvider*>(&openai_tts),
        static_cast<TtsProvider*>(&elevenlabs_tts), static_cast<TtsProvider*>(&azure_tts),
        static_cast<TtsProvider*>(&rime_tts)}) {
    auto stream = provider->open_stream(o, executor, tts_recorder());
    ASSERT_FALSE(stream.ok()) << provider->name();
    EXPECT_EQ(stream.error().code, core::ErrorCode::kUnauthenticated);
  }
}

}  // namespace
}  // namespace ovos::providers::testing
