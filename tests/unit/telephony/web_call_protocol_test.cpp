#include "telephony/web/web_call_protocol.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace ovos::telephony::web {
namespace {

namespace json = boost::json;

template <typename T>
T parse_as(std::string_view text) {
  auto parsed = parse_text_message(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message);
  EXPECT_TRUE(std::holds_alternative<T>(*parsed)) << text;
  return std::get<T>(*parsed);
}

std::string error_for(std::string_view text) {
  const auto parsed = parse_text_message(text);
  EXPECT_FALSE(parsed.ok()) << text << " should be refused";
  return parsed.ok() ? "" : parsed.error().message;
}

TEST(WebCallProtocol, ParsesEveryClientMessage) {
  const auto start = parse_as<StartMessage>(
      R"({"type":"start","sample_rate":48000,"output_sample_rate":24000,"variables":{"name":"Ada"}})");
  EXPECT_EQ(start.input_sample_rate, 48000);
  EXPECT_EQ(start.output_sample_rate, 24000);
  EXPECT_EQ(start.variables.at("name"), "Ada");
  const auto defaults = parse_as<StartMessage>(R"({"type":"start"})");
  EXPECT_EQ(defaults.input_sample_rate, 16000);
  EXPECT_EQ(defaults.output_sample_rate, 16000);
  EXPECT_EQ(parse_as<DtmfMessage>(R"({"type":"dtmf","digit":"#"})").digit, '#');
  EXPECT_EQ(parse_as<EventMessage>(R"({"type":"event","name":"payment.received_2"})").name,
            "payment.received_2");
  EXPECT_EQ(parse_as<PlayedMessage>(R"({"type":"played","mark":"turn-3-chunk-7"})").mark,
            "turn-3-chunk-7");
  parse_as<StopMessage>(R"({"type":"stop"})");
  parse_as<PingMessage>(R"({"type":"ping"})");
}

TEST(WebCallProtocol, RefusesBadMessagesWithClearReasons) {
  EXPECT_NE(error_for("not json").find("not valid JSON"), std::string::npos);
  EXPECT_NE(error_for("[1]").find("JSON object"), std::string::npos);
  EXPECT_NE(error_for(R"({"kind":"start"})").find("'type'"), std::string::npos);
  EXPECT_NE(error_for(R"({"type":"launch"})").find("unknown message type 'launch'"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"type":"start","sample_rate":11025})").find("sample_rate"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"type":"start","sample_rate":"16000"})").find("sample_rate"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"type":"start","variables":{"a":1}})").find("variable 'a'"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"type":"start","rate":16000})").find("unknown field 'rate'"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"type":"dtmf","digit":"55"})").find("digit"), std::string::npos);
  EXPECT_NE(error_for(R"({"type":"dtmf","digit":"x"})").find("digit"), std::string::npos);
  EXPECT_NE(error_for(R"({"type":"played","mark":""})").find("mark"), std::string::npos);
  for (const char* bad : {R"({"type":"event"})", R"({"type":"event","name":""})",
                          R"({"type":"event","name":"a b"})", R"({"type":"event","name":7})"}) {
    EXPECT_NE(error_for(bad).find("name must be"), std::string::npos) << bad;
  }
  EXPECT_NE(
      error_for(R"({"type":"event","name":")" + std::string(65, 'a') + "\"}").find("name must be"),
      std::string::npos);
  EXPECT_NE(error_for(R"({"type":"stop","now":true})").find("unknown field 'now'"),
            std::string::npos);
  EXPECT_NE(error_for(std::string(kMaxTextMessageBytes + 1, ' ')).find("larger than"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"type":"start","variables":{"a":[[[[[[[[[[1]]]]]]]]]]}})")
                .find("not valid JSON"),
            std::string::npos)
      << "nesting depth is bounded";
}

TEST(WebCallProtocol, AudioIsLittleEndianPcm16WithinLimits) {
  const std::vector<std::uint8_t> bytes = {0x01, 0x00, 0xff, 0x7f, 0x00, 0x80, 0xff, 0xff};
  const auto parsed = parse_binary_message(bytes);
  ASSERT_TRUE(parsed.ok());
  const auto& samples = std::get<AudioMessage>(*parsed).samples;
  EXPECT_EQ(samples, (std::vector<std::int16_t>{1, 32767, -32768, -1}));
  EXPECT_EQ(audio_bytes(samples), bytes) << "round trip";
  EXPECT_FALSE(parse_binary_message(std::vector<std::uint8_t>(3)).ok());
  EXPECT_FALSE(parse_binary_message(std::vector<std::uint8_t>(kMaxAudioMessageBytes + 2)).ok());
  EXPECT_TRUE(parse_binary_message(std::vector<std::uint8_t>(kMaxAudioMessageBytes)).ok());
}

TEST(WebCallProtocol, ServerMessagesAreJsonObjects) {
  const auto ready = json::parse(ready_message("call-1", 16000, 24000));
  EXPECT_EQ(ready.at("type"), "ready");
  EXPECT_EQ(ready.at("output_sample_rate"), 24000);
  const auto t = json::parse(transcript_message(Speaker::kAgent, "Hello \"there\"", true, 2));
  EXPECT_EQ(t.at("role"), "agent");
  EXPECT_EQ(t.at("text"), "Hello \"there\"");
  EXPECT_EQ(t.at("final"), true);
  const auto l = json::parse(latency_message({3, 120, 300, -1, 510}));
  EXPECT_EQ(l.at("stt_ms"), 120);
  EXPECT_TRUE(l.at("tts_ms").is_null());
  EXPECT_EQ(json::parse(clear_message()).at("type"), "clear");
  EXPECT_EQ(json::parse(mark_message("m1")).at("name"), "m1");
  EXPECT_EQ(json::parse(error_message("bad_message", "digit must be…")).at("code"), "bad_message");
  EXPECT_EQ(json::parse(end_message("hangup_after_silence")).at("reason"), "hangup_after_silence");
  EXPECT_EQ(json::parse(pong_message()).at("type"), "pong");
}

}  // namespace
}  // namespace ovos::telephony::web
