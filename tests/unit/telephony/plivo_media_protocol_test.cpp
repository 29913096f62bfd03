// Plivo Audio Streaming messages, on the shapes of Plivo's documented examples:
// https://www.plivo.com/docs/voice/audio-streaming/audio-streaming (start, media),
// https://www.plivo.com/docs/voice/xml/the-stream-element/checkpoint-event/ (checkpoint,
// playedStream), https://support.plivo.com/hc/en-us/articles/32800291247001 (clearAudio,
// clearedAudio), https://support.plivo.com/hc/en-us/articles/32800564168345 ("played").
#include "telephony/plivo/plivo_media_protocol.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "crypto/base64.h"
#include "media_message_test_support.h"

namespace ovos::telephony::plivo {
namespace {

namespace json = boost::json;

template <typename T>
T parse_as(std::string_view text) {
  return testing::event_as<T>(parse_plivo_message(text), text);
}

std::string error_for(std::string_view text) {
  return testing::error_of(parse_plivo_message(text));
}

// Plivo's start example, verbatim.
constexpr std::string_view kStart = R"({
  "event": "start",
  "sequenceNumber": 1,
  "start": {
    "callId": "12345678-1234-1234-1234-123456789abc",
    "streamId": "87654321-4321-4321-4321-cba987654321",
    "accountId": "MAXXXXXXXXXXXXXXXXXX",
    "tracks": ["inbound"],
    "mediaFormat": {
      "encoding": "audio/x-mulaw",
      "sampleRate": 8000
    }
  },
  "extra_headers": "userId=12345;sessionId=abc-xyz"
})";

std::string replaced(std::string_view text, std::string_view from, std::string_view to) {
  std::string out(text);
  const auto at = out.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) out.replace(at, from.size(), to);
  return out;
}

std::string media_with(std::string_view media_members) {
  return R"({"event":"media","sequenceNumber":42,"streamId":"S1","media":{)" +
         std::string(media_members) + "}}";
}

TEST(PlivoMediaProtocol, ParsesPlivosStartExample) {
  const auto start = parse_as<StartEvent>(kStart);
  EXPECT_EQ(start.call_id, "12345678-1234-1234-1234-123456789abc");
  EXPECT_EQ(start.stream_id, "87654321-4321-4321-4321-cba987654321");
  EXPECT_EQ(start.account_id, "MAXXXXXXXXXXXXXXXXXX");
  EXPECT_EQ(start.tracks, (std::vector<std::string>{"inbound"}));
  EXPECT_EQ(start.encoding, AudioEncoding::kMulaw);
  EXPECT_EQ(start.sample_rate, 8000);
  EXPECT_EQ(start.extra_headers,
            (std::map<std::string, std::string>{{"userId", "12345"}, {"sessionId", "abc-xyz"}}));

  // L16 at 16 kHz, the rate written as a string (Bolna writes sampleRate "8000").
  const auto wide =
      parse_as<StartEvent>(replaced(replaced(kStart, "audio/x-mulaw", "audio/x-l16"),
                                    R"("sampleRate": 8000)", R"("sampleRate": "16000")"));
  EXPECT_EQ(wide.encoding, AudioEncoding::kL16);
  EXPECT_EQ(wide.sample_rate, 16000);
  // Case and parameters of the MIME name do not matter; the rate is sampleRate's.
  EXPECT_EQ(
      parse_as<StartEvent>(replaced(kStart, "audio/x-mulaw", "Audio/X-L16;rate=8000")).encoding,
      AudioEncoding::kL16);
}

TEST(PlivoMediaProtocol, ReadsExtraHeadersInEveryDocumentedShape) {
  const auto headers_of = [](std::string_view value) {
    return parse_as<StartEvent>(replaced(kStart, R"("userId=12345;sessionId=abc-xyz")", value))
        .extra_headers;
  };
  using Headers = std::map<std::string, std::string>;
  // The XML reference's attribute example, comma-separated.
  EXPECT_EQ(headers_of(R"("test1=12,test2=123")"), (Headers{{"test1", "12"}, {"test2", "123"}}));
  EXPECT_EQ(headers_of(R"(" a = 1 ; b=2;; c= ")"), (Headers{{"a", "1"}, {"b", "2"}, {"c", ""}}));
  EXPECT_EQ(headers_of(R"({"call_id":"c1"})"), (Headers{{"call_id", "c1"}}));
  EXPECT_NE(error_for(replaced(kStart, R"("userId=12345;sessionId=abc-xyz")", R"({"n":1})"))
                .find("message.extra_headers.n must be a string"),
            std::string::npos);
  EXPECT_EQ(headers_of(R"("")"), Headers{});
  EXPECT_EQ(headers_of("null"), Headers{});
  EXPECT_NE(error_for(replaced(kStart, "userId=12345;sessionId=abc-xyz", "userId=1;oops"))
                .find("extra_headers has 'oops', not key=value"),
            std::string::npos);
  EXPECT_NE(error_for(replaced(kStart, "userId=12345;sessionId=abc-xyz", "=1")).find("key=value"),
            std::string::npos);
  EXPECT_NE(error_for(replaced(kStart, R"("userId=12345;sessionId=abc-xyz")", "7"))
                .find("extra_headers must be a string of key=value pairs or an object of strings"),
            std::string::npos);
  const std::string without =
      replaced(kStart, ",\n  \"extra_headers\": \"userId=12345;sessionId=abc-xyz\"", "");
  EXPECT_TRUE(parse_as<StartEvent>(without).extra_headers.empty());
}

TEST(PlivoMediaProtocol, ParsesMediaInBothNumberShapes) {
  std::vector<std::uint8_t> frame(160);
  for (std::size_t i = 0; i < frame.size(); ++i)
    frame[i] = static_cast<std::uint8_t>(i * 5);
  const std::string payload = crypto::base64_encode(frame);
  // Plivo's media example: chunk and sequenceNumber numbers, timestamp a string of Unix ms.
  const auto media = parse_as<MediaEvent>(media_with(
      R"("track":"inbound","timestamp":"1705312200000","chunk":41,"payload":")" + payload + "\""));
  EXPECT_EQ(media.stream_id, "S1");
  EXPECT_EQ(media.track, "inbound");
  EXPECT_EQ(media.chunk, 41);
  EXPECT_EQ(media.timestamp_ms, 1705312200000);
  EXPECT_EQ(media.sequence_number, 42);
  EXPECT_EQ(media.payload, frame);

  const auto swapped =
      parse_as<MediaEvent>(R"({"event":"media","sequenceNumber":"7","streamId":"S1","media":{)"
                           R"("timestamp":1705312200020,"chunk":"42","payload":""}})");
  EXPECT_EQ(swapped.chunk, 42);
  EXPECT_EQ(swapped.timestamp_ms, 1705312200020);
  EXPECT_EQ(swapped.sequence_number, 7);
  EXPECT_EQ(swapped.track, "inbound");  // the default
  EXPECT_TRUE(swapped.payload.empty());
}

TEST(PlivoMediaProtocol, ParsesDtmfAndTheAcknowledgements) {
  const auto dtmf = parse_as<DtmfEvent>(R"({"event":"dtmf","streamId":"S1","dtmf":{"digit":"#"}})");
  EXPECT_EQ(dtmf.stream_id, "S1");
  EXPECT_EQ(dtmf.digit, '#');
  EXPECT_EQ(
      parse_as<DtmfEvent>(R"({"event":"dtmf","dtmf":{"digit":"D","streamId":"S2"}})").stream_id,
      "S2");

  // The checkpoint page's response, verbatim.
  const auto played = parse_as<PlayedStreamEvent>(R"({
    "event": "playedStream",
    "streamId": "20170ada-f610-433b-8758-c02a2aab3662",
    "name": "customer greeting audio"
  })");
  EXPECT_EQ(played.stream_id, "20170ada-f610-433b-8758-c02a2aab3662");
  EXPECT_EQ(played.name, "customer greeting audio");
  // Plivo's support article calls it "played".
  EXPECT_EQ(parse_as<PlayedStreamEvent>(R"({"event":"played","streamId":"S1","name":"m-1"})").name,
            "m-1");
  EXPECT_EQ(parse_as<PlayedStreamEvent>(R"({"event":"playedStream","name":"m-2"})").stream_id, "");

  // The clearAudio article's response, verbatim.
  EXPECT_EQ(parse_as<ClearedAudioEvent>(R"({
    "sequenceNumber": 0,
    "event": "clearedAudio",
    "streamId": "20170ada-f610-433b-8758-c02a2aab3662"
  })")
                .stream_id,
            "20170ada-f610-433b-8758-c02a2aab3662");
}

TEST(PlivoMediaProtocol, RefusesBadEnvelopesWithClearReasons) {
  EXPECT_NE(error_for("nope").find("bad Plivo message: not valid JSON"), std::string::npos);
  EXPECT_NE(error_for("[]").find("not a JSON object"), std::string::npos);
  EXPECT_NE(error_for(R"({"event":7})").find("no string 'event'"), std::string::npos);
  EXPECT_NE(error_for(R"({"type":"media"})").find("no string 'event'"), std::string::npos);
  EXPECT_NE(error_for(R"({"event":"launch"})").find("unknown event 'launch'"), std::string::npos);
  // Plivo documents no stop message: the stream's end reaches the status callback only.
  EXPECT_NE(error_for(R"({"event":"stop","streamId":"S1"})").find("unknown event 'stop'"),
            std::string::npos);
  EXPECT_NE(error_for(std::string(kMaxMessageBytes + 1, ' ')).find("larger than"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"event":"media","a":[[[[[[[[[1]]]]]]]]]})").find("not valid JSON"),
            std::string::npos);
}

TEST(PlivoMediaProtocol, RefusesBadStartMessages) {
  EXPECT_NE(error_for(R"({"event":"start"})").find("start must be an object"), std::string::npos);
  EXPECT_NE(error_for(replaced(kStart, R"("callId")", R"("callID")")).find("start.callId"),
            std::string::npos);
  EXPECT_NE(error_for(replaced(kStart, R"("streamId": "87654321-4321-4321-4321-cba987654321")",
                               R"("streamId": 5)"))
                .find("start.streamId must be a non-empty string"),
            std::string::npos);
  EXPECT_NE(error_for(replaced(kStart, R"(["inbound"])", R"("inbound")")).find("start.tracks"),
            std::string::npos);
  EXPECT_NE(error_for(replaced(kStart, R"(["inbound"])", R"([1])")).find("start.tracks"),
            std::string::npos);
  EXPECT_NE(error_for(replaced(kStart, "mediaFormat", "format")).find("start.mediaFormat must be"),
            std::string::npos);
  EXPECT_NE(error_for(replaced(kStart, "audio/x-mulaw", "audio/x-alaw"))
                .find("encoding must be audio/x-mulaw or audio/x-l16, not 'audio/x-alaw'"),
            std::string::npos);
  EXPECT_NE(error_for(replaced(kStart, R"("sampleRate": 8000)", R"("sampleRate": 16000)"))
                .find("not audio/x-mulaw at 16000 Hz"),
            std::string::npos);
  const std::string l16 = replaced(kStart, "audio/x-mulaw", "audio/x-l16");
  EXPECT_NE(error_for(replaced(l16, R"("sampleRate": 8000)", R"("sampleRate": 24000)"))
                .find("at 24000 Hz"),
            std::string::npos);
  EXPECT_NE(error_for(replaced(l16, R"("sampleRate": 8000)", R"("sampleRate": "8 kHz")"))
                .find("start.mediaFormat.sampleRate must be a non-negative integer"),
            std::string::npos);
  EXPECT_NE(error_for(replaced(l16, R"("sampleRate": 8000)", R"("sampleRate": 8000.5)"))
                .find("sampleRate"),
            std::string::npos);
  EXPECT_NE(error_for(replaced(l16, R"(,
      "sampleRate": 8000)",
                               ""))
                .find("start.mediaFormat.sampleRate is missing"),
            std::string::npos);
}

TEST(PlivoMediaProtocol, RefusesBadMediaDtmfAndAcknowledgements) {
  EXPECT_NE(error_for(R"({"event":"media","media":{"payload":""}})").find("message.streamId"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"event":"media","streamId":"S1"})").find("media must be an object"),
            std::string::npos);
  EXPECT_NE(error_for(media_with(R"("chunk":1)")).find("media.payload must be a string"),
            std::string::npos);
  EXPECT_NE(error_for(media_with(R"("payload":7)")).find("media.payload must be a string"),
            std::string::npos);
  EXPECT_NE(error_for(media_with(R"("payload":"***")")).find("media.payload is not base64"),
            std::string::npos);
  EXPECT_NE(error_for(media_with(R"("payload":")" + std::string(42700, 'A') + "\""))
                .find("media.payload is longer than 32000 bytes"),
            std::string::npos);
  EXPECT_NE(error_for(media_with(R"("payload":"","chunk":-1)")).find("media.chunk"),
            std::string::npos);
  EXPECT_NE(error_for(media_with(R"("payload":"","chunk":"4x")")).find("media.chunk"),
            std::string::npos);
  EXPECT_NE(error_for(media_with(R"("payload":"","timestamp":"")")).find("media.timestamp"),
            std::string::npos);
  EXPECT_NE(error_for(media_with(R"("payload":"","timestamp":true)")).find("media.timestamp"),
            std::string::npos);
  EXPECT_NE(
      error_for(R"({"event":"media","sequenceNumber":-4,"streamId":"S1","media":{"payload":""}})")
          .find("message.sequenceNumber"),
      std::string::npos);
  EXPECT_NE(error_for(R"({"event":"dtmf","streamId":"S1"})").find("dtmf must be an object"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"event":"dtmf","streamId":"S1","dtmf":{}})").find("dtmf.digit"),
            std::string::npos);
  for (const std::string_view digit : {"55", "E", "x", " "}) {
    EXPECT_NE(error_for(R"({"event":"dtmf","streamId":"S1","dtmf":{"digit":")" +
                        std::string(digit) + R"("}})")
                  .find("dtmf.digit must be one of 0-9, *, #, A-D"),
              std::string::npos)
        << digit;
  }
  EXPECT_NE(error_for(R"({"event":"playedStream","streamId":"S1"})").find("playedStream.name"),
            std::string::npos);
  EXPECT_NE(error_for(R"({"event":"played","name":""})").find("playedStream.name"),
            std::string::npos);
}

TEST(PlivoMediaProtocol, WritesTheMessagesPlivoTakes) {
  const std::vector<std::uint8_t> mulaw = {0xff, 0x7f, 0x00, 0x80};
  const json::value play = json::parse(play_audio_message(AudioEncoding::kMulaw, 8000, mulaw));
  EXPECT_EQ(play.at("event"), "playAudio");
  EXPECT_EQ(play.at("media").at("contentType"), "audio/x-mulaw");
  EXPECT_EQ(play.at("media").at("sampleRate"), 8000);
  const auto payload = crypto::base64_decode(play.at("media").at("payload").as_string());
  ASSERT_TRUE(payload.ok());
  EXPECT_EQ(std::vector<std::uint8_t>(payload->begin(), payload->end()), mulaw);
  const json::value wide = json::parse(play_audio_message(AudioEncoding::kL16, 16000, {}));
  EXPECT_EQ(wide.at("media").at("contentType"), "audio/x-l16");
  EXPECT_EQ(wide.at("media").at("sampleRate"), 16000);

  // The checkpoint and clearAudio requests of Plivo's pages.
  EXPECT_EQ(json::parse(checkpoint_message("20170ada-f610-433b-8758-c02a2aab3662",
                                           "customer greeting audio")),
            json::parse(R"({"event":"checkpoint","streamId":"20170ada-f610-433b-8758-c02a2aab3662",
                            "name":"customer greeting audio"})"));
  EXPECT_EQ(json::parse(clear_audio_message("b77e037d-4119-44b5-902d-25826b654539")),
            json::parse(R"({"event":"clearAudio",
                            "streamId":"b77e037d-4119-44b5-902d-25826b654539"})"));
  const auto dtmf = send_dtmf_message("0123456789*#ABCD");
  ASSERT_TRUE(dtmf.ok());
  EXPECT_EQ(json::parse(*dtmf), json::parse(R"({"event":"sendDTMF","dtmf":"0123456789*#ABCD"})"));
  for (const std::string_view digits : {"", "12a", "1 2", "E"}) {
    const auto refused = send_dtmf_message(digits);
    ASSERT_FALSE(refused.ok()) << digits;
    EXPECT_NE(refused.error().message.find("0-9, *, #, A-D"), std::string::npos);
  }
}

TEST(PlivoMediaProtocol, L16IsLittleEndianAndRoundTrips) {
  const std::vector<std::uint8_t> bytes = {0x01, 0x00, 0xff, 0x7f, 0x00, 0x80, 0x34, 0x12};
  const auto samples = decode_l16(bytes);
  ASSERT_TRUE(samples.ok());
  EXPECT_EQ(*samples, (std::vector<std::int16_t>{1, 32767, -32768, 0x1234}));
  EXPECT_EQ(encode_l16(*samples), bytes);
  EXPECT_FALSE(decode_l16(std::vector<std::uint8_t>{0x01, 0x02, 0x03}).ok());

  // What the server plays, Plivo decodes the same way.
  const json::value play = json::parse(play_audio_message(AudioEncoding::kL16, 8000, bytes));
  const std::string payload(play.at("media").at("payload").as_string());
  const std::string media =
      R"({"event":"media","streamId":"S1","media":{"payload":")" + payload + R"("}})";
  const auto echoed = decode_l16(parse_as<MediaEvent>(media).payload);
  ASSERT_TRUE(echoed.ok());
  EXPECT_EQ(*echoed, *samples);
}

TEST(PlivoMediaProtocol, KnowsWhichFormatsPlivoSupports) {
  EXPECT_TRUE(is_supported_format(AudioEncoding::kMulaw, 8000));
  EXPECT_FALSE(is_supported_format(AudioEncoding::kMulaw, 16000));
  EXPECT_TRUE(is_supported_format(AudioEncoding::kL16, 8000));
  EXPECT_TRUE(is_supported_format(AudioEncoding::kL16, 16000));
  EXPECT_FALSE(is_supported_format(AudioEncoding::kL16, 24000));
  EXPECT_EQ(content_type(AudioEncoding::kMulaw), "audio/x-mulaw");
  EXPECT_EQ(content_type(AudioEncoding::kL16), "audio/x-l16");
}

}  // namespace
}  // namespace ovos::telephony::plivo
