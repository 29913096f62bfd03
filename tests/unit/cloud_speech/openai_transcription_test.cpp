// OpenAI transcription against a loopback fake of /v1/audio/transcriptions: one multipart WAV
// per utterance, finals in order, and the failures (401, 429 with Retry-After, 500 until the
// budget ends, a connection cut before the answer, a slow first byte, an unreadable answer).

#include <gtest/gtest.h>

#include "audio/wav.h"
#include "providers/stt/openai/openai_stt_provider.h"
#include "speech_test_support.h"
#include "support/fake_openai_server.h"

namespace ovos::providers::testing {
namespace {

using namespace std::chrono_literals;
using Kind = SttEvent::Kind;

/// The value of the multipart field `name`, or "" when absent.
std::string field(const std::string& body, const std::string& name) {
  const std::string head = "name=\"" + name + "\"\r\n\r\n";
  const auto at = body.find(head);
  if (at == std::string::npos) return {};
  const auto start = at + head.size();
  return body.substr(start, body.find("\r\n", start) - start);
}

/// The WAV file part of a multipart body, decoded.
audio::WavData wav_of(const std::string& body) {
  const std::string head = "Content-Type: audio/wav\r\n\r\n";
  const auto start = body.find(head) + head.size();
  const auto end = body.rfind("\r\n--", body.find("name=\"model\""));
  const std::string bytes = body.substr(start, end - start);
  auto wav =
      audio::read_wav(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
  EXPECT_TRUE(wav.ok());
  return wav.ok() ? std::move(wav).value() : audio::WavData{};
}

void answer(FakeConnection& c, std::string_view text) {
  c.respond(200, R"({"text":")" + std::string(text) + R"("})");
}

class OpenAiTranscriptionTest : public SpeechHarness {
 protected:
  openai::OpenAiSttConfig config_for(const FakeOpenAiServer& server) {
    openai::OpenAiSttConfig config;
    config.default_base_url = server.url() + "/v1";
    config.retry.base_backoff = 5ms;
    config.retry.max_backoff = 20ms;
    return config;
  }
  SttOptions options() {
    SttOptions o;
    o.credentials = {{"api_key", "sk-test"}};
    o.sample_rate = 16000;
    o.language = "en-US";
    o.model = "nova-2";  // Bolna's default transcriber model: not an OpenAI one
    return o;
  }
  std::unique_ptr<SttStream> open(openai::OpenAiSttProvider& provider, const SttOptions& o) {
    auto stream = provider.open_stream(o, executor, stt_recorder());
    EXPECT_TRUE(stream.ok()) << stream.error().message;
    return stream.ok() ? std::move(stream).value() : nullptr;
  }
  void utterance(SttStream& stream, std::size_t samples) {
    for (std::size_t at = 0; at < samples; at += 320)
      stream.push_audio(std::vector<std::int16_t>(std::min<std::size_t>(320, samples - at), 1200));
    stream.finalize();
  }
  std::size_t finals() const {
    std::size_t n = 0;
    for (const auto& e : stt_events)
      n += e.kind == Kind::kFinal ? 1 : 0;
    return n;
  }
};

TEST_F(OpenAiTranscriptionTest, EachUtteranceIsOneWavAndOneFinalInOrder) {
  FakeOpenAiServer server([](const CapturedRequest& r, int index, FakeConnection& c) {
    const auto wav = wav_of(r.body);
    answer(c, index == 0 ? "What are your opening hours?"
                         : "Thanks. " + std::to_string(wav.samples.size()));
  });
  openai::OpenAiSttProvider provider(*io, config_for(server));
  SttOptions o = options();
  o.keywords = {"Acme", "refund"};
  o.credentials["organization"] = "org-7";
  auto stream = open(provider, o);
  utterance(*stream, 16000);
  utterance(*stream, 800);  // under 0.1 s: no request, an empty final in its place
  utterance(*stream, 8000);
  ASSERT_TRUE(pump_until([this] { return finals() == 3; }));
  EXPECT_EQ(stt_described(), (std::vector<std::string>{"final:What are your opening hours?",
                                                       "final:", "final:Thanks. 8000"}));
  EXPECT_DOUBLE_EQ(stt_events[0].audio_seconds, 1.0);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/v1/audio/transcriptions");
  EXPECT_EQ(requests[0].headers.at("authorization"), "Bearer sk-test");
  EXPECT_EQ(requests[0].headers.at("openai-organization"), "org-7");
  EXPECT_TRUE(requests[0].headers.at("content-type").starts_with("multipart/form-data; boundary="));
  EXPECT_EQ(field(requests[0].body, "model"), "whisper-1");
  EXPECT_EQ(field(requests[0].body, "language"), "en");
  EXPECT_EQ(field(requests[0].body, "prompt"), "Acme, refund");
  EXPECT_EQ(field(requests[0].body, "response_format"), "json");
  const auto wav = wav_of(requests[0].body);
  EXPECT_EQ(wav.sample_rate, 16000);
  EXPECT_EQ(wav.samples.size(), 16000U);
}

TEST_F(OpenAiTranscriptionTest, AnOpenAiModelIsSentAsGiven) {
  FakeOpenAiServer server([](const CapturedRequest&, int, FakeConnection& c) { answer(c, "ok"); });
  openai::OpenAiSttProvider provider(*io, config_for(server));
  SttOptions o = options();
  o.model = "gpt-4o-transcribe";
  auto stream = open(provider, o);
  utterance(*stream, 3200);
  ASSERT_TRUE(pump_until([this] { return finals() == 1; }));
  EXPECT_EQ(field(server.requests().at(0).body, "model"), "gpt-4o-transcribe");
}

TEST_F(OpenAiTranscriptionTest, ARefusedKeyIsOneErrorWithoutRetry) {
  FakeOpenAiServer server([](const CapturedRequest&, int, FakeConnection& c) {
    c.respond(401, R"({"error":{"message":"Incorrect API key provided: sk-bad.",)"
                   R"("type":"invalid_request_error","param":null,"code":"invalid_api_key"}})");
  });
  openai::OpenAiSttProvider provider(*io, config_for(server));
  auto stream = open(provider, options());
  utterance(*stream, 3200);
  utterance(*stream, 3200);
  ASSERT_TRUE(pump_until([this] { return has_stt(Kind::kError); }));
  pump_for(50ms);
  EXPECT_EQ(stt_described(), (std::vector<std::string>{"error:2"}));
  EXPECT_EQ(stt_events[0].error.code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(server.requests().size(), 1U);
}

TEST_F(OpenAiTranscriptionTest, RateLimitsAndCutConnectionsAreRetried) {
  FakeOpenAiServer server([](const CapturedRequest&, int index, FakeConnection& c) {
    if (index == 0) {
      c.respond(429,
                R"({"error":{"message":"Rate limit reached","type":"requests",)"
                R"("code":"rate_limit_exceeded"}})",
                "Retry-After: 0\r\n");
      return;
    }
    if (index == 1) {
      c.write(
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"te");
      c.close();
      return;
    }
    answer(c, "third time");
  });
  openai::OpenAiSttProvider provider(*io, config_for(server));
  auto stream = open(provider, options());
  utterance(*stream, 3200);
  ASSERT_TRUE(pump_until([this] { return finals() == 1; }));
  EXPECT_EQ(stt_described(), (std::vector<std::string>{"final:third time"}));
  EXPECT_EQ(server.requests().size(), 3U);
}

TEST_F(OpenAiTranscriptionTest, ASlowFirstByteIsRetried) {
  FakeOpenAiServer server([](const CapturedRequest&, int index, FakeConnection& c) {
    if (index == 0) {
      c.pause(800ms);
      return;
    }
    answer(c, "patience");
  });
  auto config = config_for(server);
  config.http.first_byte_timeout = 150ms;
  openai::OpenAiSttProvider provider(*io, config);
  auto stream = open(provider, options());
  utterance(*stream, 3200);
  ASSERT_TRUE(pump_until([this] { return finals() == 1; }));
  EXPECT_EQ(stt_described(), (std::vector<std::string>{"final:patience"}));
}

TEST_F(OpenAiTranscriptionTest, ServerErrorsUntilTheBudgetEndsLoseOnlyThatUtterance) {
  FakeOpenAiServer server([](const CapturedRequest& r, int, FakeConnection& c) {
    if (wav_of(r.body).samples.size() == 3200) {
      c.respond(500, R"({"error":{"message":"The server had an error","type":"server_error"}})");
      return;
    }
    answer(c, "second one");
  });
  auto config = config_for(server);
  config.retry.max_attempts = 2;
  openai::OpenAiSttProvider provider(*io, config);
  auto stream = open(provider, options());
  utterance(*stream, 3200);
  utterance(*stream, 4800);
  ASSERT_TRUE(pump_until([this] { return finals() == 2; }));
  EXPECT_EQ(stt_described(), (std::vector<std::string>{"final:", "final:second one"}));
  EXPECT_EQ(server.requests().size(), 3U);
}

TEST_F(OpenAiTranscriptionTest, AnUnreadableAnswerIsAnEmptyFinal) {
  FakeOpenAiServer server(
      [](const CapturedRequest&, int, FakeConnection& c) { c.respond(200, "<html>oops</html>"); });
  openai::OpenAiSttProvider provider(*io, config_for(server));
  auto stream = open(provider, options());
  utterance(*stream, 3200);
  ASSERT_TRUE(pump_until([this] { return finals() == 1; }));
  EXPECT_EQ(stt_described(), (std::vector<std::string>{"final:"}));
}

TEST_F(OpenAiTranscriptionTest, CloseDeliversNothingMore) {
  FakeOpenAiServer server([](const CapturedRequest&, int, FakeConnection& c) {
    c.pause(100ms);
    answer(c, "too late");
  });
  openai::OpenAiSttProvider provider(*io, config_for(server));
  auto stream = open(provider, options());
  utterance(*stream, 3200);
  stream->close();
  pump_for(200ms);
  EXPECT_TRUE(stt_events.empty());
}

}  // namespace
}  // namespace ovos::providers::testing
