// The same failures, against every voice spoken over HTTP (Deepgram Aura, OpenAI, ElevenLabs,
// Azure, Polly, Rime, Smallest, Sarvam's HTTP stream), each through its own provider, request
// and error reading: a refused key (401, never retried), a rate limit and a server error before
// any audio (429 and 500, retried), a stream cut after its first audio (that piece fails, the
// next goes on), a slow first byte (retried), and a JSON answer where audio belongs (an error,
// never played).

#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "http_tts_support.h"
#include "providers/tts/azure/azure_tts_provider.h"
#include "providers/tts/deepgram/deepgram_tts_provider.h"
#include "providers/tts/elevenlabs/elevenlabs_tts_provider.h"
#include "providers/tts/openai/openai_tts_provider.h"
#include "providers/tts/polly/polly_tts_provider.h"
#include "providers/tts/rime/rime_tts_provider.h"
#include "providers/tts/sarvam/sarvam_tts_provider.h"
#include "providers/tts/smallest/smallest_tts_provider.h"

namespace ovos::providers::testing {
namespace {

using namespace std::chrono_literals;
using Kind = TtsEvent::Kind;

/// One HTTP voice: how to build its provider and what a call stores for it.
struct HttpVoice {
  const char* name;
  std::function<std::unique_ptr<TtsProvider>(net::EventLoop& loop)> make;
  std::map<std::string, std::string> credentials;  // besides base_url
  std::string voice_id;                            // when the vendor needs one
};

constexpr auto kFirstByteTimeout = 300ms;

/// A provider of type P from its config C, with fast retries and a short first-byte wait.
template <typename P, typename C>
std::function<std::unique_ptr<TtsProvider>(net::EventLoop&)> maker() {
  return [](net::EventLoop& loop) {
    C config;
    retry_fast(config);
    config.http.first_byte_timeout = kFirstByteTimeout;
    return std::unique_ptr<TtsProvider>(std::make_unique<P>(loop, config));
  };
}

std::vector<HttpVoice> http_voices() {
  const std::map<std::string, std::string> key = {{"api_key", "voice-test-key"}};
  return {
      {"Deepgram", maker<deepgram::DeepgramTtsProvider, deepgram::DeepgramTtsConfig>(), key, ""},
      {"OpenAi", maker<openai::OpenAiTtsProvider, openai::OpenAiTtsConfig>(), key, ""},
      {"ElevenLabs", maker<elevenlabs::ElevenLabsTtsProvider, elevenlabs::ElevenLabsTtsConfig>(),
       key, "voice-1"},
      {"Azure", maker<azure::AzureTtsProvider, azure::AzureTtsConfig>(), key, ""},
      {"Polly",
       maker<polly::PollyTtsProvider, polly::PollyTtsConfig>(),
       {{"access_key_id", "AKIDEXAMPLE"},
        {"secret_access_key", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
        {"region", "us-east-1"}},
       ""},
      {"Rime", maker<rime::RimeTtsProvider, rime::RimeTtsConfig>(), key, ""},
      {"Smallest", maker<smallest::SmallestTtsProvider, smallest::SmallestTtsConfig>(), key, ""},
      {"Sarvam", maker<sarvam::SarvamTtsProvider, sarvam::SarvamTtsConfig>(), key, ""},
  };
}

class HttpVoiceFailureTest : public HttpTtsHarness,
                             public ::testing::WithParamInterface<HttpVoice> {
 protected:
  /// A stream of this vendor's provider aimed at `server`.
  std::unique_ptr<TtsStream> open_at(const FakeOpenAiServer& server) {
    provider_ = GetParam().make(*io);
    TtsOptions o = options();
    o.credentials = GetParam().credentials;
    o.credentials["base_url"] = server.url();
    o.voice_id = GetParam().voice_id;
    return open(*provider_, o);
  }

 private:
  std::unique_ptr<TtsProvider> provider_;
};

TEST_P(HttpVoiceFailureTest, ARefusedKeyFailsThePieceWithoutRetryAndTheNextGoesOn) {
  FakeOpenAiServer server([](const CapturedRequest& r, int, FakeConnection& c) {
    if (r.body.find("first") != std::string::npos) {
      c.respond(401, R"({"message":"invalid api key"})");
      return;
    }
    stream_pcm(c, 400);
  });
  auto stream = open_at(server);
  ASSERT_TRUE(stream);
  say(*stream, 1, "the first piece");
  say(*stream, 2, "the second piece");
  ASSERT_TRUE(pump_until_ended(2));
  ASSERT_NE(end_of(1), nullptr);
  EXPECT_EQ(end_of(1)->kind, Kind::kError);
  EXPECT_EQ(end_of(1)->error.code, core::ErrorCode::kUnauthenticated) << end_of(1)->error.message;
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);
  EXPECT_FALSE(audio_of(2).empty());
  EXPECT_EQ(server.requests().size(), 2U);
}

TEST_P(HttpVoiceFailureTest, ARateLimitAndAServerErrorBeforeAudioAreRetried) {
  FakeOpenAiServer server([](const CapturedRequest&, int index, FakeConnection& c) {
    if (index == 0) {
      c.respond(429, R"({"message":"slow down"})", "Retry-After: 0\r\n");
    } else if (index == 1) {
      c.respond(500, R"({"message":"internal"})");
    } else {
      stream_pcm(c, 400);
    }
  });
  auto stream = open_at(server);
  ASSERT_TRUE(stream);
  say(*stream, 1, "Try again.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone) << end_of(1)->error.message;
  EXPECT_FALSE(audio_of(1).empty());
  EXPECT_EQ(server.requests().size(), 3U);
}

TEST_P(HttpVoiceFailureTest, AStreamCutAfterItsFirstAudioFailsThatPieceOnly) {
  FakeOpenAiServer server([](const CapturedRequest& r, int, FakeConnection& c) {
    if (r.body.find("cut") != std::string::npos) {
      start_audio(c, "audio/pcm");
      chunk(c, pcm_bytes(600));
      c.close();
      return;
    }
    stream_pcm(c, 400);
  });
  auto stream = open_at(server);
  ASSERT_TRUE(stream);
  say(*stream, 1, "This gets cut.");
  say(*stream, 2, "Fine.");
  ASSERT_TRUE(pump_until_ended(2));
  EXPECT_EQ(end_of(1)->kind, Kind::kError);
  EXPECT_FALSE(audio_of(1).empty());  // what was heard stays heard
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);
  EXPECT_EQ(server.requests().size(), 2U);  // audio was played: no second try
}

TEST_P(HttpVoiceFailureTest, ASlowFirstByteIsRetried) {
  FakeOpenAiServer server([](const CapturedRequest&, int index, FakeConnection& c) {
    if (index == 0) {
      c.pause(kFirstByteTimeout * 4);
      return;
    }
    stream_pcm(c, 400);
  });
  auto stream = open_at(server);
  ASSERT_TRUE(stream);
  say(*stream, 1, "Patience.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone) << end_of(1)->error.message;
  EXPECT_FALSE(audio_of(1).empty());
  EXPECT_EQ(server.requests().size(), 2U);
}

TEST_P(HttpVoiceFailureTest, AJsonAnswerWhereAudioBelongsIsAnErrorNotNoise) {
  FakeOpenAiServer server([](const CapturedRequest&, int, FakeConnection& c) {
    c.respond(200, R"({"message":"this is not audio"})");
  });
  auto stream = open_at(server);
  ASSERT_TRUE(stream);
  say(*stream, 1, "Hello.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_TRUE(audio_of(1).empty());
  EXPECT_EQ(end_of(1)->kind, Kind::kError);
}

INSTANTIATE_TEST_SUITE_P(Voices, HttpVoiceFailureTest, ::testing::ValuesIn(http_voices()),
                         [](const ::testing::TestParamInfo<HttpVoice>& voice) {
                           return std::string(voice.param.name);
                         });

}  // namespace
}  // namespace ovos::providers::testing
