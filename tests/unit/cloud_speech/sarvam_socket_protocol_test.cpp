// Sarvam's text-to-speech WebSocket messages on the shapes of its AsyncAPI reference and
// streaming guide (docs.sarvam.ai text-to-speech/stream): the URL, config, text, flush and ping
// we send; the completion event and errors it sends (its audio: serial_socket_protocol_test).

#include "providers/tts/sarvam/sarvam_socket_protocol.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace ovos::providers {
namespace {

namespace json = boost::json;
using Kind = speech::SocketTtsMessage::Kind;

TEST(SarvamSocketProtocolTest, TheUrlNamesTheModelAndAsksForTheCompletionEvent) {
  EXPECT_EQ(sarvam::socket_url("wss://api.sarvam.ai", "bulbul:v2"),
            "wss://api.sarvam.ai/text-to-speech/ws?model=bulbul%3Av2&send_completion_event=true");
}

TEST(SarvamSocketProtocolTest, TheConfigComesFirstWithLinearPcmAtTheRate) {
  sarvam::SpeechParams params{
      .model = "bulbul:v2", .speaker = "anushka", .language = "en-IN", .sample_rate = 8000};
  EXPECT_EQ(json::parse(sarvam::config_message(params)),
            json::parse(R"({"type":"config","data":{"target_language_code":"en-IN",
                "speaker":"anushka","model":"bulbul:v2","speech_sample_rate":"8000",
                "output_audio_codec":"linear16","output_audio_bitrate":"128k","pace":1.0,
                "enable_preprocessing":false,"min_buffer_size":50,"max_chunk_length":150}})"));
  params.model = "bulbul:v3";
  EXPECT_EQ(json::parse(sarvam::config_message(params)).at("data").at("enable_preprocessing"),
            true);  // bulbul:v3 always preprocesses
}

TEST(SarvamSocketProtocolTest, TextFlushAndPing) {
  EXPECT_EQ(json::parse(sarvam::text_message("This is an example sentence.")),
            json::parse(R"({"type":"text","data":{"text":"This is an example sentence."}})"));
  EXPECT_EQ(json::parse(sarvam::flush_message()), json::parse(R"({"type":"flush"})"));
  EXPECT_EQ(json::parse(sarvam::ping_message()), json::parse(R"({"type":"ping"})"));
}

TEST(SarvamSocketProtocolTest, TheFinalEventEndsTheText) {
  auto done = sarvam::decode_socket_message(
      R"({"type":"event","data":{"event_type":"final","message":"done","timestamp":1}})");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->kind, Kind::kDone);
  auto other = sarvam::decode_socket_message(R"({"type":"event","data":{"event_type":"x"}})");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->kind, Kind::kOther);
}

TEST(SarvamSocketProtocolTest, ErrorsCarryTheirCode) {
  auto coded = sarvam::decode_socket_message(
      R"({"type":"error","data":{"message":"Input parameters has to be a valid dictionary",)"
      R"("code":422,"request_id":"20250101_x"}})");
  ASSERT_TRUE(coded.ok());
  EXPECT_EQ(coded->kind, Kind::kError);
  EXPECT_EQ(coded->status_code, 422);
  EXPECT_EQ(coded->error, "Input parameters has to be a valid dictionary");
  auto prefixed = sarvam::decode_socket_message(
      R"({"type":"error","data":{"message":"429: rate limit exceeded"}})");
  ASSERT_TRUE(prefixed.ok());
  EXPECT_EQ(prefixed->status_code, 429);
  auto plain = sarvam::decode_socket_message(R"({"type":"error","data":{"message":"oops"}})");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->status_code, 0);
}

}  // namespace
}  // namespace ovos::providers
