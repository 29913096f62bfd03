// The text-to-speech requests of Deepgram Aura (REST) and OpenAI audio/speech, as their API
// references describe them.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "providers/speech/http_status_error.h"
#include "providers/speech/vendor_url.h"
#include "providers/tts/azure/azure_tts_protocol.h"
#include "providers/tts/deepgram/deepgram_speak_protocol.h"
#include "providers/tts/elevenlabs/elevenlabs_tts_protocol.h"
#include "providers/tts/openai/openai_speech_protocol.h"
#include "providers/tts/rime/rime_protocol.h"

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

TEST(VendorUrl, AccessTakesTheStoredKeyAndBaseOrTheDefault) {
  const std::map<std::string, std::string> stored = {{"api_key", "k-1"},
                                                     {"base_url", "http://127.0.0.1:9/"}};
  const auto http =
      speech::vendor_access("rime", stored, "https://users.rime.ai", speech::VendorApi::kHttp);
  ASSERT_TRUE(http.ok());
  EXPECT_EQ(http->api_key, "k-1");
  EXPECT_EQ(http->base_url, "http://127.0.0.1:9");
  const auto socket =
      speech::vendor_access("deepgram", {{"api_key", "k-2"}, {"base_url", ""}},
                            "https://api.deepgram.com", speech::VendorApi::kWebSocket);
  ASSERT_TRUE(socket.ok());
  EXPECT_EQ(socket->base_url, "wss://api.deepgram.com");

  const auto no_key = speech::vendor_access("rime", {{"api_key", ""}}, "https://users.rime.ai",
                                            speech::VendorApi::kHttp);
  ASSERT_FALSE(no_key.ok());
  EXPECT_EQ(no_key.error().code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(no_key.error().message, "rime: credentials.api_key is missing");
  const auto bad_base = speech::vendor_access("rime", {{"api_key", "k"}, {"base_url", "ftp://x"}},
                                              "https://users.rime.ai", speech::VendorApi::kHttp);
  ASSERT_FALSE(bad_base.ok());
  EXPECT_EQ(bad_base.error().code, core::ErrorCode::kInvalidArgument);
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

TEST(ElevenLabsTtsProtocol, StreamsPcmOfTheVoiceWithTheModel) {
  EXPECT_EQ(elevenlabs::stream_url("https://api.elevenlabs.io", "JBFqnCBsd6RMkjVDRZzb", 16000),
            "https://api.elevenlabs.io/v1/text-to-speech/JBFqnCBsd6RMkjVDRZzb/stream"
            "?output_format=pcm_16000");
  EXPECT_EQ(json::parse(elevenlabs::stream_body("The first move is what sets everything in motion.",
                                                "eleven_multilingual_v2")),
            json::parse(R"({"text":"The first move is what sets everything in motion.",)"
                        R"("model_id":"eleven_multilingual_v2"})"));
  EXPECT_EQ(elevenlabs::output_rate(8000), 8000);
  EXPECT_EQ(elevenlabs::output_rate(22050), 22050);
  EXPECT_EQ(elevenlabs::output_rate(48000), 24000);
  EXPECT_EQ(elevenlabs::output_rate(44100), 24000);
}

TEST(ElevenLabsTtsProtocol, ReadsItsErrorBodies) {
  using core::ErrorCode;
  const auto invalid_key = elevenlabs::error_for(
      401, R"({"detail":{"status":"invalid_api_key","message":"Invalid API key"}})");
  EXPECT_EQ(invalid_key.code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(invalid_key.message, "elevenlabs: HTTP 401: invalid_api_key: Invalid API key");
  const auto quota = elevenlabs::error_for(
      401, R"({"detail":{"status":"quota_exceeded","message":"This request exceeds your quota )"
           R"(of 10000. You have 0 credits remaining, while 91 credits are required for this )"
           R"(request."}})");
  EXPECT_EQ(quota.code, ErrorCode::kPermissionDenied);
  const auto busy = elevenlabs::error_for(
      429, R"({"detail":{"status":"too_many_concurrent_requests","message":"Too many"}})");
  EXPECT_EQ(busy.code, ErrorCode::kRateLimited);
  const auto unreadable = elevenlabs::error_for(
      422,
      R"({"detail":[{"loc":["body","text"],"msg":"field required","type":"value_error.missing"}]})");
  EXPECT_EQ(unreadable.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(unreadable.message, "elevenlabs: HTTP 422: field required");
  EXPECT_EQ(elevenlabs::error_for(502, "Bad Gateway").message, "elevenlabs: HTTP 502: Bad Gateway");
}

TEST(AzureTtsProtocol, SsmlWithTheVoiceAndLocaleAndEscapedText) {
  EXPECT_EQ(azure::ssml("en-US-AvaMultilingualNeural", "en-US", "Fish & chips <today>, 'yes'?"),
            "<speak version='1.0' xmlns='http://www.w3.org/2001/10/synthesis' xml:lang='en-US'>"
            "<voice name='en-US-AvaMultilingualNeural'>Fish &amp; chips &lt;today&gt;, "
            "&apos;yes&apos;?</voice></speak>");
  EXPECT_EQ(azure::synthesis_url(azure::regional_base("eastus")),
            "https://eastus.tts.speech.microsoft.com/cognitiveservices/v1");
  EXPECT_EQ(azure::output_format(16000), "raw-16khz-16bit-mono-pcm");
  EXPECT_EQ(azure::output_format(8000), "raw-8khz-16bit-mono-pcm");
  EXPECT_EQ(azure::output_rate(48000), 48000);
  EXPECT_EQ(azure::output_rate(22050), 24000);
  EXPECT_EQ(azure::locale_of("en"), "en-US");
  EXPECT_EQ(azure::locale_of("en-GB"), "en-GB");
  EXPECT_EQ(azure::locale_of(""), "en-US");
}

TEST(RimeProtocol, AsksForTheSpeakerInRimesLanguageCodes) {
  rime::SpeechParams params;
  params.speaker = "cove";
  params.model_id = "mistv2";
  params.lang = rime::rime_language("en-US");
  params.sampling_rate = 8000;
  EXPECT_EQ(json::parse(rime::speech_body(params, "I would love to have a conversation.")),
            json::parse(R"({"speaker":"cove","text":"I would love to have a conversation.",)"
                        R"("modelId":"mistv2","lang":"eng","samplingRate":8000})"));
  EXPECT_EQ(rime::speech_url("https://users.rime.ai"), "https://users.rime.ai/v1/rime-tts");
  EXPECT_EQ(rime::rime_language("es"), "spa");
  EXPECT_EQ(rime::rime_language("hi-IN"), "hin");
  EXPECT_EQ(rime::rime_language("jpn"), "jpn");
}

}  // namespace
}  // namespace ovos::providers
