// The text-to-speech requests of Deepgram Aura (REST) and OpenAI audio/speech, as their API
// references describe them.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "providers/speech/http_status_error.h"
#include "providers/speech/vendor_url.h"
#include "providers/tts/deepgram/deepgram_speak_protocol.h"
#include "providers/tts/openai/openai_speech_protocol.h"

namespace ovos::providers {
namespace {

namespace json = boost::json;

TEST(DeepgramSpeakProtocol, AsksForRawLinear16AtARateDeepgramSpeaks) {
  EXPECT_EQ(deepgram::speak_url("https://api.deepgram.com", "aura-2-thalia-en", 8000),
            "https://api.deepgram.com/v1/speak?model=aura-2-thalia-en&encoding=linear16"
            "&sample_rate=8000&container=none");
  EXPECT_EQ(deepgram::speak_rate(8000), 8000);
  EXPECT_EQ(deepgram::speak_rate(16000), 16000);
  EXPECT_EQ(deepgram::speak_rate(22050), 24000);
  EXPECT_EQ(deepgram::speak_rate(44100), 48000);
  EXPECT_EQ(deepgram::speak_rate(96000), 48000);
  EXPECT_EQ(json::parse(deepgram::speak_body("Hello, \"world\".")),
            json::parse(R"({"text":"Hello, \"world\"."})"));
}

TEST(OpenAiSpeechProtocol, AsksForPcmWithTheModelAndVoice) {
  EXPECT_EQ(openai::speech_url("https://api.openai.com/v1"),
            "https://api.openai.com/v1/audio/speech");
  openai::SpeechParams params;
  params.model = "tts-1";
  params.voice = "nova";
  EXPECT_EQ(json::parse(openai::speech_body(params, "Today is a wonderful day.")),
            json::parse(R"({"model":"tts-1","input":"Today is a wonderful day.",)"
                        R"("voice":"nova","response_format":"pcm"})"));
  params.instructions = "Speak in a cheerful tone.";
  params.speed = 1.25;
  const json::value body = json::parse(openai::speech_body(params, "Hi"));
  EXPECT_EQ(body.at("instructions"), "Speak in a cheerful tone.");
  EXPECT_EQ(body.at("speed"), 1.25);
  EXPECT_EQ(openai::kSpeechPcmRate, 24000);
}

TEST(VendorUrl, BaseUrlsMapBetweenHttpAndWebSocketSchemes) {
  EXPECT_EQ(*speech::websocket_base("https://api.deepgram.com/"), "wss://api.deepgram.com");
  EXPECT_EQ(*speech::websocket_base("http://127.0.0.1:9"), "ws://127.0.0.1:9");
  EXPECT_EQ(*speech::websocket_base("WSS://api.eu.deepgram.com"), "wss://api.eu.deepgram.com");
  EXPECT_EQ(*speech::http_base("wss://api.deepgram.com"), "https://api.deepgram.com");
  EXPECT_EQ(*speech::http_base("http://127.0.0.1:9/v1/"), "http://127.0.0.1:9/v1");
  for (const char* bad : {"", "ftp://x", "api.deepgram.com", "https://"}) {
    EXPECT_FALSE(speech::http_base(bad).ok()) << bad;
    EXPECT_FALSE(speech::websocket_base(bad).ok()) << bad;
  }
  EXPECT_EQ(speech::query_escape("a b:2/é"), "a%20b%3A2%2F%C3%A9");
}

TEST(HttpStatusError, MapsStatusesToCodes) {
  using core::ErrorCode;
  EXPECT_EQ(speech::http_status_error("x", 401, "").code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(speech::http_status_error("x", 403, "").code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(speech::http_status_error("x", 429, "").code, ErrorCode::kRateLimited);
  EXPECT_EQ(speech::http_status_error("x", 408, "").code, ErrorCode::kUnavailable);
  EXPECT_EQ(speech::http_status_error("x", 503, "").code, ErrorCode::kUnavailable);
  EXPECT_EQ(speech::http_status_error("x", 413, "").code, ErrorCode::kTooLarge);
  EXPECT_EQ(speech::http_status_error("x", 400, "").code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      speech::http_status_error("deepgram", 401, "INVALID_AUTH: Invalid credentials.").message,
      "deepgram: HTTP 401: INVALID_AUTH: Invalid credentials.");
}

}  // namespace
}  // namespace ovos::providers
