// Smallest over its text-to-speech WebSocket (/waves/v1/tts/live): its frames for the serial
// voices' suite (one JSON request per piece; base64 `chunk` frames, the `complete` frame, `error`
// frames), and what only Smallest does: the fields of each request, the idle-timeout close, and
// a server that closes after each `complete`.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "providers/tts/smallest/smallest_tts_provider.h"
#include "serial_socket_vendor.h"

namespace ovos::providers::testing {
namespace {

using namespace std::chrono_literals;
using Kind = TtsEvent::Kind;
namespace json = boost::json;

/// A `chunk` frame for the request named `id` (as Lightning v3.1 echoes it; "": as v2, none).
std::string chunk(std::string_view base64, std::string_view id) {
  json::object frame{{"session_id", "ws_fake"},
                     {"request_id", "task_fake"},
                     {"status", "chunk"},
                     {"data", json::object{{"audio", base64}}}};
  if (!id.empty()) frame["external_request_id"] = id;
  return json::serialize(frame);
}

std::string complete(std::string_view id = "") {
  json::object frame{
      {"session_id", "ws_fake"}, {"request_id", "task_fake"}, {"status", "complete"}};
  if (!id.empty()) frame["external_request_id"] = id;
  return json::serialize(frame);
}

std::string error_frame(std::string_view message, std::string_view code) {
  return json::serialize(json::object{
      {"status", "error"}, {"error", json::object{{"message", message}, {"code", code}}}});
}

/// The text a request asks for ("" for a message that is none).
std::string text_of(std::string_view message) {
  const json::value v = json::parse(message);
  const auto* text = v.as_object().if_contains("text");
  return text != nullptr && text->is_string() ? std::string(text->as_string()) : "";
}

/// A piece is one request, named by its request_id.
RequestReader one_request() {
  return [](int, std::string_view message) -> std::optional<PieceRequest> {
    const std::string text = text_of(message);
    if (text.empty()) return std::nullopt;
    return PieceRequest{text, std::string(json::parse(message).at("request_id").as_string())};
  };
}

const SerialSocketVendor kSmallest{
    .name = "smallest",
    .key_header = {"authorization", "Bearer "},
    .socket_path = "/waves/v1/tts/live",
    .http_path = "/waves/v1/tts",
    .hello_messages = 0,
    .messages_per_piece = 1,
    .fatal_code = "INVALID_VOICE",
    .provider = serial_provider<smallest::SmallestTtsProvider, smallest::SmallestTtsConfig>,
    .reader = one_request,
    .audio_frame = chunk,
    .complete_frame = [](std::string_view id) { return complete(id); },
    .error_frame = error_frame,
    .refusal =
        [](int status) {
          if (status == 401 || status == 403)
            return std::string(R"({"error":"Unauthorized","message":"Invalid API key"})");
          return std::string(status == 429 ? R"({"error":"Too Many Requests"})"
                                           : R"({"error":"Internal Server Error"})");
        },
};

INSTANTIATE_TEST_SUITE_P(Smallest, SerialSocketVoiceTest, ::testing::Values(&kSmallest),
                         vendor_name);

/// Speaks every piece with 10 samples and `complete`; then `after(piece number, peer)`.
FakeVendorSocket::Script speaks_then(std::function<void(int spoken, SocketPeer& peer)> after) {
  auto spoke = std::make_shared<std::atomic<int>>(0);
  return [spoke, after = std::move(after)](int, std::string_view message, SocketPeer& peer) {
    if (text_of(message).empty()) return;
    peer.send(chunk(crypto::base64_encode(pcm_le(ramp(10))), ""));
    peer.send(complete());
    after(spoke->fetch_add(1), peer);
  };
}

class SmallestSocketTest : public TtsHarness {
 protected:
  std::unique_ptr<TtsStream> open_on(const FakeVendorSocket& fake, TtsOptions o = {}) {
    o.credentials = {{"api_key", "sk_smallest_secret"}};
    o.stream = true;
    provider_ = std::make_unique<smallest::SmallestTtsProvider>(
        *io, aimed_at<smallest::SmallestTtsConfig>(fake));
    return open(*provider_, o);
  }
  std::unique_ptr<smallest::SmallestTtsProvider> provider_;
};

TEST_F(SmallestSocketTest, EachPieceIsOneRequestWithTheCallsVoiceModelAndRate) {
  FakeVendorSocket fake(accept_all, speaks_then([](int, SocketPeer&) {}));
  TtsOptions o;
  o.voice_id = "emily";
  o.model = "lightning_v3.1_pro";
  o.language = "en-US";
  o.sample_rate = 8000;
  auto stream = open_on(fake, o);
  say(*stream, 1, "Hello there.");
  say(*stream, 2, "How can I help?");
  ASSERT_TRUE(pump_until_ended(2));
  // Each request whole, as the protocol file writes it for the call's voice, model and rate,
  // named apart from the other.
  ASSERT_EQ(fake.sessions().size(), 1U);
  const auto texts = fake.sessions()[0].texts;
  ASSERT_EQ(texts.size(), 2U);
  json::object first = json::parse(texts[0]).as_object();
  json::object second = json::parse(texts[1]).as_object();
  EXPECT_NE(first.at("request_id"), second.at("request_id"));
  first.erase("request_id");
  EXPECT_EQ(first, json::parse(R"({"voice_id":"emily","text":"Hello there.",
      "model":"lightning_v3.1_pro","sample_rate":8000,"language":"en","speed":1.0,
      "output_format":"pcm","continue":false,"flush":true,"complete_backoff_ms":0})"));
  EXPECT_EQ(second.at("text"), "How can I help?");
  stream->close();
}

TEST_F(SmallestSocketTest, AnIdleConnectionClosedByTheServerIsOpenedAgainForTheNextPiece) {
  // Smallest closes a connection idle for 60 s with an error frame: nothing is in flight then,
  // and the next piece opens a new connection.
  FakeVendorSocket fake(accept_all, speaks_then([](int spoken, SocketPeer& peer) {
                          if (spoken != 0) return;
                          peer.send(R"({"status":"error","message":"Connection timed out )"
                                    R"(after 60 seconds of inactivity"})");
                          peer.close(1000, "");
                        }));
  auto stream = open_on(fake);
  say(*stream, 1, "Before the pause.");
  ASSERT_TRUE(pump_until_ended(1));
  ASSERT_TRUE(fake.wait_until([](const auto& s) { return s[0].closed; }));
  say(*stream, 2, "After it.");
  ASSERT_TRUE(pump_until_ended(2));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(2), ramp(10));
  EXPECT_EQ(fake.sessions().size(), 2U);
}

TEST_F(SmallestSocketTest, AServerThatClosesAfterEachCompleteStillSpeaksEveryPiece) {
  // Smallest's frame list says the server closes the WebSocket after `complete`; its guide
  // keeps one connection for many requests. Either way every piece is spoken, once.
  FakeVendorSocket fake(accept_all,
                        speaks_then([](int, SocketPeer& peer) { peer.close(1000, ""); }));
  auto stream = open_on(fake);
  for (TtsContextId id = 1; id <= 4; ++id)
    say(*stream, id, "Piece " + std::to_string(id) + ".");
  ASSERT_TRUE(pump_until([&] {
    for (TtsContextId id = 1; id <= 4; ++id)
      if (end_of(id) == nullptr) return false;
    return true;
  }));
  for (TtsContextId id = 1; id <= 4; ++id) {
    EXPECT_EQ(end_of(id)->kind, Kind::kDone) << id;
    EXPECT_EQ(audio_of(id), ramp(10)) << id;
  }
  // In order; a request that went out as its connection closed is sent again on the next.
  std::vector<std::string> asked;
  for (const auto& session : fake.sessions())
    for (const auto& text : session.texts)
      asked.push_back(text_of(text));
  asked.erase(std::unique(asked.begin(), asked.end()), asked.end());
  EXPECT_EQ(asked, (std::vector<std::string>{"Piece 1.", "Piece 2.", "Piece 3.", "Piece 4."}));
}

}  // namespace
}  // namespace ovos::providers::testing
