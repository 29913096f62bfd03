// Cartesia's WebSocket messages, as its API reference shows them.

#include "providers/tts/cartesia/cartesia_protocol.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace ovos::providers::cartesia {
namespace {

namespace json = boost::json;
using Kind = ServerMessage::Kind;

TEST(CartesiaProtocol, AGenerationRequestIsTheDocumentedOne) {
  VoiceParams voice;
  voice.model_id = "sonic-2";
  voice.voice_id = "a0e99841-438c-4a64-b679-ae501e7d6091";
  voice.language = "en";
  voice.sample_rate = 8000;
  EXPECT_EQ(json::parse(generation_message(voice, "ab977222-f9e0-4563-a1c0-5a934ae8fdd6",
                                           "Hello, world! I'm generating audio on Cartesia!")),
            json::parse(R"({
              "model_id": "sonic-2",
              "transcript": "Hello, world! I'm generating audio on Cartesia!",
              "voice": {"mode": "id", "id": "a0e99841-438c-4a64-b679-ae501e7d6091"},
              "language": "en",
              "context_id": "ab977222-f9e0-4563-a1c0-5a934ae8fdd6",
              "output_format": {"container": "raw", "encoding": "pcm_s16le", "sample_rate": 8000},
              "continue": false})"));
  EXPECT_EQ(
      json::parse(cancel_message("50dc3b5e-5841-4aa1-9f94-60cfb9aead79")),
      json::parse(R"({"context_id": "50dc3b5e-5841-4aa1-9f94-60cfb9aead79", "cancel": true})"));
  EXPECT_EQ(websocket_url("wss://api.cartesia.ai", "sk_car_x/y"),
            "wss://api.cartesia.ai/tts/websocket?api_key=sk_car_x%2Fy&cartesia_version=2024-11-13");
  EXPECT_EQ(output_rate(8000), 8000);
  EXPECT_EQ(output_rate(44100), 44100);
  EXPECT_EQ(output_rate(32000), 24000);
}

TEST(CartesiaProtocol, ReadsChunksDoneAndErrors) {
  // Four samples: 1, -1, 256, -32768.
  auto chunk = decode_server_message(
      R"({"type":"chunk","data":"AQD//wABAIA=","done":false,"status_code":206,"step_time":123,)"
      R"("context_id":"7"})");
  ASSERT_TRUE(chunk.ok()) << chunk.error().message;
  EXPECT_EQ(chunk->kind, Kind::kChunk);
  EXPECT_EQ(chunk->context_id, "7");
  EXPECT_EQ(chunk->samples, (std::vector<std::int16_t>{1, -1, 256, -32768}));
  auto done = decode_server_message(
      R"({"type":"done","done":true,"status_code":206,"context_id":"50dc3b5e-5841-4aa1-9f94-60cfb9aead79"})");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->kind, Kind::kDone);
  auto old_error = decode_server_message(
      R"({"type":"error","done":true,"error":"Invalid model: The model is not valid, make sure )"
      R"(it is a valid model ID.","status_code":400,"context_id":"50dc3b5e"})");
  ASSERT_TRUE(old_error.ok());
  EXPECT_EQ(old_error->kind, Kind::kError);
  EXPECT_EQ(old_error->status_code, 400);
  EXPECT_EQ(old_error->error,
            "Invalid model: The model is not valid, make sure it is a valid model ID.");
  auto new_error = decode_server_message(
      R"({"type":"error","done":true,"title":"Invalid model","message":"The model is not valid.",)"
      R"("error_code":"model_not_found","status_code":400,"context_id":"9"})");
  ASSERT_TRUE(new_error.ok());
  EXPECT_EQ(new_error->error, "Invalid model: The model is not valid.");
  auto timestamps = decode_server_message(
      R"({"type":"timestamps","done":false,"status_code":206,"context_id":"9",)"
      R"("word_timestamps":{"words":["Hello","world"],"start":[0,0.5],"end":[0.4,0.9]}})");
  ASSERT_TRUE(timestamps.ok());
  EXPECT_EQ(timestamps->kind, Kind::kOther);
}

TEST(CartesiaProtocol, RefusesMalformedMessages) {
  // The reference's example chunk carries 17 bytes: half a sample is not pcm_s16le.
  for (std::string_view bad :
       {"", "nope", "[]", R"({"data":"AQA="})", R"({"type":"chunk","context_id":"1"})",
        R"({"type":"chunk","data":"!!!!","context_id":"1"})",
        R"({"type":"chunk","data":"aSDinaTvuI8gbWludGxpZnk=","context_id":"1"})"}) {
    EXPECT_FALSE(decode_server_message(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace ovos::providers::cartesia
