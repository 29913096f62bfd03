// Sarvam over its text-to-speech WebSocket against a loopback fake that speaks its protocol
// (config first, text and flush, base64 audio, the final event, errors with codes): one
// connection per call with the key header, one piece at a time, pings, barge-in by reopening
// the connection, and the failures (401/403 at the upgrade, 429 and 500 and a slow handshake
// retried, a drop mid-piece, a peer that falls silent, an error message, a 429 error message,
// malformed messages).

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <mutex>

#include "core/metrics.h"
#include "crypto/base64.h"
#include "providers/tts/sarvam/sarvam_tts_provider.h"
#include "socket_tts_harness.h"

namespace ovos::providers::testing {
namespace {

using namespace std::chrono_literals;
using Kind = TtsEvent::Kind;
namespace json = boost::json;

std::string audio(const std::vector<std::int16_t>& samples) {
  return json::serialize(
      json::object{{"type", "audio"},
                   {"data", json::object{{"audio", crypto::base64_encode(pcm_le(samples))},
                                         {"content_type", "audio/pcm"},
                                         {"request_id", "20250101_fake"}}}});
}

std::string final_event() {
  return R"({"type":"event","data":{"event_type":"final","message":"done","timestamp":1}})";
}

std::string error_message(std::string_view message, int code) {
  return json::serialize(json::object{
      {"type", "error"}, {"data", json::object{{"message", message}, {"code", code}}}});
}

std::string type_of(std::string_view text) {
  return std::string(json::parse(text).at("type").as_string());
}

/// Sarvam as a script sees one session: the text since the last flush.
struct FakeSarvam {
  std::mutex mutex;
  std::map<int, std::string> text;  // per session
  /// The text a flush speaks (and forgets), "" for other messages.
  std::string flushed(int session, std::string_view message) {
    const std::lock_guard lock(mutex);
    const json::value v = json::parse(message);
    const std::string type(v.at("type").as_string());
    if (type == "text") text[session] += std::string(v.at("data").at("text").as_string());
    if (type != "flush") return {};
    return std::exchange(text[session], {});
  }
};

/// Speaks every flushed text: 100 samples, then the final event.
FakeVendorSocket::Script speaks_everything() {
  auto sarvam = std::make_shared<FakeSarvam>();
  return [sarvam](int session, std::string_view message, SocketPeer& peer) {
    if (sarvam->flushed(session, message).empty()) return;
    peer.send(audio(ramp(100)));
    peer.send(final_event());
  };
}

class SarvamSocketTest : public TtsHarness {
 protected:
  sarvam::SarvamTtsConfig config_for(const FakeVendorSocket& fake) {
    sarvam::SarvamTtsConfig config;
    config.default_base_url = fake.http_url();
    config.http.connect_timeout = 2s;
    retry_fast(config);
    return config;
  }
  TtsOptions options(int rate = 16000) {
    TtsOptions o;
    o.credentials = {{"api_key", "sarvam-secret"}};
    o.sample_rate = rate;
    o.language = "hi";
    o.stream = true;
    return o;
  }
};

TEST_F(SarvamSocketTest, OneConnectionConfiguredFirstSpeaksEachPieceInTurn) {
  // The final event of the first piece waits for a ping: the second piece may only go out
  // after it, so its text arriving after a ping shows both the pings and the order.
  auto sarvam = std::make_shared<FakeSarvam>();
  auto held = std::make_shared<std::atomic<bool>>(false);
  FakeVendorSocket fake(accept_all,
                        [sarvam, held](int session, std::string_view message, SocketPeer& peer) {
                          if (type_of(message) == "ping" && held->exchange(false))
                            peer.send(final_event());
                          const std::string text = sarvam->flushed(session, message);
                          if (text.empty()) return;
                          peer.send(audio(ramp(100)));
                          if (text == "नमस्ते।") {
                            held->store(true);
                          } else {
                            peer.send(final_event());
                          }
                        });
  auto config = config_for(fake);
  config.ping_every = 30ms;
  sarvam::SarvamTtsProvider provider(*io, config);
  TtsOptions o = options(8000);
  o.voice_id = "vidya";
  auto stream = open(provider, o);
  ASSERT_TRUE(fake.wait_until([](const auto& s) { return !s.empty(); }));  // before any text
  say(*stream, 1, "नमस्ते।");
  say(*stream, 2, "How can I help?");
  ASSERT_TRUE(pump_until_ended(2));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);
  EXPECT_EQ(end_of(2)->characters, 15U);
  EXPECT_EQ(audio_of(1), ramp(100));
  EXPECT_EQ(audio_of(2), ramp(100));
  EXPECT_EQ(tts_events.front().sample_rate, 8000);
  const auto sessions = fake.sessions();
  ASSERT_EQ(sessions.size(), 1U);
  EXPECT_EQ(sessions[0].path, "/text-to-speech/ws");
  EXPECT_EQ(sessions[0].query, "model=bulbul%3Av2&send_completion_event=true");
  EXPECT_EQ(sessions[0].header("api-subscription-key"), "sarvam-secret");
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
  EXPECT_TRUE(fake.wait_until([](const auto& s) { return s[0].closed; }));
}

TEST_F(SarvamSocketTest, BargeInReopensTheConnectionAndTheNextPieceGoesOnTheNewOne) {
  auto sarvam = std::make_shared<FakeSarvam>();
  FakeVendorSocket fake(accept_all,
                        [sarvam](int session, std::string_view message, SocketPeer& peer) {
                          const std::string text = sarvam->flushed(session, message);
                          if (text == "A long story.")
                            peer.send(audio(ramp(50)));  // the rest is still coming
                          if (text == "Short.") {
                            peer.send(audio(ramp(20)));
                            peer.send(final_event());
                          }
                        });
  sarvam::SarvamTtsProvider provider(*io, config_for(fake));
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
  ASSERT_EQ(sessions[0].texts.size(), 3U);  // config, text, flush: the second never went out
  ASSERT_EQ(sessions[1].texts.size(), 3U);
  EXPECT_EQ(type_of(sessions[1].texts[0]), "config");
  EXPECT_EQ(json::parse(sessions[1].texts[1]).at("data").at("text"), "Short.");
}

TEST_F(SarvamSocketTest, ARefusedKeyFailsThisPieceAndEveryLaterOne) {
  for (const int status : {401, 403}) {
    tts_events.clear();
    FakeVendorSocket fake(
        [status](int) {
          return SocketHandshake{status, R"({"error":{"message":"Invalid API key",)"
                                         R"("code":"invalid_api_key_error"}})"};
        },
        speaks_everything());
    sarvam::SarvamTtsProvider provider(*io, config_for(fake));
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

TEST_F(SarvamSocketTest, RateLimitedFailingAndSlowHandshakesAreRetried) {
  FakeVendorSocket fake(
      [](int session) {
        if (session == 0) return SocketHandshake{429, R"({"error":{"message":"Slow down"}})"};
        if (session == 1) return SocketHandshake{500, R"({"error":{"message":"oops"}})"};
        SocketHandshake slow;
        if (session == 2) slow.delay = 600ms;
        return slow;
      },
      speaks_everything());
  auto config = config_for(fake);
  config.http.connect_timeout = 150ms;
  config.retry.max_attempts = 5;
  sarvam::SarvamTtsProvider provider(*io, config);
  auto stream = open(provider, options());
  say(*stream, 1, "Fourth time.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(1), ramp(100));
  EXPECT_GE(fake.sessions().size(), 4U);
}

TEST_F(SarvamSocketTest, ADropMidPieceEndsWhatWasHeardAndSendsTheRestAgain) {
  auto sarvam = std::make_shared<FakeSarvam>();
  FakeVendorSocket fake(accept_all,
                        [sarvam](int session, std::string_view message, SocketPeer& peer) {
                          const std::string text = sarvam->flushed(session, message);
                          if (text.empty()) return;
                          if (session == 0 && text == "Heard in part.") {
                            peer.send(audio(ramp(30)));
                            peer.close(1011, "internal error");
                            return;
                          }
                          if (session == 1 && text == "Cut before a sound.") {
                            peer.close(1011, "internal error");
                            return;
                          }
                          peer.send(audio(ramp(40)));
                          peer.send(final_event());
                        });
  sarvam::SarvamTtsProvider provider(*io, config_for(fake));
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

TEST_F(SarvamSocketTest, AConnectionThatFallsSilentIsOpenedAgain) {
  // Session 0 never answers the first piece; session 1 speaks some of it and never ends it.
  auto sarvam = std::make_shared<FakeSarvam>();
  FakeVendorSocket fake(accept_all,
                        [sarvam](int session, std::string_view message, SocketPeer& peer) {
                          const std::string text = sarvam->flushed(session, message);
                          if (text.empty() || session == 0) return;
                          if (session == 1) {
                            peer.send(audio(ramp(10)));
                            return;
                          }
                          peer.send(audio(ramp(40)));
                          peer.send(final_event());
                        });
  auto config = config_for(fake);
  config.stall_timeout = 200ms;
  sarvam::SarvamTtsProvider provider(*io, config);
  auto stream = open(provider, options());
  say(*stream, 1, "Slow to start.");
  say(*stream, 2, "Next.");
  ASSERT_TRUE(pump_until_ended(2));
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kError);  // heard in part on session 1: not said twice
  EXPECT_EQ(audio_of(1), ramp(10));
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(2), ramp(40));
  const auto sessions = fake.sessions();
  ASSERT_EQ(sessions.size(), 3U);
  EXPECT_EQ(json::parse(sessions[1].texts[1]).at("data").at("text"), "Slow to start.");
  EXPECT_EQ(json::parse(sessions[2].texts[1]).at("data").at("text"), "Next.");
}

TEST_F(SarvamSocketTest, ErrorMessagesEndTheirPieceAndMalformedOnesAreSkipped) {
  const auto malformed = [] {
    return core::MetricsRegistry::global()
        .counter("ovos_vendor_errors_total", "",
                 {{"vendor", "sarvam"}, {"kind", "tts"}, {"reason", "malformed"}})
        .value();
  };
  const auto before = malformed();
  auto sarvam = std::make_shared<FakeSarvam>();
  FakeVendorSocket fake(accept_all,
                        [sarvam](int session, std::string_view message, SocketPeer& peer) {
                          const std::string text = sarvam->flushed(session, message);
                          if (text == "Broken.") {
                            peer.send("not json");
                            peer.send(R"({"type":"audio","data":{"audio":"%%%"}})");
                            peer.send(error_message("Text too long", 400));
                          } else if (!text.empty()) {
                            peer.send(audio(ramp(10)));
                            peer.send(final_event());
                          }
                        });
  sarvam::SarvamTtsProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  say(*stream, 1, "Broken.");
  say(*stream, 2, "Fine.");
  ASSERT_TRUE(pump_until_ended(2));
  EXPECT_EQ(end_of(1)->kind, Kind::kError);
  EXPECT_EQ(end_of(1)->error.message, "sarvam: Text too long");
  EXPECT_TRUE(audio_of(1).empty());
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(2), ramp(10));
  EXPECT_EQ(malformed() - before, 2U);
  EXPECT_EQ(fake.sessions().size(), 1U);
}

TEST_F(SarvamSocketTest, ARateLimitErrorMessageSendsThePieceAgain) {
  auto sarvam = std::make_shared<FakeSarvam>();
  auto refusals = std::make_shared<std::atomic<int>>(0);
  FakeVendorSocket fake(
      accept_all, [sarvam, refusals](int session, std::string_view message, SocketPeer& peer) {
        const std::string text = sarvam->flushed(session, message);
        if (text.empty()) return;
        if (refusals->fetch_add(1) < 2) {
          peer.send(error_message(refusals->load() == 1 ? "rate limit exceeded" : "model busy",
                                  refusals->load() == 1 ? 429 : 503));
          return;
        }
        peer.send(audio(ramp(25)));
        peer.send(final_event());
      });
  sarvam::SarvamTtsProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  say(*stream, 1, "Try again.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(1), ramp(25));
  EXPECT_EQ(refusals->load(), 3);
  const auto sessions = fake.sessions();
  ASSERT_EQ(sessions.size(), 1U);           // on the same connection
  EXPECT_EQ(sessions[0].texts.size(), 7U);  // config, then text and flush three times
}

TEST_F(SarvamSocketTest, WithoutStreamTheHttpStreamIsUsed) {
  FakeVendorSocket fake(accept_all, speaks_everything(), [](net::HttpRequest& request) {
    EXPECT_EQ(request.target, "/text-to-speech/stream");
    return net::HttpResponse::text(200, std::string(20, '\0'), "audio/pcm");
  });
  sarvam::SarvamTtsProvider provider(*io, config_for(fake));
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
