// Sarvam's and Smallest.ai's HTTP text-to-speech requests and error answers on the examples of
// their API references (docs.sarvam.ai text-to-speech/convert-stream and errors pages;
// Smallest's Waves TTS OpenAPI).

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "providers/tts/sarvam/sarvam_protocol.h"
#include "providers/tts/smallest/smallest_protocol.h"

namespace ovos::providers {
namespace {

namespace json = boost::json;

TEST(SarvamProtocolTest, TheRequestHasTheDocumentedFields) {
  sarvam::SpeechParams params;
  params.model = "bulbul:v2";
  params.speaker = "anushka";
  params.language = "hi-IN";
  params.sample_rate = 8000;
  EXPECT_EQ(sarvam::stream_url("https://api.sarvam.ai"),
            "https://api.sarvam.ai/text-to-speech/stream");
  EXPECT_EQ(json::parse(sarvam::stream_body(params, "नमस्ते, आप कैसे हैं?")),
            json::parse(R"({"text":"नमस्ते, आप कैसे हैं?","target_language_code":"hi-IN",
                            "speaker":"anushka","model":"bulbul:v2","speech_sample_rate":8000,
                            "output_audio_codec":"linear16"})"));
}

TEST(SarvamProtocolTest, LanguagesSpeakersAndRates) {
  EXPECT_EQ(sarvam::sarvam_language("hi"), "hi-IN");
  EXPECT_EQ(sarvam::sarvam_language("en-IN"), "en-IN");
  EXPECT_EQ(sarvam::sarvam_language("or"), "od-IN");
  EXPECT_EQ(sarvam::sarvam_language(""), "en-IN");
  EXPECT_EQ(sarvam::default_speaker("bulbul:v2"), "anushka");
  EXPECT_EQ(sarvam::default_speaker("bulbul:v3"), "shubh");
  EXPECT_EQ(sarvam::sarvam_rate(16000), 16000);
  EXPECT_EQ(sarvam::sarvam_rate(48000), 24000);
}

TEST(SarvamProtocolTest, ErrorsKeepTheirCodes) {
  const auto refused = sarvam::error_for(
      403, R"({"error":{"message":"Invalid API key","code":"invalid_api_key_error"}})");
  EXPECT_EQ(refused.code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(refused.message, "sarvam: HTTP 403: invalid_api_key_error: Invalid API key");
  EXPECT_EQ(sarvam::error_for(429, R"({"error":{"message":"No credits",)"
                                   R"("code":"insufficient_quota_error"}})")
                .code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(sarvam::error_for(429, R"({"error":{"message":"Slow down",)"
                                   R"("code":"rate_limit_exceeded_error"}})")
                .code,
            core::ErrorCode::kRateLimited);
  EXPECT_EQ(sarvam::error_for(500, "oops").code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(sarvam::error_for(500, "oops").message, "sarvam: HTTP 500: oops");
}

TEST(SmallestProtocolTest, TheRequestHasTheDocumentedFields) {
  smallest::SpeechParams params;
  params.voice_id = "magnus";
  params.model = "lightning_v3.1";
  params.language = "en";
  params.sample_rate = 24000;
  EXPECT_EQ(smallest::speech_url("https://api.smallest.ai"),
            "https://api.smallest.ai/waves/v1/tts");
  EXPECT_EQ(json::parse(smallest::speech_body(params, "Hello from Waves TTS.")),
            json::parse(R"({"text":"Hello from Waves TTS.","voice_id":"magnus",
                            "model":"lightning_v3.1","sample_rate":24000,"language":"en",
                            "output_format":"pcm"})"));
}

TEST(SmallestProtocolTest, ModelsLanguagesAndRates) {
  EXPECT_EQ(smallest::smallest_model("lightning_v3.1_pro"), "lightning_v3.1_pro");
  EXPECT_EQ(smallest::smallest_model("lightning"), "lightning_v3.1");
  EXPECT_EQ(smallest::smallest_model(""), "lightning_v3.1");
  EXPECT_EQ(smallest::smallest_language("en-US"), "en");
  EXPECT_EQ(smallest::smallest_language("hi"), "hi");
  EXPECT_EQ(smallest::smallest_rate(8000), 8000);
  EXPECT_EQ(smallest::smallest_rate(22050), 24000);
}

TEST(SmallestProtocolTest, TheDocumentedErrorBodies) {
  const auto refused = smallest::error_for(
      401, R"({"error":"Unauthorized","message":"Bearer token is missing or invalid."})");
  EXPECT_EQ(refused.code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(refused.message,
            "smallest: HTTP 401: Unauthorized: Bearer token is missing or invalid.");
  EXPECT_EQ(smallest::error_for(
                400, R"({"error":"InvalidRequest","message":"The 'text' field is required."})")
                .message,
            "smallest: HTTP 400: InvalidRequest: The 'text' field is required.");
  EXPECT_EQ(smallest::error_for(500, R"({"error":"InternalServerError",)"
                                     R"("message":"An unexpected error occurred."})")
                .code,
            core::ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace ovos::providers
