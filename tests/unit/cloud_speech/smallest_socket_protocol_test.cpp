// Smallest's text-to-speech WebSocket messages on the examples of its AsyncAPI descriptions
// (smallest-inc/smallest-ai-documentation fern/apis/waves/asyncapi tts-ws.yaml and
// lightning-v2-ws.yaml): the URL and the request we send; word timestamps, the completion frame
// and errors it sends (its audio chunks: serial_socket_protocol_test).

#include "providers/tts/smallest/smallest_socket_protocol.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace ovos::providers {
namespace {

namespace json = boost::json;
using Kind = speech::SocketTtsMessage::Kind;

TEST(SmallestSocketProtocolTest, TheUrlIsTheLiveEndpointOfTheHttpOrigin) {
  EXPECT_EQ(smallest::socket_url("wss://api.smallest.ai"),
            "wss://api.smallest.ai/waves/v1/tts/live");
}

TEST(SmallestSocketProtocolTest, APieceIsOneWholeRequest) {
  // The basicTts example (voice_id, text, sample_rate, language, speed) and what we add.
  const smallest::SpeechParams params{
      .voice_id = "magnus", .model = "lightning_v3.1", .language = "en", .sample_rate = 24000};
  EXPECT_EQ(json::parse(smallest::speak_message(
                params, "7", "Hello, this is a sample text to convert to speech.")),
            json::parse(
                R"({"voice_id":"magnus","text":"Hello, this is a sample text to convert to speech.",
          "model":"lightning_v3.1","sample_rate":24000,"language":"en","speed":1.0,
          "output_format":"pcm","request_id":"7","continue":false,"flush":true,
          "complete_backoff_ms":0})"));
}

TEST(SmallestSocketProtocolTest, TheDocumentedExampleAudioIsNotPcm16) {
  // The documented example's audio, "Hello World": 11 bytes, not PCM16.
  EXPECT_FALSE(
      smallest::decode_socket_message(R"({"status":"chunk","data":{"audio":"SGVsbG8gV29ybGQ="}})")
          .ok());
}

TEST(SmallestSocketProtocolTest, CompleteEndsTheRequestAndWordTimestampsAreOther) {
  auto done = smallest::decode_socket_message(
      R"({"session_id":"ws_550e8400-e29b","request_id":"task_6ba7b810-9dad",)"
      R"("external_session_id":"my-session-123","external_request_id":"my-request-456",)"
      R"("status":"complete"})");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->kind, Kind::kDone);
  EXPECT_EQ(done->context_id, "my-request-456");
  auto v2 = smallest::decode_socket_message(R"({"request_id":"abc","status":"complete"})");
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->kind, Kind::kDone);
  auto word = smallest::decode_socket_message(
      R"({"request_id":"task_6ba7b810-9dad","status":"word_timestamp",)"
      R"("data":{"id":2,"word":"$100","start":1.12,"end":1.92}})");
  ASSERT_TRUE(word.ok());
  EXPECT_EQ(word->kind, Kind::kOther);
}

TEST(SmallestSocketProtocolTest, ErrorsCarryTheirMessageAndANumericCode) {
  auto coded = smallest::decode_socket_message(
      R"({"status":"error","error":{"message":"Too many requests","code":"429"}})");
  ASSERT_TRUE(coded.ok());
  EXPECT_EQ(coded->kind, Kind::kError);
  EXPECT_EQ(coded->status_code, 429);
  EXPECT_EQ(coded->error, "Too many requests");
  auto named = smallest::decode_socket_message(
      R"({"status":"error","error":{"message":"Invalid voice","code":"INVALID_VOICE"}})");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->status_code, 0);
  EXPECT_EQ(named->error, "Invalid voice");
  auto idle = smallest::decode_socket_message(
      R"({"status": "error", "message": "Connection timed out after 60 seconds of inactivity"})");
  ASSERT_TRUE(idle.ok());
  EXPECT_EQ(idle->kind, Kind::kError);
  EXPECT_EQ(idle->error, "Connection timed out after 60 seconds of inactivity");
  auto bare = smallest::decode_socket_message(R"({"status":"error","error":"bad text"})");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->error, "bad text");
}

}  // namespace
}  // namespace ovos::providers
