// Azure speech-to-text through the REST API for short audio, against a loopback fake: one 16 kHz
// WAV per utterance, the simple-format answers (Success, NoMatch, Error), a refused key, and the
// failures retried (429, 500, a connection cut before the answer, a slow first byte) or not (an
// unreadable answer).

#include <gtest/gtest.h>

#include "audio/wav.h"
#include "providers/stt/azure/azure_stt_protocol.h"
#include "providers/stt/azure/azure_stt_provider.h"
#include "speech_test_support.h"
#include "support/fake_openai_server.h"

namespace ovos::providers::testing {
namespace {

using namespace std::chrono_literals;
using Kind = SttEvent::Kind;

TEST(AzureSttProtocol, ReadsTheSimpleFormatAnswers) {
  auto success = azure::recognized_text(
      R"({"RecognitionStatus":"Success","DisplayText":"Remind me to buy 5 pencils.",)"
      R"("Offset":"1236645672289","Duration":"1236645672289"})");
  ASSERT_TRUE(success.ok());
  EXPECT_EQ(*success, "Remind me to buy 5 pencils.");
  auto silence = azure::recognized_text(
      R"({"RecognitionStatus":"InitialSilenceTimeout","Offset":50000000,"Duration":0})");
  ASSERT_TRUE(silence.ok());
  EXPECT_EQ(*silence, "");
  EXPECT_EQ(*azure::recognized_text(R"({"RecognitionStatus":"NoMatch"})"), "");
  EXPECT_EQ(azure::recognized_text(R"({"RecognitionStatus":"Error"})").error().code,
            core::ErrorCode::kUnavailable);
  EXPECT_FALSE(azure::recognized_text("<html/>").ok());
  EXPECT_FALSE(azure::recognized_text(R"({"RecognitionStatus":"Weird"})").ok());
  EXPECT_EQ(azure::recognition_url(azure::recognition_base("westeurope"), "en-US"),
            "https://westeurope.stt.speech.microsoft.com/speech/recognition/conversation/"
            "cognitiveservices/v1?language=en-US&format=simple");
}

class AzureSttTest : public SpeechHarness {
 protected:
  SttOptions options(const FakeOpenAiServer& server, int rate) {
    SttOptions o;
    o.credentials = {{"api_key", "az-key"}, {"base_url", server.url()}};
    o.sample_rate = rate;
    o.language = "en";
    return o;
  }
  void utterance(SttStream& stream, std::size_t samples) {
    stream.push_audio(std::vector<std::int16_t>(samples, 800));
    stream.finalize();
  }
  std::size_t finals() const {
    std::size_t n = 0;
    for (const auto& e : stt_events)
      n += e.kind == Kind::kFinal ? 1 : 0;
    return n;
  }
};

TEST_F(AzureSttTest, EachUtteranceIsOneSixteenKilohertzWav) {
  FakeOpenAiServer server([](const CapturedRequest& r, int index, FakeConnection& c) {
    if (index == 0) {
      c.respond(200, R"({"RecognitionStatus":"Success","DisplayText":"What are your opening )"
                     R"(hours?","Offset":1800000,"Duration":21600000})");
      return;
    }
    c.respond(200, R"({"RecognitionStatus":"NoMatch","Offset":0,"Duration":0})");
    (void)r;
  });
  azure::AzureSttConfig config;
  config.retry.base_backoff = 5ms;
  azure::AzureSttProvider provider(*io, config);
  auto stream = provider.open_stream(options(server, 8000), executor, stt_recorder());
  ASSERT_TRUE(stream.ok()) << stream.error().message;
  utterance(**stream, 8000);  // one second at the phone's 8 kHz
  utterance(**stream, 4000);
  ASSERT_TRUE(pump_until([this] { return finals() == 2; }));
  EXPECT_EQ(stt_described(),
            (std::vector<std::string>{"final:What are your opening hours?", "final:"}));
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[0].target,
            "/speech/recognition/conversation/cognitiveservices/v1?language=en-US&format=simple");
  EXPECT_EQ(requests[0].headers.at("ocp-apim-subscription-key"), "az-key");
  EXPECT_EQ(requests[0].headers.at("content-type"),
            "audio/wav; codecs=audio/pcm; samplerate=16000");
  auto wav = audio::read_wav(std::span(
      reinterpret_cast<const std::uint8_t*>(requests[0].body.data()), requests[0].body.size()));
  ASSERT_TRUE(wav.ok());
  EXPECT_EQ(wav->sample_rate, 16000);
  EXPECT_NEAR(static_cast<double>(wav->samples.size()), 16000.0, 200.0);
}

TEST_F(AzureSttTest, AServiceErrorLosesOnlyThatUtteranceAndARefusedKeyEndsTheStream) {
  FakeOpenAiServer server([](const CapturedRequest&, int index, FakeConnection& c) {
    if (index == 0) {
      c.respond(200, R"({"RecognitionStatus":"Error"})");
      return;
    }
    c.write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
  });
  azure::AzureSttProvider provider(*io);
  auto stream = provider.open_stream(options(server, 16000), executor, stt_recorder());
  ASSERT_TRUE(stream.ok());
  utterance(**stream, 3200);
  utterance(**stream, 3200);
  ASSERT_TRUE(pump_until([this] { return has_stt(Kind::kError); }));
  EXPECT_EQ(stt_described(), (std::vector<std::string>{"final:", "error:2"}));
}

TEST_F(AzureSttTest, RateLimitsServerErrorsAndCutConnectionsAreRetried) {
  FakeOpenAiServer server([](const CapturedRequest&, int index, FakeConnection& c) {
    if (index == 0) {
      c.respond(429, R"({"error":{"code":"TooManyRequests"}})", "Retry-After: 0\r\n");
    } else if (index == 1) {
      c.respond(500, "");
    } else if (index == 2) {
      c.write(
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n{\"Re");
      c.close();
    } else {
      c.respond(200, R"({"RecognitionStatus":"Success","DisplayText":"Fourth time lucky.",)"
                     R"("Offset":0,"Duration":1000})");
    }
  });
  azure::AzureSttConfig config;
  retry_fast(config);
  config.retry.max_attempts = 4;
  azure::AzureSttProvider provider(*io, config);
  auto stream = provider.open_stream(options(server, 16000), executor, stt_recorder());
  ASSERT_TRUE(stream.ok()) << stream.error().message;
  utterance(**stream, 3200);
  ASSERT_TRUE(pump_until([this] { return finals() == 1; }));
  EXPECT_EQ(stt_described(), (std::vector<std::string>{"final:Fourth time lucky."}));
  EXPECT_EQ(server.requests().size(), 4U);
}

TEST_F(AzureSttTest, ASlowFirstByteIsRetried) {
  FakeOpenAiServer server([](const CapturedRequest&, int index, FakeConnection& c) {
    if (index == 0) {
      c.pause(800ms);
      return;
    }
    c.respond(200, R"({"RecognitionStatus":"Success","DisplayText":"Patience.",)"
                   R"("Offset":0,"Duration":1000})");
  });
  azure::AzureSttConfig config;
  retry_fast(config);
  config.http.first_byte_timeout = 150ms;
  azure::AzureSttProvider provider(*io, config);
  auto stream = provider.open_stream(options(server, 16000), executor, stt_recorder());
  ASSERT_TRUE(stream.ok()) << stream.error().message;
  utterance(**stream, 3200);
  ASSERT_TRUE(pump_until([this] { return finals() == 1; }));
  EXPECT_EQ(stt_described(), (std::vector<std::string>{"final:Patience."}));
  EXPECT_EQ(server.requests().size(), 2U);
}

TEST_F(AzureSttTest, AnUnreadableAnswerLosesOnlyThatUtterance) {
  FakeOpenAiServer server([](const CapturedRequest&, int index, FakeConnection& c) {
    if (index == 0) {
      c.respond(200, "<html>proxy error</html>");
      return;
    }
    c.respond(200, R"({"RecognitionStatus":"Success","DisplayText":"Still here.",)"
                   R"("Offset":0,"Duration":1000})");
  });
  azure::AzureSttConfig config;
  retry_fast(config);
  azure::AzureSttProvider provider(*io, config);
  auto stream = provider.open_stream(options(server, 16000), executor, stt_recorder());
  ASSERT_TRUE(stream.ok()) << stream.error().message;
  utterance(**stream, 3200);
  utterance(**stream, 3200);
  ASSERT_TRUE(pump_until([this] { return finals() == 2; }));
  EXPECT_EQ(stt_described(), (std::vector<std::string>{"final:", "final:Still here."}));
  EXPECT_EQ(server.requests().size(), 2U);  // not asked again: the answer came, unreadable
}

TEST_F(AzureSttTest, NeedsAKeyAndARegionOrBaseUrl) {
  azure::AzureSttProvider provider(*io);
  SttOptions o;
  o.credentials = {{"region", "eastus"}};
  EXPECT_EQ(provider.open_stream(o, executor, stt_recorder()).error().code,
            core::ErrorCode::kUnauthenticated);
  o.credentials = {{"api_key", "k"}};
  EXPECT_EQ(provider.open_stream(o, executor, stt_recorder()).error().code,
            core::ErrorCode::kInvalidArgument);
  o.credentials["region"] = "eastus";
  EXPECT_TRUE(provider.open_stream(o, executor, stt_recorder()).ok());
}

}  // namespace
}  // namespace ovos::providers::testing
