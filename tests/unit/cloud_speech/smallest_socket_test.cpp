// Smallest over its text-to-speech WebSocket (/waves/v1/tts/live) against a loopback fake that
// speaks its protocol (one JSON request per piece; base64 `chunk` frames, the `complete` frame,
// `error` frames): one connection per call with the Bearer key, one piece at a time, barge-in by
// reopening the connection, and the failures (401/403 at the upgrade, 429 and 500 and a slow
// handshake retried, a drop before and after audio, a peer that never completes a piece, the
// idle-timeout close, error frames, a 429 error frame, malformed messages).

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/metrics.h"
#include "crypto/base64.h"
#include "providers/tts/smallest/smallest_tts_provider.h"
#include "socket_tts_harness.h"

namespace ovos::providers::testing {
namespace {

using namespace std::chrono_literals;
using Kind = TtsEvent::Kind;
namespace json = boost::json;

/// A `chunk` frame of `samples` for the request named `id` (as Lightning v3.1 echoes it).
std::string chunk(const std::vector<std::int16_t>& samples, std::string_view id = "") {
  json::object frame{{"session_id", "ws_fake"},
                     {"request_id", "task_fake"},
                     {"status", "chunk"},
                     {"data", json::object{{"audio", crypto::base64_encode(pcm_le(samples))}}}};
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

/// Speaks every request: 100 samples, then `complete`, both naming its request_id.
FakeVendorSocket::Script speaks_everything() {
  return [](int, std::string_view message, SocketPeer& peer) {
    if (text_of(message).empty()) return;
    const std::string id(json::parse(message).at("request_id").as_string());
    peer.send(chunk(ramp(100), id));
    peer.send(complete(id));
  };
}

class SmallestSocketTest : public TtsHarness {
 protected:
  smallest::SmallestTtsConfig config_for(const FakeVendorSocket& fake) {
    smallest::SmallestTtsConfig config;
    config.default_base_url = fake.http_url();
    config.http.connect_timeout = 2s;
    retry_fast(config);
    return config;
  }
  TtsOptions options(int rate = 16000) {
    TtsOptions o;
    o.credentials = {{"api_key", "sk_smallest_secret"}};
    o.sample_rate = rate;
    o.language = "en-US";
    o.stream = true;
    return o;
  }
};

TEST_F(SmallestSocketTest, OneConnectionWithTheBearerKeySpeaksEachPieceAsOneRequest) {
  FakeVendorSocket fake(accept_all, speaks_everything());
  smallest::SmallestTtsProvider provider(*io, config_for(fake));
  TtsOptions o = options(8000);
  o.voice_id = "emily";
  o.model = "lightning_v3.1_pro";
  auto stream = open(provider, o);
  ASSERT_TRUE(fake.wait_until([](const auto& s) { return !s.empty(); }));  // before any text
  say(*stream, 1, "Hello there.");
  say(*stream, 2, "How can I help?");
  ASSERT_TRUE(pump_until_ended(2));
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);
  EXPECT_EQ(end_of(2)->characters, 15U);
  EXPECT_EQ(audio_of(1), ramp(100));
  EXPECT_EQ(audio_of(2), ramp(100));
  EXPECT_EQ(tts_events.front().sample_rate, 8000);
  const auto sessions = fake.sessions();
  ASSERT_EQ(sessions.size(), 1U);
  EXPECT_EQ(sessions[0].path, "/waves/v1/tts/live");
  EXPECT_EQ(sessions[0].authorization, "Bearer sk_smallest_secret");
  const auto& texts = sessions[0].texts;
  ASSERT_EQ(texts.size(), 2U);
  const json::value first = json::parse(texts[0]);
  EXPECT_EQ(first.at("text"), "Hello there.");
  EXPECT_EQ(first.at("voice_id"), "emily");
  EXPECT_EQ(first.at("model"), "lightning_v3.1_pro");
  EXPECT_EQ(first.at("language"), "en");
  EXPECT_EQ(first.at("sample_rate"), 8000);
  EXPECT_EQ(first.at("continue"), false);
  EXPECT_EQ(first.at("flush"), true);
  EXPECT_EQ(first.at("complete_backoff_ms"), 0);
  EXPECT_EQ(json::parse(texts[1]).at("text"), "How can I help?");
  EXPECT_NE(first.at("request_id"), json::parse(texts[1]).at("request_id"));
  stream->close();
  EXPECT_TRUE(fake.wait_until([](const auto& s) { return s[0].closed; }));
}

TEST_F(SmallestSocketTest, APieceGoesOutOnlyAfterTheOneBeforeIsComplete) {
  // Session 0 speaks some of the first piece and never completes it: the second piece is not
  // sent beside it; when the connection is given up, it goes on the next one.
  FakeVendorSocket fake(accept_all, [](int session, std::string_view message, SocketPeer& peer) {
    const std::string text = text_of(message);
    if (text.empty()) return;
    peer.send(chunk(ramp(session == 0 ? 10 : 40)));
    if (session != 0) peer.send(complete());
  });
  auto config = config_for(fake);
  config.stall_timeout = 200ms;
  smallest::SmallestTtsProvider provider(*io, config);
  auto stream = open(provider, options());
  say(*stream, 1, "Never finished.");
  say(*stream, 2, "Next.");
  ASSERT_TRUE(pump_until_ended(2));
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kError);  // heard in part: not said twice
  EXPECT_EQ(audio_of(1), ramp(10));
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(2), ramp(40));
  const auto sessions = fake.sessions();
  ASSERT_EQ(sessions.size(), 2U);
  ASSERT_EQ(sessions[0].texts.size(), 1U);
  ASSERT_EQ(sessions[1].texts.size(), 1U);
  EXPECT_EQ(text_of(sessions[1].texts[0]), "Next.");
}

TEST_F(SmallestSocketTest, BargeInReopensTheConnectionAndTheNextPieceGoesOnTheNewOne) {
  FakeVendorSocket fake(accept_all, [](int, std::string_view message, SocketPeer& peer) {
    const std::string text = text_of(message);
    if (text == "A long story.") peer.send(chunk(ramp(50)));  // the rest is still coming
    if (text == "Short.") {
      peer.send(chunk(ramp(20)));
      peer.send(complete());
    }
  });
  smallest::SmallestTtsProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  say(*stream, 1, "A long story.");
  say(*stream, 2, "Its second sentence.");
  ASSERT_TRUE(pump_until([&] { return !audio_of(1).empty(); }));
  stream->cancel(1);
  stream->cancel(2);
  say(*stream, 3, "Short.");
  ASSERT_TRUE(pump_until_ended(3));
  EXPECT_EQ(end_of(1), nullptr);  // nothing more of a cancelled piece, not even its end
  EXPECT_EQ(end_of(2), nullptr);
  EXPECT_EQ(audio_of(1).size(), 50U);
  EXPECT_EQ(audio_of(3), ramp(20));
  const auto sessions = fake.sessions();
  ASSERT_EQ(sessions.size(), 2U);
  EXPECT_TRUE(fake.wait_until([](const auto& s) { return s[0].closed; }));  // by us
  ASSERT_EQ(sessions[0].texts.size(), 1U);  // the second never went out
  ASSERT_EQ(sessions[1].texts.size(), 1U);
  EXPECT_EQ(text_of(sessions[1].texts[0]), "Short.");
}

TEST_F(SmallestSocketTest, ARefusedKeyFailsThisPieceAndEveryLaterOne) {
  for (const int status : {401, 403}) {
    tts_events.clear();
    FakeVendorSocket fake(
        [status](int) {
          return SocketHandshake{status, R"({"error":"Unauthorized","message":"Invalid API key"})"};
        },
        speaks_everything());
    smallest::SmallestTtsProvider provider(*io, config_for(fake));
    auto stream = open(provider, options());
    say(*stream, 1, "First.");
    ASSERT_TRUE(pump_until_ended(1));
    say(*stream, 2, "Second.");
    ASSERT_TRUE(pump_until_ended(2));
    EXPECT_EQ(end_of(1)->kind, Kind::kError);
    EXPECT_EQ(end_of(1)->error.code, status == 401 ? core::ErrorCode::kUnauthenticated
                                                   : core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(end_of(2)->kind, Kind::kError);
    EXPECT_EQ(fake.sessions().size(), 1U) << status;  // never tried again
    stream->close();
  }
}

TEST_F(SmallestSocketTest, RateLimitedFailingAndSlowHandshakesAreRetried) {
  FakeVendorSocket fake(
      [](int session) {
        if (session == 0) return SocketHandshake{429, R"({"error":"Too Many Requests"})"};
        if (session == 1) return SocketHandshake{500, R"({"error":"Internal Server Error"})"};
        SocketHandshake slow;
        if (session == 2) slow.delay = 600ms;
        return slow;
      },
      speaks_everything());
  auto config = config_for(fake);
  config.http.connect_timeout = 150ms;
  config.retry.max_attempts = 5;
  smallest::SmallestTtsProvider provider(*io, config);
  auto stream = open(provider, options());
  say(*stream, 1, "Fourth time.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(1), ramp(100));
  EXPECT_GE(fake.sessions().size(), 4U);
}

TEST_F(SmallestSocketTest, ADropAfterAudioEndsThePieceAndADropBeforeSendsItAgain) {
  FakeVendorSocket fake(accept_all, [](int session, std::string_view message, SocketPeer& peer) {
    const std::string text = text_of(message);
    if (text.empty()) return;
    if (session == 0 && text == "Heard in part.") {
      peer.send(chunk(ramp(30)));
      peer.close(1011, "internal error");
      return;
    }
    if (session == 1 && text == "Cut before a sound.") {
      peer.close(1011, "internal error");
      return;
    }
    peer.send(chunk(ramp(40)));
    peer.send(complete());
  });
  smallest::SmallestTtsProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  say(*stream, 1, "Heard in part.");
  say(*stream, 2, "Cut before a sound.");
  ASSERT_TRUE(pump_until_ended(2));
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kError);  // cut short: not spoken twice
  EXPECT_EQ(audio_of(1), ramp(30));
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);  // sent on the second and again on the third
  EXPECT_EQ(audio_of(2), ramp(40));
  EXPECT_EQ(fake.sessions().size(), 3U);
}

TEST_F(SmallestSocketTest, AnIdleConnectionClosedByTheServerIsOpenedAgainForTheNextPiece) {
  // Smallest closes a connection idle for 60 s with an error frame: nothing is in flight then,
  // and the next piece opens a new connection.
  auto spoke = std::make_shared<std::atomic<int>>(0);
  FakeVendorSocket fake(accept_all, [spoke](int, std::string_view message, SocketPeer& peer) {
    if (text_of(message).empty()) return;
    peer.send(chunk(ramp(10)));
    peer.send(complete());
    if (spoke->fetch_add(1) == 0) {
      peer.send(R"({"status":"error","message":"Connection timed out after 60 seconds of )"
                R"(inactivity"})");
      peer.close(1000, "");
    }
  });
  smallest::SmallestTtsProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
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
  FakeVendorSocket fake(accept_all, [](int, std::string_view message, SocketPeer& peer) {
    if (text_of(message).empty()) return;
    peer.send(chunk(ramp(10)));
    peer.send(complete());
    peer.close(1000, "");
  });
  smallest::SmallestTtsProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
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

TEST_F(SmallestSocketTest, ErrorFramesEndTheirPieceAndMalformedOnesAreSkippedAndCounted) {
  const auto malformed = [] {
    return core::MetricsRegistry::global()
        .counter("ovos_vendor_errors_total", "",
                 {{"vendor", "smallest"}, {"kind", "tts"}, {"reason", "malformed"}})
        .value();
  };
  const auto before = malformed();
  FakeVendorSocket fake(accept_all, [](int, std::string_view message, SocketPeer& peer) {
    const std::string text = text_of(message);
    if (text == "Broken.") {
      peer.send("not json");
      peer.send(R"({"status":"chunk","data":{"audio":"%%%"}})");
      peer.send(R"({"status":"chunk","data":{"audio":"AQID"}})");  // 3 bytes
      peer.send(error_frame("Invalid voice id", "INVALID_VOICE"));
    } else if (!text.empty()) {
      peer.send(chunk(ramp(10)));
      peer.send(complete());
    }
  });
  smallest::SmallestTtsProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  say(*stream, 1, "Broken.");
  say(*stream, 2, "Fine.");
  ASSERT_TRUE(pump_until_ended(2));
  EXPECT_EQ(end_of(1)->kind, Kind::kError);
  EXPECT_EQ(end_of(1)->error.message, "smallest: Invalid voice id");
  EXPECT_TRUE(audio_of(1).empty());
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(2), ramp(10));
  EXPECT_EQ(malformed() - before, 3U);
  EXPECT_EQ(fake.sessions().size(), 1U);
}

TEST_F(SmallestSocketTest, ARateLimitErrorFrameSendsThePieceAgain) {
  auto refusals = std::make_shared<std::atomic<int>>(0);
  FakeVendorSocket fake(accept_all, [refusals](int, std::string_view message, SocketPeer& peer) {
    if (text_of(message).empty()) return;
    if (refusals->fetch_add(1) < 2) {
      peer.send(refusals->load() == 1 ? error_frame("Concurrency limit reached", "429")
                                      : error_frame("Service unavailable", "503"));
      return;
    }
    peer.send(chunk(ramp(25)));
    peer.send(complete());
  });
  smallest::SmallestTtsProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  say(*stream, 1, "Try again.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(1), ramp(25));
  EXPECT_EQ(refusals->load(), 3);
  const auto sessions = fake.sessions();
  ASSERT_EQ(sessions.size(), 1U);           // on the same connection
  EXPECT_EQ(sessions[0].texts.size(), 3U);  // the same request three times
}

TEST_F(SmallestSocketTest, WithoutStreamTheHttpApiIsUsed) {
  FakeVendorSocket fake(accept_all, speaks_everything(), [](net::HttpRequest& request) {
    EXPECT_EQ(request.target, "/waves/v1/tts");
    return net::HttpResponse::text(200, std::string(20, '\0'), "audio/pcm");
  });
  smallest::SmallestTtsProvider provider(*io, config_for(fake));
  TtsOptions o = options();
  o.stream = false;
  auto stream = open(provider, o);
  say(*stream, 1, "Over HTTP.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(1).size(), 10U);
  EXPECT_TRUE(fake.sessions().empty());
}

}  // namespace
}  // namespace ovos::providers::testing
