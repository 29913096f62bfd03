// Sarvam and Smallest.ai text-to-speech against loopback fakes of their HTTP streaming APIs:
// each request, streamed PCM (or WAV), conversion to the call's rate, and the failures
// (refused keys, a spent quota, 429 and 500, a slow first byte, a body cut short before and
// after audio, answers that are not audio).

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "http_tts_support.h"
#include "providers/tts/sarvam/sarvam_tts_provider.h"
#include "providers/tts/smallest/smallest_tts_provider.h"

namespace ovos::providers::testing {
namespace {

using namespace std::chrono_literals;
using Kind = TtsEvent::Kind;
namespace json = boost::json;

std::string le(std::uint32_t v, int n) {
  std::string out;
  for (int i = 0; i < n; ++i)
    out += static_cast<char>((v >> (8 * i)) & 0xff);
  return out;
}

/// A WAV file of `pcm` at `rate`, with a LIST chunk before its data as encoders often write.
std::string wav(std::string_view pcm, int rate) {
  const std::string list = "LIST" + le(4, 4) + "INFO";
  const auto size = static_cast<std::uint32_t>(pcm.size());
  return "RIFF" + le(static_cast<std::uint32_t>(36 + list.size()) + size, 4) + "WAVE" + "fmt " +
         le(16, 4) + le(1, 2) + le(1, 2) + le(static_cast<std::uint32_t>(rate), 4) +
         le(static_cast<std::uint32_t>(rate) * 2, 4) + le(2, 2) + le(16, 2) + list + "data" +
         le(size, 4) + std::string(pcm);
}

using SarvamSmallestTest = HttpTtsHarness;

TEST_F(SarvamSmallestTest, SarvamStreamsPcmWithTheKeyHeader) {
  FakeOpenAiServer server(
      [](const CapturedRequest&, int, FakeConnection& c) { stream_pcm(c, 1601); });
  sarvam::SarvamTtsProvider provider(*io, config_for<sarvam::SarvamTtsConfig>(server));
  TtsOptions o = options(8000);
  o.language = "hi";
  o.voice_id = "vidya";
  auto stream = open(provider, o);
  say(*stream, 1, "नमस्ते");
  say(*stream, 2, "Second.");
  ASSERT_TRUE(pump_until_ended(2));
  EXPECT_EQ(audio_of(1), pcm_samples(1601));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(2), pcm_samples(1601));
  EXPECT_EQ(tts_events.front().sample_rate, 8000);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[0].target, "/text-to-speech/stream");
  EXPECT_EQ(requests[0].headers.at("api-subscription-key"), "secret-key");
  EXPECT_EQ(requests[0].headers.count("authorization"), 0U);
  EXPECT_EQ(json::parse(requests[0].body),
            json::parse(R"({"text":"नमस्ते","target_language_code":"hi-IN","speaker":"vidya",
                            "model":"bulbul:v2","speech_sample_rate":8000,
                            "output_audio_codec":"linear16"})"));
}

TEST_F(SarvamSmallestTest, SarvamWavAtAnotherRateIsConverted) {
  FakeOpenAiServer server([](const CapturedRequest&, int, FakeConnection& c) {
    const std::string body = wav(pcm_bytes(2400), 24000);  // the WAV says 24 kHz
    start_audio(c, "audio/wav");
    for (std::size_t at = 0; at < body.size(); at += 11)
      chunk(c, std::string_view(body).substr(at, 11));
    end_audio(c);
  });
  sarvam::SarvamTtsProvider provider(*io, config_for<sarvam::SarvamTtsConfig>(server));
  auto stream = open(provider, options(16000));
  say(*stream, 1, "Hi.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(tts_events.front().sample_rate, 16000);
  EXPECT_NEAR(static_cast<double>(audio_of(1).size()) / 2400, 16000.0 / 24000, 0.03);
}

TEST_F(SarvamSmallestTest, SarvamRefusalsAreNotRetriedAndThrottlingIs) {
  auto throttled = std::make_shared<std::atomic<int>>(0);
  FakeOpenAiServer server([throttled](const CapturedRequest& r, int, FakeConnection& c) {
    if (r.body.find("key") != std::string::npos) {
      c.respond(403, R"({"error":{"message":"Invalid API key","code":"invalid_api_key_error"}})");
    } else if (r.body.find("credits") != std::string::npos) {
      c.respond(429, R"({"error":{"message":"Out of credits","code":"insufficient_quota_error"}})");
    } else if ((*throttled)++ == 0) {
      c.respond(429, R"({"error":{"message":"Slow down","code":"rate_limit_exceeded_error"}})");
    } else if (*throttled == 2) {
      c.respond(500, R"({"error":{"message":"oops","code":"internal_server_error"}})");
    } else {
      stream_pcm(c, 40);
    }
  });
  sarvam::SarvamTtsProvider provider(*io, config_for<sarvam::SarvamTtsConfig>(server));
  auto stream = open(provider, options());
  say(*stream, 1, "bad key");
  say(*stream, 2, "no credits");
  say(*stream, 3, "busy then fine");
  ASSERT_TRUE(pump_until_ended(3));
  EXPECT_EQ(end_of(1)->error.code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(end_of(2)->error.code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(end_of(3)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(3), pcm_samples(40));
  EXPECT_EQ(server.requests().size(), 5U);  // one each for 1 and 2, three for 3
}

TEST_F(SarvamSmallestTest, SarvamAnswersThatAreNotAudioOrCutShortFailThePiece) {
  FakeOpenAiServer server([](const CapturedRequest& r, int, FakeConnection& c) {
    if (r.body.find("json") != std::string::npos) {
      c.respond(200, R"({"request_id":"x","audios":[]})");  // the REST answer, not a stream
    } else {
      start_audio(c, "audio/pcm");
      chunk(c, pcm_bytes(300));
      c.close();
    }
  });
  sarvam::SarvamTtsProvider provider(*io, config_for<sarvam::SarvamTtsConfig>(server));
  auto stream = open(provider, options());
  say(*stream, 1, "json");
  say(*stream, 2, "cut");
  ASSERT_TRUE(pump_until_ended(2));
  EXPECT_TRUE(audio_of(1).empty());
  EXPECT_EQ(end_of(1)->kind, Kind::kError);
  EXPECT_EQ(audio_of(2), pcm_samples(300));  // heard, then cut: not spoken twice
  EXPECT_EQ(end_of(2)->kind, Kind::kError);
  EXPECT_EQ(server.requests().size(), 2U);
}

TEST_F(SarvamSmallestTest, SarvamSlowFirstBytesAndCutsBeforeAudioAreTriedAgain) {
  FakeOpenAiServer server([](const CapturedRequest&, int index, FakeConnection& c) {
    if (index == 0) {  // the head of an answer, then the connection goes
      c.write("HTTP/1.1 200 OK\r\nContent-Type: audio/pcm\r\nContent-Length: 500\r\n\r\n");
      c.close();
      return;
    }
    if (index == 1) {
      c.pause(800ms);
      return;
    }
    stream_pcm(c, 30);
  });
  auto config = config_for<sarvam::SarvamTtsConfig>(server);
  config.http.first_byte_timeout = 150ms;
  sarvam::SarvamTtsProvider provider(*io, config);
  auto stream = open(provider, options());
  say(*stream, 1, "Again.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(1), pcm_samples(30));
  EXPECT_EQ(server.requests().size(), 3U);
}

TEST_F(SarvamSmallestTest, SmallestStreamsPcmWithTheBearerKey) {
  FakeOpenAiServer server(
      [](const CapturedRequest&, int, FakeConnection& c) { stream_pcm(c, 1601); });
  smallest::SmallestTtsProvider provider(*io, config_for<smallest::SmallestTtsConfig>(server));
  TtsOptions o = options(8000);
  o.voice_id = "emily";
  o.model = "lightning";  // Bolna's older name
  o.language = "en-US";
  auto stream = open(provider, o);
  say(*stream, 1, "Hello from Waves.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(audio_of(1), pcm_samples(1601));
  EXPECT_EQ(tts_events.front().sample_rate, 8000);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].target, "/waves/v1/tts");
  EXPECT_EQ(requests[0].headers.at("authorization"), "Bearer secret-key");
  EXPECT_EQ(requests[0].headers.at("accept"), "audio/wav");
  EXPECT_EQ(json::parse(requests[0].body),
            json::parse(R"({"text":"Hello from Waves.","voice_id":"emily",
                            "model":"lightning_v3.1","sample_rate":8000,"language":"en",
                            "output_format":"pcm"})"));
}

TEST_F(SarvamSmallestTest, SmallestWavBodiesHaveTheirHeaderSkipped) {
  FakeOpenAiServer server([](const CapturedRequest&, int, FakeConnection& c) {
    const std::string body = wav(pcm_bytes(2400), 24000);
    start_audio(c, "audio/wav");
    for (std::size_t at = 0; at < body.size(); at += 7)  // the header split across chunks too
      chunk(c, std::string_view(body).substr(at, 7));
    end_audio(c);
  });
  smallest::SmallestTtsProvider provider(*io, config_for<smallest::SmallestTtsConfig>(server));
  auto stream = open(provider, options(16000));
  say(*stream, 1, "A WAV.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(tts_events.front().sample_rate, 16000);
  EXPECT_NEAR(static_cast<double>(audio_of(1).size()) / 2400, 16000.0 / 24000, 0.03);
}

TEST_F(SarvamSmallestTest, SmallestFailures) {
  FakeOpenAiServer server([](const CapturedRequest& r, int index, FakeConnection& c) {
    if (r.body.find("refused") != std::string::npos) {
      c.respond(401, R"({"error":"Unauthorized","message":"Bearer token is missing or invalid."})");
    } else if (r.body.find("json") != std::string::npos) {
      c.respond(200, R"({"error":"Weird","message":"not audio"})");
    } else if (r.body.find("cut") != std::string::npos) {
      start_audio(c);
      chunk(c, pcm_bytes(300));
      c.close();
    } else if (index == 3) {
      c.respond(429, R"({"error":"TooManyRequests","message":"slow down"})", "Retry-After: 0\r\n");
    } else if (index == 4) {
      c.respond(500, R"({"error":"InternalServerError","message":"oops"})");
    } else if (index == 5) {
      c.pause(800ms);
    } else {
      stream_pcm(c, 50);
    }
  });
  auto config = config_for<smallest::SmallestTtsConfig>(server);
  config.http.first_byte_timeout = 150ms;
  config.retry.max_attempts = 4;
  smallest::SmallestTtsProvider provider(*io, config);
  auto stream = open(provider, options());
  say(*stream, 1, "refused");
  say(*stream, 2, "json");
  say(*stream, 3, "cut");
  say(*stream, 4, "retried three times");
  ASSERT_TRUE(pump_until_ended(4));
  EXPECT_EQ(end_of(1)->error.code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(end_of(1)->error.message,
            "smallest: HTTP 401: Unauthorized: Bearer token is missing or invalid.");
  EXPECT_EQ(end_of(2)->kind, Kind::kError);
  EXPECT_TRUE(audio_of(2).empty());
  EXPECT_EQ(audio_of(3), pcm_samples(300));  // heard, then cut: not spoken twice
  EXPECT_EQ(end_of(3)->kind, Kind::kError);
  EXPECT_EQ(end_of(4)->kind, Kind::kDone);  // after a 429, a 500 and a slow first byte
  EXPECT_EQ(audio_of(4), pcm_samples(50));
  EXPECT_EQ(server.requests().size(), 7U);
}

TEST_F(SarvamSmallestTest, AMissingKeyIsRefusedAtOpen) {
  sarvam::SarvamTtsProvider sarvam_provider(*io);
  smallest::SmallestTtsProvider smallest_provider(*io);
  TtsOptions o = options();
  o.credentials.clear();
  for (TtsProvider* provider :
       std::initializer_list<TtsProvider*>{&sarvam_provider, &smallest_provider}) {
    auto stream = provider->open_stream(o, executor, tts_recorder());
    ASSERT_FALSE(stream.ok()) << provider->name();
    EXPECT_EQ(stream.error().code, core::ErrorCode::kUnauthenticated);
  }
}

}  // namespace
}  // namespace ovos::providers::testing
