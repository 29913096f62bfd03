// Twilio Media Streams messages, on the shapes of Twilio's documented examples.
#include "telephony/twilio/twilio_media_protocol.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "crypto/base64.h"
#include "media_message_test_support.h"

namespace ovos::telephony::twilio {
namespace {

namespace json = boost::json;

template <typename T>
T parse_as(std::string_view text) {
  return testing::event_as<T>(parse_twilio_message(text), text);
}

std::string error_for(std::string_view text) {
  return testing::error_of(parse_twilio_message(text));
}

constexpr std::string_view kStart = R"({
  "event": "start", "sequenceNumber": "1",
  "start": {
    "accountSid": "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "streamSid": "MZ18ad3ab5a668481ce02b83e7395059f0",
    "callSid": "CAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "tracks": ["inbound", "outbound"],
    "customParameters": {"call_id": "0192f0c2-1111", "token": "abc"},
    "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1}
  },
  "streamSid": "MZ18ad3ab5a668481ce02b83e7395059f0"
})";

TEST(TwilioMediaProtocol, ParsesEveryEventTwilioSends) {
  const auto connected =
      parse_as<ConnectedEvent>(R"({"event":"connected","protocol":"Call","version":"1.0.0"})");
  EXPECT_EQ(connected.protocol, "Call");
  EXPECT_EQ(connected.version, "1.0.0");

  const auto start = parse_as<StartEvent>(kStart);
  EXPECT_EQ(start.stream_sid, "MZ18ad3ab5a668481ce02b83e7395059f0");
  EXPECT_EQ(start.call_sid, "CAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
  EXPECT_EQ(start.tracks, (std::vector<std::string>{"inbound", "outbound"}));
  EXPECT_EQ(start.custom_parameters.at("call_id"), "0192f0c2-1111");
  EXPECT_EQ(start.sample_rate, 8000);

  std::vector<std::uint8_t> frame(160);
  for (std::size_t i = 0; i < frame.size(); ++i)
    frame[i] = static_cast<std::uint8_t>(i * 7);
  const std::string media_text =
      R"({"event":"media","sequenceNumber":"3","media":{"track":"inbound","chunk":"2",)"
      R"("timestamp":"5120","payload":")" +
      crypto::base64_encode(frame) + R"("},"streamSid":"MZ1"})";
  const auto media = parse_as<MediaEvent>(media_text);
  EXPECT_EQ(media.stream_sid, "MZ1");
  EXPECT_EQ(media.track, "inbound");
  EXPECT_EQ(media.chunk, 2);
  EXPECT_EQ(media.timestamp_ms, 5120);
  EXPECT_EQ(media.mulaw, frame);

  EXPECT_EQ(
      parse_as<DtmfEvent>(
          R"({"event":"dtmf","streamSid":"MZ1","sequenceNumber":"5","dtmf":{"track":"inbound_track","digit":"#"}})")
          .digit,
      '#');
  EXPECT_EQ(
      parse_as<MarkEvent>(
          R"({"event":"mark","sequenceNumber":"4","streamSid":"MZ1","mark":{"name":"turn-1-piece-0"}})")
          .name,
      "turn-1-piece-0");
  const auto stop = parse_as<StopEvent>(
      R"({"event":"stop","sequenceNumber":"5","streamSid":"MZ1","stop":{"accountSid":"AC1","callSid":"CA1"}})");
  EXPECT_EQ(stop.call_sid, "CA1");
}

TEST(TwilioMediaProtocol, RefusesBadMessagesWithClearReasons) {
  EXPECT_NE(error_for("nope").find("not valid JSON"), std::string::npos);
  EXPECT_NE(error_for("[]").find("not a JSON object"), std::string::npos);
  EXPECT_NE(error_for(R"({"type":"media"})").find("no string 'event'"), std::string::npos);
  EXPECT_NE(error_for(R"({"event":"launch"})").find("unknown event 'launch'"), std::string::npos);
  EXPECT_NE(error_for(R"({"event":"media","streamSid":"MZ1","media":{"payload":"***"}})")
                .find("not base64"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"event":"media","streamSid":"MZ1","media":{"payload":")" +
                      std::string(20000, 'A') + R"("}})")
                .find("longer than"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"event":"media","media":{"payload":""}})").find("streamSid"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"event":"media","streamSid":"MZ1","media":{"payload":"","chunk":"-1"}})")
                .find("media.chunk"),
            std::string::npos);
  std::string alaw(kStart);
  alaw.replace(alaw.find("audio/x-mulaw"), 13, "audio/x-alaw");
  EXPECT_NE(error_for(alaw).find("mediaFormat"), std::string::npos);
  std::string wideband(kStart);
  wideband.replace(wideband.find("8000"), 4, "16000");
  EXPECT_NE(error_for(wideband).find("mediaFormat"), std::string::npos);
  EXPECT_NE(error_for(R"({"event":"dtmf","streamSid":"MZ1","dtmf":{"digit":"55"}})").find("digit"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"event":"mark","streamSid":"MZ1","mark":{}})").find("mark.name"),
            std::string::npos);
  EXPECT_NE(error_for(std::string(kMaxMessageBytes + 1, ' ')).find("larger than"),
            std::string::npos);
}

TEST(TwilioMediaProtocol, WritesTheThreeMessagesTwilioTakes) {
  const std::vector<std::uint8_t> mulaw = {0xff, 0x7f, 0x00, 0x80};
  const json::value media = json::parse(media_message("MZ1", mulaw));
  EXPECT_EQ(media.at("event"), "media");
  EXPECT_EQ(media.at("streamSid"), "MZ1");
  const auto payload = crypto::base64_decode(media.at("media").at("payload").as_string());
  ASSERT_TRUE(payload.ok());
  EXPECT_EQ(std::vector<std::uint8_t>(payload->begin(), payload->end()), mulaw);
  EXPECT_EQ(json::parse(mark_message("MZ1", "m-1")),
            json::parse(R"({"event":"mark","streamSid":"MZ1","mark":{"name":"m-1"}})"));
  EXPECT_EQ(json::parse(clear_message("MZ1")),
            json::parse(R"({"event":"clear","streamSid":"MZ1"})"));
  // What the server writes, Twilio's side (and our parser) reads back.
  const auto echoed = parse_twilio_message(mark_message("MZ1", "m-1"));
  ASSERT_TRUE(echoed.ok());
  EXPECT_EQ(std::get<MarkEvent>(*echoed).name, "m-1");
}

}  // namespace
}  // namespace ovos::telephony::twilio
