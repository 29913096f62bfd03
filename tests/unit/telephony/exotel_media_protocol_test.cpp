// Exotel AgentStream messages, on the shapes of Exotel's documented examples:
// https://developer.exotel.com/docs/agentstream/websocket-protocol (the current reference) and
// github.com/exotel/Agent-Stream docs/reference/WEBSOCKET_PROTOCOL.md (the older one, which
// writes some numbers as numbers and leaves stream_sid out of most messages).
#include "telephony/exotel/exotel_media_protocol.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "crypto/base64.h"
#include "media_message_test_support.h"

namespace ovos::telephony::exotel {
namespace {

namespace json = boost::json;

template <typename T>
T parse_as(std::string_view text) {
  return testing::event_as<T>(parse_exotel_message(text), text);
}

std::string error_for(std::string_view text) {
  return testing::error_of(parse_exotel_message(text));
}

std::string replaced(std::string_view text, std::string_view from, std::string_view to) {
  std::string out(text);
  const auto at = out.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) out.replace(at, from.size(), to);
  return out;
}

// The reference's start example, verbatim.
constexpr std::string_view kStart = R"({
  "event": "start",
  "sequence_number": "1",
  "stream_sid": "MZxxxxxxxxxxxxxxxxxxxxxxxx",
  "start": {
    "stream_sid": "MZxxxxxxxxxxxxxxxxxxxxxxxx",
    "call_sid": "CAxxxxxxxxxxxxxxxxxxxxxxxx",
    "account_sid": "ACxxxxxxxxxxxxxxxxxxxxxxxx",
    "from": "+919876543210",
    "to": "+918047491899",
    "custom_parameters": { "key1": "value1" },
    "media_format": {
      "encoding": "audio/x-raw",
      "sample_rate": "8000",
      "bit_rate": "16"
    }
  }
})";

std::string media_with(std::string_view media_members) {
  return R"({"event":"media","sequence_number":"3","stream_sid":"MZ1","media":{)" +
         std::string(media_members) + "}}";
}

TEST(ExotelMediaProtocol, ParsesTheReferencesExamples) {
  parse_as<ConnectedEvent>(R"({ "event": "connected" })");
  parse_as<ConnectedEvent>(
      R"({"event":"connected","protocol":"Exotel Media Stream","version":"1.0.0"})");

  const auto start = parse_as<StartEvent>(kStart);
  EXPECT_EQ(start.stream_sid, "MZxxxxxxxxxxxxxxxxxxxxxxxx");
  EXPECT_EQ(start.call_sid, "CAxxxxxxxxxxxxxxxxxxxxxxxx");
  EXPECT_EQ(start.account_sid, "ACxxxxxxxxxxxxxxxxxxxxxxxx");
  EXPECT_EQ(start.from, "+919876543210");
  EXPECT_EQ(start.to, "+918047491899");
  EXPECT_EQ(start.custom_parameters, (std::map<std::string, std::string>{{"key1", "value1"}}));
  EXPECT_EQ(start.sample_rate, 8000);
  EXPECT_EQ(start.bit_rate, 16);

  const std::vector<std::int16_t> samples = {0, 1, -1, 32767, -32768, 0x1234};
  const std::vector<std::uint8_t> le = {0x00, 0x00, 0x01, 0x00, 0xff, 0xff,
                                        0xff, 0x7f, 0x00, 0x80, 0x34, 0x12};
  const auto media = parse_as<MediaEvent>(media_with(
      R"("chunk":"2","timestamp":"200","payload":")" + crypto::base64_encode(le) + "\""));
  EXPECT_EQ(media.stream_sid, "MZ1");
  EXPECT_EQ(media.chunk, 2);
  EXPECT_EQ(media.timestamp_ms, 200);
  EXPECT_EQ(media.sequence_number, 3);
  EXPECT_EQ(media.samples, samples);

  const auto dtmf = parse_as<DtmfEvent>(
      R"({"event":"dtmf","sequence_number":"7","stream_sid":"MZxxxxxxxxxxxxxxxxxxxxxxxx",
          "dtmf":{"digit":"5","duration":"100"}})");
  EXPECT_EQ(dtmf.stream_sid, "MZxxxxxxxxxxxxxxxxxxxxxxxx");
  EXPECT_EQ(dtmf.digit, '5');
  EXPECT_EQ(dtmf.duration_ms, 100);

  const auto mark = parse_as<MarkEvent>(
      R"({"event":"mark","sequence_number":"15","stream_sid":"MZ1","mark":{"name":"my-label"}})");
  EXPECT_EQ(mark.stream_sid, "MZ1");
  EXPECT_EQ(mark.name, "my-label");

  const auto stop = parse_as<StopEvent>(
      R"({"event":"stop","sequence_number":"20","stream_sid":"MZ1",
          "stop":{"call_sid":"CA1","account_sid":"AC1","reason":"callended"}})");
  EXPECT_EQ(stop.stream_sid, "MZ1");
  EXPECT_EQ(stop.call_sid, "CA1");
  EXPECT_EQ(stop.reason, "callended");
}

TEST(ExotelMediaProtocol, ParsesTheOlderReferencesShapes) {
  // Numbers as numbers, "linear16", stream_sid only inside start.
  const auto start = parse_as<StartEvent>(R"({"event":"start","sequence_number":"1","start":{
      "stream_sid":"MZ9","call_sid":"abc123","account_sid":"xyz789",
      "media_format":{"encoding":"linear16","sample_rate":16000,"bit_rate":16},
      "custom_parameters":{"campaign_id":"12345"}}})");
  EXPECT_EQ(start.stream_sid, "MZ9");
  EXPECT_EQ(start.sample_rate, 16000);
  EXPECT_EQ(start.custom_parameters.at("campaign_id"), "12345");
  EXPECT_TRUE(start.from.empty());

  const auto media = parse_as<MediaEvent>(
      R"({"event":"media","sequence_number":2,"media":{"chunk":1,"timestamp":"1234567890",)"
      R"("payload":"AQA="}})");
  EXPECT_EQ(media.stream_sid, "");
  EXPECT_EQ(media.chunk, 1);
  EXPECT_EQ(media.timestamp_ms, 1234567890);
  EXPECT_EQ(media.samples, (std::vector<std::int16_t>{1}));
  EXPECT_EQ(
      parse_as<DtmfEvent>(R"({"event":"dtmf","dtmf":{"digit":"#","duration":200}})").duration_ms,
      200);
  EXPECT_EQ(parse_as<DtmfEvent>(R"({"event":"dtmf","dtmf":{"digit":"*"}})").duration_ms, 0);
  EXPECT_EQ(parse_as<MarkEvent>(R"({"event":"mark","mark":{"name":"greeting-complete"}})").name,
            "greeting-complete");
  EXPECT_EQ(parse_as<StopEvent>(R"({"event":"stop","sequence_number":"100","stop":{)"
                                R"("call_sid":"abc123","reason":"caller_hangup"}})")
                .reason,
            "caller_hangup");
  EXPECT_EQ(parse_as<StopEvent>(R"({"event":"stop"})").call_sid, "");

  // Every rate the Voicebot applet offers, and the other names of linear PCM.
  EXPECT_EQ(parse_as<StartEvent>(replaced(kStart, R"("8000")", R"("24000")")).sample_rate, 24000);
  for (const std::string_view name : {"audio/L16;rate=8000", "raw", "AUDIO/X-RAW"}) {
    parse_as<StartEvent>(replaced(kStart, "audio/x-raw", name));
  }
  parse_as<StartEvent>(replaced(kStart, R"("encoding": "audio/x-raw",)", ""));
  parse_as<StartEvent>(replaced(kStart, R"(,
      "bit_rate": "16")",
                                ""));
}

TEST(ExotelMediaProtocol, RefusesBadEnvelopesAndStarts) {
  EXPECT_NE(error_for("{").find("bad Exotel message: not valid JSON"), std::string::npos);
  EXPECT_NE(error_for(R"("start")").find("not a JSON object"), std::string::npos);
  EXPECT_NE(error_for(R"({"Event":"start"})").find("no string 'event'"), std::string::npos);
  EXPECT_NE(error_for(R"({"event":"clear","stream_sid":"MZ1"})").find("unknown event 'clear'"),
            std::string::npos);
  EXPECT_NE(error_for(std::string(kMaxMessageBytes + 1, ' ')).find("larger than"),
            std::string::npos);

  EXPECT_NE(error_for(R"({"event":"start","stream_sid":"MZ1"})").find("start must be an object"),
            std::string::npos);
  std::string no_sid = replaced(kStart, R"("stream_sid": "MZxxxxxxxxxxxxxxxxxxxxxxxx",)", "");
  no_sid = replaced(no_sid, R"("stream_sid": "MZxxxxxxxxxxxxxxxxxxxxxxxx",)", "");
  EXPECT_NE(error_for(no_sid).find("start.stream_sid must be a non-empty string"),
            std::string::npos);
  EXPECT_NE(error_for(replaced(kStart, R"("call_sid": "CAxxxxxxxxxxxxxxxxxxxxxxxx",)", ""))
                .find("start.call_sid must be a non-empty string"),
            std::string::npos);
  EXPECT_NE(error_for(replaced(kStart, R"("value1")", "1")).find("custom_parameters.key1"),
            std::string::npos);
  EXPECT_NE(error_for(replaced(kStart, R"({ "key1": "value1" })", R"(["k"])"))
                .find("start.custom_parameters must be an object of strings"),
            std::string::npos);
  EXPECT_NE(error_for(replaced(kStart, "media_format", "mediaFormat"))
                .find("start.media_format must be an object"),
            std::string::npos);
  EXPECT_NE(error_for(replaced(kStart, "audio/x-raw", "audio/x-mulaw"))
                .find("encoding must name 16-bit linear PCM"),
            std::string::npos);
  EXPECT_NE(error_for(replaced(kStart, R"("audio/x-raw")", "16")).find("encoding"),
            std::string::npos);
  for (const std::string_view rate : {R"("44100")", R"("8k")", "8000.0", R"("-8000")"}) {
    EXPECT_NE(error_for(replaced(kStart, R"("8000")", rate)).find("start.media_format.sample_rate"),
              std::string::npos)
        << rate;
  }
  EXPECT_NE(
      error_for(replaced(kStart, R"("sample_rate": "8000",)", "")).find("sample_rate is missing"),
      std::string::npos);
  EXPECT_NE(error_for(replaced(kStart, R"("bit_rate": "16")", R"("bit_rate": "8")"))
                .find("bit_rate must be 16, not 8"),
            std::string::npos);
}

TEST(ExotelMediaProtocol, RefusesBadMediaDtmfMarkAndStop) {
  EXPECT_NE(error_for(R"({"event":"media","stream_sid":"MZ1"})").find("media must be an object"),
            std::string::npos);
  EXPECT_NE(error_for(media_with(R"("chunk":"1")")).find("media.payload must be a string"),
            std::string::npos);
  EXPECT_NE(error_for(media_with(R"("payload":"AQ=")")).find("not base64"), std::string::npos);
  EXPECT_NE(error_for(media_with(R"("payload":"AQID")")).find("odd byte count (3)"),
            std::string::npos);
  EXPECT_NE(error_for(media_with(R"("payload":")" + std::string(64004, 'A') + "\""))
                .find("longer than 48000 bytes"),
            std::string::npos);
  EXPECT_NE(error_for(media_with(R"("payload":"","chunk":"two")")).find("media.chunk"),
            std::string::npos);
  EXPECT_NE(error_for(media_with(R"("payload":"","timestamp":-1)")).find("media.timestamp"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"event":"media","sequence_number":"x","media":{"payload":""}})")
                .find("message.sequence_number must be a non-negative integer"),
            std::string::npos);

  EXPECT_NE(error_for(R"({"event":"dtmf"})").find("dtmf must be an object"), std::string::npos);
  EXPECT_NE(error_for(R"({"event":"dtmf","dtmf":{"digit":"10"}})").find("dtmf.digit must be one"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"event":"dtmf","dtmf":{"digit":5}})").find("dtmf.digit"),
            std::string::npos);
  EXPECT_NE(
      error_for(R"({"event":"dtmf","dtmf":{"digit":"5","duration":"-100"}})").find("dtmf.duration"),
      std::string::npos);
  EXPECT_NE(error_for(R"({"event":"dtmf","dtmf":{"digit":"5","duration":"9999999999"}})")
                .find("dtmf.duration is too large"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"event":"mark","mark":"m"})").find("mark must be an object"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"event":"mark","mark":{"name":""}})").find("mark.name"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"event":"stop","stop":"callended"})").find("stop must be an object"),
            std::string::npos);
}

TEST(ExotelMediaProtocol, WritesTheThreeMessagesExotelTakes) {
  const std::vector<std::int16_t> samples = {0, 1, -1, 32767, -32768, 0x1234};
  const json::value media = json::parse(media_message("MZ1", samples));
  EXPECT_EQ(media.at("event"), "media");
  EXPECT_EQ(media.at("stream_sid"), "MZ1");
  const auto bytes = crypto::base64_decode(media.at("media").at("payload").as_string());
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, std::string("\x00\x00\x01\x00\xff\xff\xff\x7f\x00\x80\x34\x12", 12));
  // What the server writes, Exotel (and our parser) reads back.
  const auto echoed = parse_exotel_message(media_message("MZ1", samples));
  ASSERT_TRUE(echoed.ok());
  EXPECT_EQ(std::get<MediaEvent>(*echoed).samples, samples);

  // The reference's outbound examples.
  EXPECT_EQ(json::parse(mark_message("MZxxxxxxxxxxxxxxxxxxxxxxxx", "turn-3-end")),
            json::parse(R"({"event":"mark","stream_sid":"MZxxxxxxxxxxxxxxxxxxxxxxxx",
                            "mark":{"name":"turn-3-end"}})"));
  EXPECT_EQ(json::parse(clear_message("MZxxxxxxxxxxxxxxxxxxxxxxxx")),
            json::parse(R"({"event":"clear","stream_sid":"MZxxxxxxxxxxxxxxxxxxxxxxxx"})"));
  const auto mark = parse_exotel_message(mark_message("MZ1", "m-1"));
  ASSERT_TRUE(mark.ok());
  EXPECT_EQ(std::get<MarkEvent>(*mark).name, "m-1");
}

}  // namespace
}  // namespace ovos::telephony::exotel
