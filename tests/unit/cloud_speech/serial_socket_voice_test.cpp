// The serial WebSocket voices (serial_socket_vendor.h: Sarvam, Smallest) against a loopback fake
// that speaks each one's frames: one connection per call with the key, pieces in order and one
// at a time, barge-in by reopening the connection, and the failures (401/403 at the upgrade,
// 429 and 500 and a slow handshake retried, a drop before and after audio, a peer that falls
// silent or never completes a piece, error frames, retryable error frames, malformed frames).
// Each vendor's test file instantiates the suite.

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "core/metrics.h"
#include "serial_socket_vendor.h"

namespace ovos::providers::testing {
namespace {

using namespace std::chrono_literals;
using Kind = TtsEvent::Kind;
using Texts = std::vector<std::string>;

TEST_P(SerialSocketVoiceTest, OneConnectionWithTheKeySpeaksEachPieceInOrder) {
  FakeVendorSocket fake(accept_all, speaks_everything());
  auto voice = make_provider(fake);
  auto stream = open(*voice, options(8000));
  ASSERT_NO_FATAL_FAILURE(speak_two_on_one_connection(*stream, fake, 8000));
  const auto sessions = fake.sessions();
  ASSERT_EQ(sessions.size(), 1U);
  EXPECT_EQ(sessions[0].path, vendor.socket_path);
  EXPECT_EQ(sessions[0].header(vendor.key_header.name),
            vendor.key_header.scheme + std::string(kKey));
  EXPECT_EQ(sessions[0].texts.size(), messages_for(2));
  EXPECT_EQ(pieces_in(sessions[0]), (Texts{"Hello there.", "How can I help?"}));
  stream->close();
  EXPECT_TRUE(fake.wait_until([](const auto& s) { return s[0].closed; }));
}

TEST_P(SerialSocketVoiceTest, APieceGoesOutOnlyAfterTheOneBeforeIsComplete) {
  // Session 0 speaks some of the first piece and never completes it: the second piece is not
  // sent beside it; when the connection is given up, it goes on the next one.
  FakeVendorSocket fake(accept_all,
                        on_pieces([this](int session, const PieceRequest&, SocketPeer& peer) {
                          peer.send(audio(ramp(session == 0 ? 10 : 40)));
                          if (session != 0) peer.send(complete());
                        }));
  auto voice = make_provider(fake, {.stall_timeout = 200ms});
  auto stream = open(*voice, options());
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
  EXPECT_EQ(sessions[0].texts.size(), messages_for(1));
  EXPECT_EQ(pieces_in(sessions[1]), Texts{"Next."});
}

TEST_P(SerialSocketVoiceTest, AConnectionThatFallsSilentIsOpenedAgain) {
  // Session 0 never answers the first piece; session 1 speaks some of it and never ends it.
  FakeVendorSocket fake(accept_all,
                        on_pieces([this](int session, const PieceRequest&, SocketPeer& peer) {
                          if (session == 0) return;
                          if (session == 1) {
                            peer.send(audio(ramp(10)));
                            return;
                          }
                          peer.send(audio(ramp(40)));
                          peer.send(complete());
                        }));
  auto voice = make_provider(fake, {.stall_timeout = 200ms});
  auto stream = open(*voice, options());
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
  EXPECT_EQ(pieces_in(sessions[1]), Texts{"Slow to start."});
  EXPECT_EQ(pieces_in(sessions[2]), Texts{"Next."});
}

TEST_P(SerialSocketVoiceTest, BargeInReopensTheConnectionAndTheNextPieceGoesOnTheNewOne) {
  FakeVendorSocket fake(accept_all,
                        on_pieces([this](int, const PieceRequest& request, SocketPeer& peer) {
                          if (request.text == "A long story.")
                            peer.send(audio(ramp(50)));  // the rest is still coming
                          if (request.text == "Short.") {
                            peer.send(audio(ramp(20)));
                            peer.send(complete());
                          }
                        }));
  auto voice = make_provider(fake);
  auto stream = open(*voice, options());
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
  ASSERT_EQ(sessions[0].texts.size(), messages_for(1));  // the second never went out
  ASSERT_EQ(sessions[1].texts.size(), messages_for(1));
  EXPECT_EQ(pieces_in(sessions[1]), Texts{"Short."});
  const auto hello = static_cast<std::ptrdiff_t>(vendor.hello_messages);  // again, first
  EXPECT_TRUE(std::equal(sessions[0].texts.begin(), sessions[0].texts.begin() + hello,
                         sessions[1].texts.begin()));
}

TEST_P(SerialSocketVoiceTest, ARefusedKeyFailsThisPieceAndEveryLaterOne) {
  for (const int status : {401, 403}) {
    tts_events.clear();
    FakeVendorSocket fake(
        [this, status](int) {
          return SocketHandshake{status, vendor.refusal(status)};
        },
        speaks_everything());
    auto voice = make_provider(fake);
    auto stream = open(*voice, options());
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

TEST_P(SerialSocketVoiceTest, RateLimitedFailingAndSlowHandshakesAreRetried) {
  FakeVendorSocket fake(
      [this](int session) {
        if (session == 0) return SocketHandshake{429, vendor.refusal(429)};
        if (session == 1) return SocketHandshake{500, vendor.refusal(500)};
        SocketHandshake slow;
        if (session == 2) slow.delay = 600ms;
        return slow;
      },
      speaks_everything());
  auto voice = make_provider(fake, {.connect_timeout = 150ms, .max_attempts = 5});
  auto stream = open(*voice, options());
  say(*stream, 1, "Fourth time.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(1), ramp(100));
  EXPECT_GE(fake.sessions().size(), 4U);
}

TEST_P(SerialSocketVoiceTest, ADropAfterAudioEndsThePieceAndADropBeforeSendsItAgain) {
  FakeVendorSocket fake(
      accept_all, on_pieces([this](int session, const PieceRequest& request, SocketPeer& peer) {
        if (session == 0 && request.text == "Heard in part.") {
          peer.send(audio(ramp(30)));
          peer.close(1011, "internal error");
          return;
        }
        if (session == 1 && request.text == "Cut before a sound.") {
          peer.close(1011, "internal error");
          return;
        }
        peer.send(audio(ramp(40)));
        peer.send(complete());
      }));
  auto voice = make_provider(fake);
  auto stream = open(*voice, options());
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

TEST_P(SerialSocketVoiceTest, ErrorFramesEndTheirPieceAndMalformedOnesAreSkippedAndCounted) {
  const auto malformed = [this] {
    return core::MetricsRegistry::global()
        .counter("ovos_vendor_errors_total", "",
                 {{"vendor", vendor.name}, {"kind", "tts"}, {"reason", "malformed"}})
        .value();
  };
  const auto before = malformed();
  FakeVendorSocket fake(accept_all,
                        on_pieces([this](int, const PieceRequest& request, SocketPeer& peer) {
                          if (request.text == "Broken.") {
                            peer.send("not json");
                            peer.send(vendor.audio_frame("%%%", ""));
                            peer.send(vendor.audio_frame("AQID", ""));  // 3 bytes
                            peer.send(vendor.error_frame("Text too long", vendor.fatal_code));
                            return;
                          }
                          peer.send(audio(ramp(10)));
                          peer.send(complete());
                        }));
  auto voice = make_provider(fake);
  auto stream = open(*voice, options());
  say(*stream, 1, "Broken.");
  say(*stream, 2, "Fine.");
  ASSERT_TRUE(pump_until_ended(2));
  EXPECT_EQ(end_of(1)->kind, Kind::kError);
  EXPECT_EQ(end_of(1)->error.message, vendor.name + ": Text too long");
  EXPECT_TRUE(audio_of(1).empty());
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(2), ramp(10));
  EXPECT_EQ(malformed() - before, 3U);
  EXPECT_EQ(fake.sessions().size(), 1U);
}

TEST_P(SerialSocketVoiceTest, ARateLimitErrorFrameSendsThePieceAgain) {
  auto refusals = std::make_shared<std::atomic<int>>(0);
  FakeVendorSocket fake(
      accept_all, on_pieces([this, refusals](int, const PieceRequest&, SocketPeer& peer) {
        const int refused = refusals->fetch_add(1);
        if (refused < 2) {
          peer.send(refused == 0 ? vendor.error_frame("rate limit exceeded", "429")
                                 : vendor.error_frame("Service unavailable", "503"));
          return;
        }
        peer.send(audio(ramp(25)));
        peer.send(complete());
      }));
  auto voice = make_provider(fake);
  auto stream = open(*voice, options());
  say(*stream, 1, "Try again.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(1), ramp(25));
  EXPECT_EQ(refusals->load(), 3);
  const auto sessions = fake.sessions();
  ASSERT_EQ(sessions.size(), 1U);                        // on the same connection
  EXPECT_EQ(sessions[0].texts.size(), messages_for(3));  // the same request three times
}

TEST_P(SerialSocketVoiceTest, WithoutStreamTheHttpApiIsUsed) {
  FakeVendorSocket fake(accept_all, speaks_everything(), [this](net::HttpRequest& request) {
    EXPECT_EQ(request.target, vendor.http_path);
    return net::HttpResponse::text(200, std::string(20, '\0'), "audio/pcm");
  });
  auto voice = make_provider(fake);
  TtsOptions o = options();
  o.stream = false;
  auto stream = open(*voice, o);
  say(*stream, 1, "Over HTTP.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(1).size(), 10U);
  EXPECT_TRUE(fake.sessions().empty());
}

}  // namespace
}  // namespace ovos::providers::testing
