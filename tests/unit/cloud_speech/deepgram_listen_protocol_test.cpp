// Deepgram's live transcription messages, decoded from the examples of its documentation.

#include "providers/stt/deepgram/deepgram_listen_protocol.h"

#include <gtest/gtest.h>

namespace ovos::providers::deepgram {
namespace {

using Kind = ListenMessage::Kind;

// The shape of the streaming "Results" response in Deepgram's API reference.
constexpr std::string_view kResults = R"({
  "type": "Results",
  "channel_index": [0, 1],
  "duration": 1.039875,
  "start": 0.0,
  "is_final": true,
  "speech_final": true,
  "channel": {
    "alternatives": [
      {
        "transcript": "another big",
        "confidence": 0.9600255,
        "words": [
          {"word": "another", "start": 0.2971154, "end": 0.7971154, "confidence": 0.9588303,
           "punctuated_word": "Another"},
          {"word": "big", "start": 0.85173076, "end": 1.039875, "confidence": 0.9600255,
           "punctuated_word": "big"}
        ]
      }
    ]
  },
  "metadata": {
    "request_id": "5d3c1b0e-6a3f-4a7b-9d1e-1f6c7d1d9a10",
    "model_info": {"name": "2-general-nova", "version": "2024-01-18.26916", "arch": "nova-2"},
    "model_uuid": "c0d1a568-ce81-4fea-97e7-bd45cb1fdf3c"
  },
  "from_finalize": false
})";

TEST(DeepgramListenProtocol, ReadsTheDocumentedResultsMessage) {
  auto message = decode_listen_message(kResults);
  ASSERT_TRUE(message.ok()) << message.error().message;
  EXPECT_EQ(message->kind, Kind::kResults);
  EXPECT_EQ(message->transcript, "another big");
  EXPECT_DOUBLE_EQ(message->confidence, 0.9600255);
  EXPECT_TRUE(message->is_final);
  EXPECT_TRUE(message->speech_final);
  EXPECT_FALSE(message->from_finalize);
  EXPECT_DOUBLE_EQ(message->duration, 1.039875);
  EXPECT_EQ(message->request_id, "5d3c1b0e-6a3f-4a7b-9d1e-1f6c7d1d9a10");
}

TEST(DeepgramListenProtocol, ReadsAnInterimResultAndOneFromFinalize) {
  auto interim = decode_listen_message(
      R"({"type":"Results","is_final":false,"speech_final":false,)"
      R"("channel":{"alternatives":[{"transcript":"anoth","confidence":0.5,"words":[]}]}})");
  ASSERT_TRUE(interim.ok());
  EXPECT_FALSE(interim->is_final);
  EXPECT_EQ(interim->transcript, "anoth");
  auto finalized = decode_listen_message(
      R"({"type":"Results","is_final":true,"speech_final":false,"from_finalize":true,)"
      R"("channel":{"alternatives":[{"transcript":"","confidence":0.0,"words":[]}]}})");
  ASSERT_TRUE(finalized.ok());
  EXPECT_TRUE(finalized->from_finalize);
  EXPECT_EQ(finalized->transcript, "");
}

TEST(DeepgramListenProtocol, ReadsUtteranceEndSpeechStartedAndMetadata) {
  // The examples of the Utterance End and Speech Started pages.
  auto end = decode_listen_message(
      R"({"channel": [0, 1], "last_word_end": 2.395, "type": "UtteranceEnd"})");
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(end->kind, Kind::kUtteranceEnd);
  EXPECT_DOUBLE_EQ(end->last_word_end, 2.395);
  auto started =
      decode_listen_message(R"({"type": "SpeechStarted", "channel": [0, 1], "timestamp": 9.54})");
  ASSERT_TRUE(started.ok());
  EXPECT_EQ(started->kind, Kind::kSpeechStarted);
  EXPECT_DOUBLE_EQ(started->timestamp, 9.54);
  auto metadata = decode_listen_message(
      R"({"type":"Metadata","transaction_key":"deprecated","request_id":"a1b2","sha256":"",)"
      R"("created":"2024-08-29T22:11:23.519Z","duration":2.5,"channels":1})");
  ASSERT_TRUE(metadata.ok());
  EXPECT_EQ(metadata->kind, Kind::kMetadata);
  EXPECT_EQ(metadata->request_id, "a1b2");
}

TEST(DeepgramListenProtocol, ReadsErrorsAndKeepsUnknownTypes) {
  auto error = decode_listen_message(
      R"({"type":"Error","description":"Failed to decode audio.","variant":"DATA-0000"})");
  ASSERT_TRUE(error.ok());
  EXPECT_EQ(error->kind, Kind::kError);
  EXPECT_EQ(error->description, "DATA-0000: Failed to decode audio.");
  auto other = decode_listen_message(R"({"type":"SomethingNew","x":1})");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->kind, Kind::kOther);
  EXPECT_EQ(other->type, "SomethingNew");
}

TEST(DeepgramListenProtocol, RefusesMalformedMessages) {
  for (std::string_view bad : {"", "not json", "[1,2]", R"({"no":"type"})", R"({"type":7})",
                               R"({"type":"Results"})", R"({"type":"Results","channel":{}})",
                               R"({"type":"Results","channel":{"alternatives":{}}})"}) {
    auto decoded = decode_listen_message(bad);
    EXPECT_FALSE(decoded.ok()) << bad;
    if (!decoded.ok()) {
      EXPECT_EQ(decoded.error().code, core::ErrorCode::kInvalidArgument) << bad;
    }
  }
}

TEST(DeepgramListenProtocol, ClientMessagesAreTheDocumentedOnes) {
  EXPECT_EQ(keep_alive_message(), R"({"type":"KeepAlive"})");
  EXPECT_EQ(finalize_message(), R"({"type":"Finalize"})");
  EXPECT_EQ(close_stream_message(), R"({"type":"CloseStream"})");
  EXPECT_EQ(authorization("abc123"), "Token abc123");
}

TEST(DeepgramListenProtocol, UrlCarriesEveryParameter) {
  ListenParams params;
  params.model = "nova-2-phonecall";
  params.language = "en-US";
  params.sample_rate = 8000;
  params.endpointing_ms = 300;
  params.keywords = {"Acme:2", "order number"};
  EXPECT_EQ(listen_url("wss://api.deepgram.com", params),
            "wss://api.deepgram.com/v1/listen?model=nova-2-phonecall&language=en-US"
            "&encoding=linear16&sample_rate=8000&channels=1&interim_results=true"
            "&endpointing=300&utterance_end_ms=1000&vad_events=true"
            "&keywords=Acme%3A2&keywords=order%20number");
}

TEST(DeepgramListenProtocol, Nova3TakesKeytermsAndDefaultsAreLeftOut) {
  ListenParams params;
  params.model = "nova-3";
  params.keywords = {"Acme"};
  params.interim_results = false;
  params.vad_events = false;
  EXPECT_EQ(listen_url("ws://127.0.0.1:9", params),
            "ws://127.0.0.1:9/v1/listen?model=nova-3&encoding=linear16&sample_rate=16000"
            "&channels=1&interim_results=false&vad_events=false&keyterm=Acme");
}

TEST(DeepgramListenProtocol, DescribesBothErrorBodyShapes) {
  EXPECT_EQ(describe_error_body(R"({"err_code":"INVALID_AUTH","err_msg":"Invalid credentials.",)"
                                R"("request_id":"x"})"),
            "INVALID_AUTH: Invalid credentials.");
  EXPECT_EQ(describe_error_body(R"({"category":"INSUFFICIENT_PERMISSIONS","message":"No access",)"
                                R"("details":"","request_id":"x"})"),
            "INSUFFICIENT_PERMISSIONS: No access");
  EXPECT_EQ(describe_error_body("upstream timeout"), "upstream timeout");
}

}  // namespace
}  // namespace ovos::providers::deepgram
