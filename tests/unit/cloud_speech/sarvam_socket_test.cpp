// Sarvam over its text-to-speech WebSocket: its frames for the serial voices' suite (config
// first, text and flush, base64 audio, the final event, errors with codes), and what only
// Sarvam does: the model in the URL, the config it sends first, and pings.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <mutex>

#include "providers/tts/sarvam/sarvam_tts_provider.h"
#include "serial_socket_vendor.h"

namespace ovos::providers::testing {
namespace {

using namespace std::chrono_literals;
using Kind = TtsEvent::Kind;
namespace json = boost::json;

std::string audio_frame(std::string_view base64, std::string_view) {
  return json::serialize(json::object{{"type", "audio"},
                                      {"data", json::object{{"audio", base64},
                                                            {"content_type", "audio/pcm"},
                                                            {"request_id", "20250101_fake"}}}});
}

std::string final_event(std::string_view = "") {
  return R"({"type":"event","data":{"event_type":"final","message":"done","timestamp":1}})";
}

std::string error_frame(std::string_view message, std::string_view code) {
  return json::serialize(json::object{
      {"type", "error"},
      {"data", json::object{{"message", message}, {"code", std::stoi(std::string(code))}}}});
}

std::string type_of(std::string_view text) {
  return std::string(json::parse(text).at("type").as_string());
}

/// A piece is its text messages up to a flush (per session).
RequestReader flushed_text() {
  struct Pending {
    std::mutex mutex;
    std::map<int, std::string> text;
  };
  auto pending = std::make_shared<Pending>();
  return [pending](int session, std::string_view message) -> std::optional<PieceRequest> {
    const std::lock_guard lock(pending->mutex);
    const json::value v = json::parse(message);
    const std::string type(v.at("type").as_string());
    if (type == "text") pending->text[session] += std::string(v.at("data").at("text").as_string());
    if (type != "flush") return std::nullopt;
    return PieceRequest{std::exchange(pending->text[session], {}), ""};
  };
}

const SerialSocketVendor kSarvam{
    .name = "sarvam",
    .key_header = {"api-subscription-key", ""},
    .socket_path = "/text-to-speech/ws",
    .http_path = "/text-to-speech/stream",
    .hello_messages = 1,      // config
    .messages_per_piece = 2,  // text, flush
    .fatal_code = "400",
    .provider = serial_provider<sarvam::SarvamTtsProvider, sarvam::SarvamTtsConfig>,
    .reader = flushed_text,
    .audio_frame = audio_frame,
    .complete_frame = final_event,
    .error_frame = error_frame,
    .refusal =
        [](int status) {
          return status == 401 || status == 403
                     ? std::string(R"({"error":{"message":"Invalid API key",)"
                                   R"("code":"invalid_api_key_error"}})")
                     : std::string(R"({"error":{"message":"Slow down"}})");
        },
};

INSTANTIATE_TEST_SUITE_P(Sarvam, SerialSocketVoiceTest, ::testing::Values(&kSarvam), vendor_name);

class SarvamSocketTest : public TtsHarness {};

TEST_F(SarvamSocketTest, TheConfigGoesFirstAndPingsKeepTheConnectionBetweenPieces) {
  // The final event of the first piece waits for a ping: the second piece may only go out
  // after it, so its text arriving after a ping shows both the pings and the order.
  auto read = std::make_shared<RequestReader>(flushed_text());
  auto held = std::make_shared<std::atomic<bool>>(false);
  FakeVendorSocket fake(accept_all,
                        [read, held](int session, std::string_view message, SocketPeer& peer) {
                          if (type_of(message) == "ping" && held->exchange(false))
                            peer.send(final_event());
                          const auto request = (*read)(session, message);
                          if (!request) return;
                          peer.send(audio_frame(crypto::base64_encode(pcm_le(ramp(100))), ""));
                          if (request->text == "नमस्ते।") {
                            held->store(true);
                          } else {
                            peer.send(final_event());
                          }
                        });
  auto config = aimed_at<sarvam::SarvamTtsConfig>(fake);
  config.ping_every = 30ms;
  sarvam::SarvamTtsProvider provider(*io, config);
  TtsOptions o;
  o.credentials = {{"api_key", "sarvam-secret"}};
  o.sample_rate = 8000;
  o.language = "hi";
  o.stream = true;
  o.voice_id = "vidya";
  auto stream = open(provider, o);
  say(*stream, 1, "नमस्ते।");
  say(*stream, 2, "How can I help?");
  ASSERT_TRUE(pump_until_ended(2));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);
  const auto sessions = fake.sessions();
  ASSERT_EQ(sessions.size(), 1U);
  EXPECT_EQ(sessions[0].query, "model=bulbul%3Av2&send_completion_event=true");
  const auto& texts = sessions[0].texts;
  ASSERT_GE(texts.size(), 6U);
  const json::value config_sent = json::parse(texts[0]);
  EXPECT_EQ(config_sent.at("type"), "config");
  EXPECT_EQ(config_sent.at("data").at("speaker"), "vidya");
  EXPECT_EQ(config_sent.at("data").at("target_language_code"), "hi-IN");
  EXPECT_EQ(config_sent.at("data").at("speech_sample_rate"), "8000");
  EXPECT_EQ(config_sent.at("data").at("output_audio_codec"), "linear16");
  EXPECT_EQ(json::parse(texts[1]), json::parse(R"({"type":"text","data":{"text":"नमस्ते।"}})"));
  EXPECT_EQ(type_of(texts[2]), "flush");
  std::vector<std::string> rest;
  for (std::size_t i = 3; i < texts.size(); ++i)
    rest.push_back(type_of(texts[i]));
  const auto second = std::find(rest.begin(), rest.end(), "text");
  ASSERT_NE(second, rest.end());
  EXPECT_NE(std::find(rest.begin(), second, "ping"), second);  // only after the first's final
  stream->close();
}

}  // namespace
}  // namespace ovos::providers::testing
