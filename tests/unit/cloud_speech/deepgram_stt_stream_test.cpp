// Deepgram live transcription against a loopback fake of its WebSocket API: the session's URL
// and key, results to events, Finalize, KeepAlive, and the failures (refused upgrades, a slow
// handshake, a session dropped mid-utterance, malformed messages, Deepgram's close codes).

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>

#include "deepgram_messages.h"
#include "fake_vendor_socket.h"
#include "providers/stt/deepgram/deepgram_stt_provider.h"
#include "speech_test_support.h"

namespace ovos::providers::testing {
namespace {

using namespace std::chrono_literals;
using deepgram::DeepgramSttConfig;
using deepgram::DeepgramSttProvider;
using Kind = SttEvent::Kind;

SocketHandshake accept_all(int /*session*/) {
  return {};
}

/// Answers every Finalize with one final "<text>" from_finalize.
FakeVendorSocket::Script finalize_answers(std::string text) {
  return [text](int, std::string_view message, SocketPeer& peer) {
    if (message == R"({"type":"Finalize"})") {
      peer.send(results_message(text, true, false, true));
    }
  };
}

std::vector<std::int16_t> tone(std::size_t samples) {
  std::vector<std::int16_t> out(samples);
  for (std::size_t i = 0; i < samples; ++i)
    out[i] = static_cast<std::int16_t>((i % 40) * 100);
  return out;
}

bool has_text(const SocketSession& session, std::string_view text) {
  return std::find(session.texts.begin(), session.texts.end(), text) != session.texts.end();
}

class DeepgramSttTest : public SpeechHarness {
 protected:
  DeepgramSttConfig config_for(const FakeVendorSocket& fake) {
    DeepgramSttConfig config;
    config.default_base_url = fake.base_url();
    config.timings.connect_timeout = 2s;
    config.timings.retry.base_backoff = 5ms;
    config.timings.retry.max_backoff = 20ms;
    return config;
  }
  SttOptions options() {
    SttOptions o;
    o.credentials = {{"api_key", "dg-secret"}};
    o.sample_rate = 16000;
    o.language = "en";
    o.model = "nova-2";
    return o;
  }
  std::unique_ptr<SttStream> open(DeepgramSttProvider& provider, SttOptions o) {
    auto stream = provider.open_stream(o, executor, stt_recorder());
    EXPECT_TRUE(stream.ok()) << stream.error().message;
    return stream.ok() ? std::move(stream).value() : nullptr;
  }
  bool pump_until_final() {
    return pump_until([this] { return has_stt(Kind::kFinal) || has_stt(Kind::kError); });
  }
};

TEST_F(DeepgramSttTest, OpensTheSessionWithTheKeyAndTheCallsParameters) {
  FakeVendorSocket fake(accept_all, finalize_answers(""));
  DeepgramSttProvider provider(*io, config_for(fake));
  SttOptions o = options();
  o.sample_rate = 8000;
  o.keywords = {"Acme"};
  o.endpointing_ms = 250;
  auto stream = open(provider, o);
  ASSERT_TRUE(fake.wait_until([](const auto& s) { return !s.empty(); }));
  const SocketSession session = fake.sessions().at(0);
  EXPECT_EQ(session.path, "/v1/listen");
  EXPECT_EQ(session.authorization, "Token dg-secret");
  EXPECT_EQ(session.query,
            "model=nova-2&language=en&encoding=linear16&sample_rate=8000&channels=1"
            "&interim_results=true&endpointing=250&utterance_end_ms=1000&vad_events=true"
            "&keywords=Acme");
}

TEST_F(DeepgramSttTest, InterimsThenOneFinalForTheUtteranceAfterFinalize) {
  auto answered = std::make_shared<std::atomic<bool>>(false);
  FakeVendorSocket fake(accept_all, [answered](int, std::string_view text, SocketPeer& peer) {
    if (text.empty() && !answered->exchange(true)) {
      peer.send(speech_started_message());
      peer.send(results_message("what are", false));
      peer.send(results_message("what are your", true));
      peer.send(results_message("opening", false));
    }
    if (text == R"({"type":"Finalize"})") {
      peer.send(results_message("opening hours", true, false, true, 0.91));
      peer.send(metadata_message());
    }
  });
  DeepgramSttProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  // Audio pushed before the socket is open is sent once it is.
  for (int i = 0; i < 3; ++i)
    stream->push_audio(tone(320));
  ASSERT_TRUE(pump_until([this] { return stt_events.size() >= 4; }));
  stream->finalize();
  ASSERT_TRUE(pump_until_final());
  EXPECT_EQ(stt_described(),
            (std::vector<std::string>{"speech", "interim:what are", "interim:what are your",
                                      "interim:what are your opening",
                                      "final:what are your opening hours"}));
  EXPECT_DOUBLE_EQ(stt_events.back().confidence, 0.91);
  EXPECT_DOUBLE_EQ(stt_events.back().audio_seconds, 960.0 / 16000);
  EXPECT_EQ(fake.sessions().at(0).audio_bytes, 960U * 2);
  EXPECT_TRUE(has_text(fake.sessions().at(0), R"({"type":"Finalize"})"));
}

TEST_F(DeepgramSttTest, SpeechFinalOrUtteranceEndAlsoEndTheUtteranceAfterFinalize) {
  FakeVendorSocket fake(accept_all, [](int, std::string_view text, SocketPeer& peer) {
    if (text == R"({"type":"Finalize"})") {
      peer.send(results_message("yes", true, true));
      peer.send(results_message("", true, false, true));  // a second answer is not a second final
    }
  });
  DeepgramSttProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  stream->push_audio(tone(320));
  stream->finalize();
  ASSERT_TRUE(pump_until_final());
  pump_for(50ms);
  EXPECT_EQ(stt_described(), (std::vector<std::string>{"final:yes"}));

  FakeVendorSocket fake2(accept_all, [](int, std::string_view text, SocketPeer& peer) {
    if (text.empty()) peer.send(results_message("no", true));
    if (text == R"({"type":"Finalize"})") peer.send(utterance_end_message());
  });
  DeepgramSttProvider provider2(*io, config_for(fake2));
  stt_events.clear();
  auto stream2 = open(provider2, options());
  stream2->push_audio(tone(320));
  ASSERT_TRUE(pump_until([this] { return !stt_events.empty(); }));
  stream2->finalize();
  ASSERT_TRUE(pump_until_final());
  EXPECT_EQ(stt_described(), (std::vector<std::string>{"interim:no", "final:no"}));
}

TEST_F(DeepgramSttTest, AFinalizeDeepgramDoesNotAnswerStillEndsTheUtterance) {
  FakeVendorSocket fake(accept_all, [](int, std::string_view text, SocketPeer& peer) {
    if (text.empty()) peer.send(results_message("hello there", true));
  });
  auto config = config_for(fake);
  config.timings.finalize_timeout = 30ms;
  DeepgramSttProvider provider(*io, config);
  auto stream = open(provider, options());
  stream->push_audio(tone(320));
  ASSERT_TRUE(pump_until([this] { return !stt_events.empty(); }));
  stream->finalize();
  ASSERT_TRUE(pump_until_final());
  EXPECT_EQ(stt_described(),
            (std::vector<std::string>{"interim:hello there", "final:hello there"}));
}

TEST_F(DeepgramSttTest, SendsKeepAliveWhileNoAudioFlows) {
  FakeVendorSocket fake(accept_all, finalize_answers(""));
  auto config = config_for(fake);
  config.timings.keep_alive_interval = 20ms;
  DeepgramSttProvider provider(*io, config);
  auto stream = open(provider, options());
  EXPECT_TRUE(fake.wait_until([](const auto& s) {
    return !s.empty() && std::count(s[0].texts.begin(), s[0].texts.end(),
                                    std::string(R"({"type":"KeepAlive"})")) >= 2;
  }));
}

TEST_F(DeepgramSttTest, CloseSendsCloseStreamAndDeliversNothingMore) {
  FakeVendorSocket fake(accept_all, [](int, std::string_view text, SocketPeer& peer) {
    if (text.empty()) peer.send(results_message("late", false));
  });
  DeepgramSttProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  ASSERT_TRUE(fake.wait_until([](const auto& s) { return !s.empty(); }));
  stream->push_audio(tone(320));
  ASSERT_TRUE(fake.wait_until([](const auto& s) { return s[0].audio_bytes > 0; }));
  stream->close();
  EXPECT_TRUE(fake.wait_until(
      [](const auto& s) { return s[0].closed && has_text(s[0], R"({"type":"CloseStream"})"); }));
  pump_for(30ms);
  EXPECT_TRUE(stt_events.empty()) << stt_described().at(0);
}

TEST_F(DeepgramSttTest, ARefusedKeyIsOneErrorAndNoRetry) {
  FakeVendorSocket fake(
      [](int) {
        return SocketHandshake{401, invalid_auth_body()};
      },
      finalize_answers(""));
  DeepgramSttProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  ASSERT_TRUE(pump_until([this] { return has_stt(Kind::kError); }));
  EXPECT_EQ(stt_events.at(0).error.code, core::ErrorCode::kUnauthenticated);
  EXPECT_NE(stt_events.at(0).error.message.find("INVALID_AUTH"), std::string::npos)
      << stt_events.at(0).error.message;
  EXPECT_EQ(stt_events.at(0).error.message.find("dg-secret"), std::string::npos);
  pump_for(50ms);
  EXPECT_EQ(fake.sessions().size(), 1U);
  EXPECT_EQ(stt_events.size(), 1U);
}

TEST_F(DeepgramSttTest, RateLimitedAndServerErrorsAreRetried) {
  FakeVendorSocket fake(
      [](int session) {
        if (session == 0) return SocketHandshake{429, R"({"err_code":"TOO_MANY_REQUESTS"})"};
        if (session == 1) return SocketHandshake{500, R"({"err_code":"INTERNAL_SERVER_ERROR"})"};
        return SocketHandshake{};
      },
      finalize_answers("third time lucky"));
  auto config = config_for(fake);
  config.timings.retry.max_attempts = 3;
  DeepgramSttProvider provider(*io, config);
  auto stream = open(provider, options());
  stream->push_audio(tone(320));
  stream->finalize();
  ASSERT_TRUE(pump_until_final());
  EXPECT_EQ(stt_described(), (std::vector<std::string>{"final:third time lucky"}));
  EXPECT_EQ(fake.sessions().size(), 3U);
  EXPECT_EQ(fake.sessions().at(2).audio_bytes, 640U);
}

TEST_F(DeepgramSttTest, GivesUpAfterTheRetryBudget) {
  FakeVendorSocket fake(
      [](int) {
        return SocketHandshake{503, R"({"err_code":"BUSY"})"};
      },
      finalize_answers(""));
  auto config = config_for(fake);
  config.timings.retry.max_attempts = 2;
  DeepgramSttProvider provider(*io, config);
  auto stream = open(provider, options());
  ASSERT_TRUE(pump_until([this] { return has_stt(Kind::kError); }));
  EXPECT_EQ(stt_events.at(0).error.code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(fake.sessions().size(), 2U);
}

TEST_F(DeepgramSttTest, ASlowHandshakeTimesOutAndTheNextAttemptWorks) {
  FakeVendorSocket fake(
      [](int session) {
        SocketHandshake handshake;
        if (session == 0) handshake.delay = 600ms;
        return handshake;
      },
      finalize_answers("patience"));
  auto config = config_for(fake);
  config.timings.connect_timeout = 150ms;
  DeepgramSttProvider provider(*io, config);
  auto stream = open(provider, options());
  stream->push_audio(tone(320));
  stream->finalize();
  ASSERT_TRUE(pump_until_final());
  EXPECT_EQ(stt_described(), (std::vector<std::string>{"final:patience"}));
  EXPECT_GE(fake.sessions().size(), 2U);
}

TEST_F(DeepgramSttTest, ASessionDroppedMidUtteranceIsReopenedAndTheAudioSentAgain) {
  FakeVendorSocket fake(accept_all, [](int session, std::string_view text, SocketPeer& peer) {
    if (session == 0 && text.empty()) {
      peer.send(results_message("lost words", true));
      peer.close(1011, "NET-0000: internal server error");
    }
    if (session == 1 && text == R"({"type":"Finalize"})") {
      peer.send(results_message("all the words", true, false, true));
    }
  });
  DeepgramSttProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  ASSERT_TRUE(fake.wait_until([](const auto& s) { return !s.empty(); }));
  stream->push_audio(tone(320));
  ASSERT_TRUE(fake.wait_until([](const auto& s) { return s.size() >= 2; }));
  stream->push_audio(tone(320));
  stream->finalize();
  ASSERT_TRUE(pump_until_final());
  // The first session's final stretch is dropped with it; the second session heard it all.
  EXPECT_EQ(stt_events.back().kind, Kind::kFinal);
  EXPECT_EQ(stt_events.back().text, "all the words");
  EXPECT_EQ(fake.sessions().at(1).audio_bytes, 640U * 2);
}

TEST_F(DeepgramSttTest, UndecodableAudioClosesForGood) {
  FakeVendorSocket fake(accept_all, [](int, std::string_view text, SocketPeer& peer) {
    if (text.empty()) {
      peer.send(
          R"({"type":"Error","description":"Failed to decode audio.","variant":"DATA-0000"})");
      peer.close(1008, "DATA-0000");
    }
  });
  DeepgramSttProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  stream->push_audio(tone(320));
  ASSERT_TRUE(pump_until([this] { return has_stt(Kind::kError); }));
  EXPECT_EQ(stt_events.back().error.code, core::ErrorCode::kInvalidArgument);
  pump_for(50ms);
  EXPECT_EQ(fake.sessions().size(), 1U);
}

TEST_F(DeepgramSttTest, MalformedMessagesAreSkipped) {
  FakeVendorSocket fake(accept_all, [](int, std::string_view text, SocketPeer& peer) {
    if (text.empty()) {
      peer.send("not json at all");
      peer.send(R"({"type":"Results"})");
      peer.send(R"({"no_type":true})");
      peer.send(results_message("still here", false));
    }
  });
  DeepgramSttProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  stream->push_audio(tone(320));
  ASSERT_TRUE(pump_until([this] { return !stt_events.empty(); }));
  EXPECT_EQ(stt_described(), (std::vector<std::string>{"interim:still here"}));
}

TEST_F(DeepgramSttTest, AMissingKeyIsRefusedAtOpen) {
  DeepgramSttProvider provider(*io);
  SttOptions o = options();
  o.credentials.clear();
  auto stream = provider.open_stream(o, executor, stt_recorder());
  ASSERT_FALSE(stream.ok());
  EXPECT_EQ(stream.error().code, core::ErrorCode::kUnauthenticated);
}

}  // namespace
}  // namespace ovos::providers::testing
