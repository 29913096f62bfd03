// ElevenLabs' multi-context WebSocket on the message shapes of its AsyncAPI reference
// (AudioOutputMulti, FinalOutputMulti; InitialiseContext, SendTextMulti, CloseContextClient,
// CloseSocketClient) and the URL's documented query.

#include "providers/tts/elevenlabs/elevenlabs_socket_protocol.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "crypto/base64.h"

namespace ovos::providers::elevenlabs {
namespace {

namespace json = boost::json;
using Kind = speech::SocketTtsMessage::Kind;

TEST(ElevenLabsSocketProtocolTest, TheUrlNamesVoiceModelAndPcmRate) {
  EXPECT_EQ(
      multi_stream_url("wss://api.elevenlabs.io", "21m00Tcm4TlvDq8ikWAM", "eleven_flash_v2_5",
                       16000),
      "wss://api.elevenlabs.io/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/multi-stream-input"
      "?model_id=eleven_flash_v2_5&output_format=pcm_16000&auto_mode=true&inactivity_timeout=180");
}

TEST(ElevenLabsSocketProtocolTest, AContextIsOpenedGivenItsTextFlushedAndClosed) {
  const auto messages = speak_messages("7", "Hello there.");
  ASSERT_EQ(messages.size(), 3U);
  EXPECT_EQ(json::parse(messages[0]), json::parse(R"({"text":" ","context_id":"7"})"));
  EXPECT_EQ(json::parse(messages[1]),
            json::parse(R"({"text":"Hello there. ","context_id":"7","flush":true})"));
  EXPECT_EQ(json::parse(messages[2]), json::parse(R"({"context_id":"7","close_context":true})"));
  EXPECT_EQ(json::parse(speak_messages("8", "Ends with a space. ")[1]).at("text"),
            "Ends with a space. ");
  EXPECT_EQ(json::parse(close_socket_message()), json::parse(R"({"close_socket":true})"));
}

TEST(ElevenLabsSocketProtocolTest, DecodesAudioAndFinalMessages) {
  const std::string pcm("\x01\x00\xff\x7f", 4);
  auto audio = decode_socket_message(
      R"({"audio":")" + crypto::base64_encode(pcm) +
      R"(","normalizedAlignment":null,"alignment":{"charStartTimesMs":[0],"charDurationsMs":[50],"chars":["H"]},"contextId":"7"})");
  ASSERT_TRUE(audio.ok()) << audio.error().message;
  EXPECT_EQ(audio->kind, Kind::kChunk);
  EXPECT_EQ(audio->context_id, "7");
  EXPECT_EQ(audio->samples, (std::vector<std::int16_t>{1, 32767}));

  auto final = decode_socket_message(R"({"isFinal":true,"contextId":"7"})");
  ASSERT_TRUE(final.ok());
  EXPECT_EQ(final->kind, Kind::kDone);
  EXPECT_EQ(final->context_id, "7");

  auto empty = decode_socket_message(R"({"audio":null,"isFinal":null,"contextId":"7"})");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->kind, Kind::kOther);
}

TEST(ElevenLabsSocketProtocolTest, ErrorsAndBrokenMessages) {
  auto error = decode_socket_message(
      R"({"error":"invalid_request","message":"voice not found","code":1008,"contextId":"3"})");
  ASSERT_TRUE(error.ok());
  EXPECT_EQ(error->kind, Kind::kError);
  EXPECT_EQ(error->context_id, "3");
  EXPECT_EQ(error->error, "invalid_request: voice not found");
  EXPECT_EQ(error->status_code, 1008);
  for (const char* bad : {"not json", "[]", R"({"audio":"%%%","contextId":"1"})",
                          R"({"audio":"AQ==","contextId":"1"})"}) {
    EXPECT_FALSE(decode_socket_message(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace ovos::providers::elevenlabs
