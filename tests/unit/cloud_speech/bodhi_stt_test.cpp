// Bodhi streaming recognition against a loopback fake of its WebSocket API: the session's
// headers and config, partials and completes to events, finalize, and the failures (refused
// upgrades, a slow handshake, a session dropped mid-utterance or while idle, malformed
// messages, a policy close).

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <map>
#include <mutex>

#include "fake_vendor_socket.h"
#include "providers/stt/bodhi/bodhi_stt_provider.h"
#include "speech_test_support.h"

namespace ovos::providers::testing {
namespace {

using namespace std::chrono_literals;
using bodhi::BodhiSttConfig;
using bodhi::BodhiSttProvider;
using Kind = SttEvent::Kind;

constexpr std::size_t kPacketBytes = 1600;  // 100 ms at 8 kHz

SocketHandshake accept_all(int /*session*/) {
  return {};
}

std::string response(std::string_view type, std::string_view text, int segment = 1) {
  return std::string(R"({"call_id":"call-1","segment_id":")") + std::to_string(segment) +
         R"(","eos":false,"type":")" + std::string(type) + R"(","text":")" + std::string(text) +
         R"("})";
}

std::vector<std::int16_t> tone(std::size_t samples) {
  std::vector<std::int16_t> out(samples);
  for (std::size_t i = 0; i < samples; ++i)
    out[i] = static_cast<std::int16_t>((i % 40) * 100);
  return out;
}

/// Counts each session's audio packets; the script gets the packet's number (from 1).
class PacketCounter {
 public:
  int next(int session) {
    std::lock_guard lock(mutex_);
    return ++counts_[session];
  }

 private:
  std::mutex mutex_;
  std::map<int, int> counts_;
};

class BodhiSttTest : public SpeechHarness {
 protected:
  BodhiSttConfig config_for(const FakeVendorSocket& fake) {
    BodhiSttConfig config;
    config.default_base_url = fake.base_url();
    config.timings.connect_timeout = 2s;
    config.timings.finalize_timeout = 2s;
    config.timings.retry.base_backoff = 5ms;
    config.timings.retry.max_backoff = 20ms;
    return config;
  }
  SttOptions options() {
    SttOptions o;
    o.credentials = {{"api_key", "bodhi-secret"}, {"customer_id", "cust-7"}};
    o.sample_rate = 8000;
    o.language = "hi";
    o.model = "nova-2";  // Bolna's default names a Deepgram model
    return o;
  }
  std::unique_ptr<SttStream> open(BodhiSttProvider& provider, SttOptions o) {
    auto stream = provider.open_stream(o, executor, stt_recorder());
    EXPECT_TRUE(stream.ok()) << stream.error().message;
    return stream.ok() ? std::move(stream).value() : nullptr;
  }
  bool pump_until_final() {
    return pump_until([this] { return has_stt(Kind::kFinal) || has_stt(Kind::kError); });
  }
};

TEST_F(BodhiSttTest, OpensWithTheKeyHeadersAndTheConfigThenSendsFixedPackets) {
  FakeVendorSocket fake(accept_all, [](int, std::string_view, SocketPeer&) {});
  BodhiSttProvider provider(*io, config_for(fake));
  SttOptions o = options();
  o.endpointing_ms = 600;
  auto stream = open(provider, o);
  stream->push_audio(tone(500));
  stream->push_audio(tone(500));
  ASSERT_TRUE(fake.wait_until([](const auto& s) { return !s.empty() && s[0].audio_bytes > 0; }));
  const SocketSession session = fake.sessions().at(0);
  EXPECT_EQ(session.header("x-api-key"), "bodhi-secret");
  EXPECT_EQ(session.header("x-customer-id"), "cust-7");
  EXPECT_EQ(session.path, "/");
  ASSERT_FALSE(session.texts.empty());
  const auto config = boost::json::parse(session.texts.at(0)).at("config");
  EXPECT_EQ(config.at("sample_rate").as_int64(), 8000);
  EXPECT_EQ(config.at("model").as_string(), "hi-general-v2-8khz");
  EXPECT_EQ(config.at("transaction_id").as_string().size(), 36u);
  EXPECT_DOUBLE_EQ(config.at("endpoint_silence_duration").as_double(), 0.6);
  // 1000 samples pushed: one 100 ms packet so far, the rest waits for the next.
  EXPECT_EQ(session.audio_bytes, kPacketBytes);
}

TEST_F(BodhiSttTest, PartialsAreInterimsAndFinalizeWaitsForTheComplete) {
  PacketCounter packets;
  FakeVendorSocket fake(accept_all,
                        [&packets](int session, std::string_view text, SocketPeer& peer) {
                          if (!text.empty()) return;
                          const int n = packets.next(session);
                          if (n == 1) peer.send(response("partial", "mera loan"));
                          if (n == 2) peer.send(response("complete", "mera loan kab"));
                        });
  BodhiSttProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  stream->push_audio(tone(1200));
  ASSERT_TRUE(pump_until([this] { return !stt_events.empty(); }));
  stream->finalize();  // pads the last 400 samples to a packet: Bodhi completes the segment
  ASSERT_TRUE(pump_until_final());
  EXPECT_EQ(stt_described(),
            (std::vector<std::string>{"interim:mera loan", "final:mera loan kab"}));
  EXPECT_DOUBLE_EQ(stt_events.back().audio_seconds, 0.2);
  EXPECT_EQ(fake.sessions().at(0).audio_bytes, 2 * kPacketBytes);
}

TEST_F(BodhiSttTest, SegmentsCompletedBeforeFinalizeAreJoinedAtOnce) {
  PacketCounter packets;
  FakeVendorSocket fake(accept_all,
                        [&packets](int session, std::string_view text, SocketPeer& peer) {
                          if (!text.empty()) return;
                          const int n = packets.next(session);
                          if (n == 1) peer.send(response("complete", "first part", 1));
                          if (n == 2) peer.send(response("complete", "second part", 2));
                        });
  BodhiSttProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  stream->push_audio(tone(1600));
  ASSERT_TRUE(pump_until([this] { return stt_events.size() >= 2; }));
  stream->finalize();
  ASSERT_TRUE(pump_until_final());
  EXPECT_EQ(stt_described(),
            (std::vector<std::string>{"interim:first part", "interim:first part second part",
                                      "final:first part second part"}));
}

TEST_F(BodhiSttTest, AMissingCompleteEndsTheUtteranceWithThePartial) {
  FakeVendorSocket fake(accept_all, [](int, std::string_view text, SocketPeer& peer) {
    if (text.empty()) peer.send(response("partial", "hello"));
  });
  auto config = config_for(fake);
  config.timings.finalize_timeout = 30ms;
  BodhiSttProvider provider(*io, config);
  auto stream = open(provider, options());
  stream->push_audio(tone(800));
  ASSERT_TRUE(pump_until([this] { return !stt_events.empty(); }));
  stream->finalize();
  ASSERT_TRUE(pump_until_final());
  EXPECT_EQ(stt_described(), (std::vector<std::string>{"interim:hello", "final:hello"}));
}

TEST_F(BodhiSttTest, CloseSendsEofAndDeliversNothingMore) {
  FakeVendorSocket fake(accept_all, [](int, std::string_view text, SocketPeer& peer) {
    if (text.empty()) peer.send(response("partial", "late"));
  });
  BodhiSttProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  stream->push_audio(tone(800));
  ASSERT_TRUE(fake.wait_until([](const auto& s) { return !s.empty() && s[0].audio_bytes > 0; }));
  stream->close();
  EXPECT_TRUE(fake.wait_until([](const auto& s) {
    return s[0].closed && std::find(s[0].texts.begin(), s[0].texts.end(),
                                    std::string(R"({"eof": 1})")) != s[0].texts.end();
  }));
  pump_for(30ms);
  EXPECT_TRUE(stt_events.empty()) << stt_described().at(0);
}

TEST_F(BodhiSttTest, RefusedKeysAndAnEmptyBalanceAreOneErrorAndNoRetry) {
  for (const int status : {401, 402, 403}) {
    stt_events.clear();
    FakeVendorSocket fake(
        [status](int) {
          return SocketHandshake{status, R"({"error":"no"})"};
        },
        [](int, std::string_view, SocketPeer&) {});
    BodhiSttProvider provider(*io, config_for(fake));
    auto stream = open(provider, options());
    ASSERT_TRUE(pump_until([this] { return has_stt(Kind::kError); })) << status;
    EXPECT_EQ(stt_events.at(0).error.message.find("bodhi-secret"), std::string::npos);
    if (status == 402) {
      EXPECT_NE(stt_events.at(0).error.message.find("insufficient balance"), std::string::npos)
          << stt_events.at(0).error.message;
    }
    if (status == 401) {
      EXPECT_EQ(stt_events.at(0).error.code, core::ErrorCode::kUnauthenticated);
    }
    pump_for(40ms);
    EXPECT_EQ(fake.sessions().size(), 1U) << status;
    EXPECT_EQ(stt_events.size(), 1U) << status;
  }
}

TEST_F(BodhiSttTest, RateLimitsAndServerErrorsAreRetriedUntilTheBudgetEnds) {
  FakeVendorSocket fake(
      [](int session) {
        if (session == 0) return SocketHandshake{429, "{}"};
        if (session == 1) return SocketHandshake{500, "{}"};
        return SocketHandshake{};
      },
      [](int, std::string_view text, SocketPeer& peer) {
        if (text.empty()) peer.send(response("complete", "third time"));
      });
  auto config = config_for(fake);
  config.timings.retry.max_attempts = 3;
  BodhiSttProvider provider(*io, config);
  auto stream = open(provider, options());
  stream->push_audio(tone(800));
  ASSERT_TRUE(pump_until([this] { return !stt_events.empty(); }));
  stream->finalize();
  ASSERT_TRUE(pump_until_final());
  EXPECT_EQ(stt_events.back().text, "third time");
  EXPECT_EQ(fake.sessions().size(), 3U);

  stt_events.clear();
  FakeVendorSocket down(
      [](int) {
        return SocketHandshake{503, "{}"};
      },
      [](int, std::string_view, SocketPeer&) {});
  BodhiSttProvider failing(*io, config_for(down));
  auto gone = open(failing, options());
  ASSERT_TRUE(pump_until([this] { return has_stt(Kind::kError); }));
  EXPECT_EQ(stt_events.at(0).error.code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(down.sessions().size(), 3U);
}

TEST_F(BodhiSttTest, ASlowHandshakeTimesOutAndTheNextAttemptWorks) {
  FakeVendorSocket fake(
      [](int session) {
        SocketHandshake handshake;
        if (session == 0) handshake.delay = 600ms;
        return handshake;
      },
      [](int, std::string_view text, SocketPeer& peer) {
        if (text.empty()) peer.send(response("complete", "patience"));
      });
  auto config = config_for(fake);
  config.timings.connect_timeout = 150ms;
  BodhiSttProvider provider(*io, config);
  auto stream = open(provider, options());
  stream->push_audio(tone(800));
  ASSERT_TRUE(pump_until([this] { return !stt_events.empty(); }));
  stream->finalize();
  ASSERT_TRUE(pump_until_final());
  EXPECT_EQ(stt_described(), (std::vector<std::string>{"interim:patience", "final:patience"}));
  EXPECT_GE(fake.sessions().size(), 2U);
}

TEST_F(BodhiSttTest, ASessionDroppedMidUtteranceIsReopenedAndTheAudioSentAgain) {
  FakeVendorSocket fake(accept_all, [](int session, std::string_view text, SocketPeer& peer) {
    if (!text.empty()) return;
    if (session == 0) {
      peer.send(response("complete", "lost words"));
      peer.close(1011, "internal error");
    }
    if (session == 1) peer.send(response("complete", "all the words"));
  });
  BodhiSttProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  stream->push_audio(tone(800));
  ASSERT_TRUE(fake.wait_until([](const auto& s) { return s.size() >= 2; }));
  ASSERT_TRUE(fake.wait_until([](const auto& s) { return s[1].audio_bytes >= kPacketBytes; }));
  stream->finalize();
  ASSERT_TRUE(pump_until_final());
  // The first session's segment is dropped with it; the second session heard it all again.
  EXPECT_EQ(stt_events.back().kind, Kind::kFinal);
  EXPECT_EQ(stt_events.back().text, "all the words");
  EXPECT_EQ(fake.sessions().at(1).audio_bytes, kPacketBytes);
}

TEST_F(BodhiSttTest, ASessionClosedWhileTheCallerIsSilentReopensWithTheNextAudio) {
  FakeVendorSocket fake(accept_all, [](int session, std::string_view text, SocketPeer& peer) {
    if (session == 0 && text.starts_with(R"({"config")")) peer.close(1000, "idle");
    if (session == 1 && text.empty()) peer.send(response("complete", "back again"));
  });
  BodhiSttProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  ASSERT_TRUE(fake.wait_until([](const auto& s) { return !s.empty() && s[0].closed; }));
  pump_for(60ms);
  EXPECT_EQ(fake.sessions().size(), 1U);  // no reconnect while nothing is said
  EXPECT_TRUE(stt_events.empty());
  stream->push_audio(tone(800));
  stream->finalize();
  ASSERT_TRUE(pump_until_final());
  EXPECT_EQ(stt_events.back().text, "back again");
  EXPECT_EQ(fake.sessions().size(), 2U);
}

TEST_F(BodhiSttTest, APolicyCloseEndsTheStream) {
  FakeVendorSocket fake(accept_all, [](int, std::string_view text, SocketPeer& peer) {
    if (text.empty()) peer.close(1008, "bad audio");
  });
  BodhiSttProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  stream->push_audio(tone(800));
  ASSERT_TRUE(pump_until([this] { return has_stt(Kind::kError); }));
  EXPECT_EQ(stt_events.back().error.code, core::ErrorCode::kInvalidArgument);
  pump_for(50ms);
  EXPECT_EQ(fake.sessions().size(), 1U);
}

TEST_F(BodhiSttTest, MalformedMessagesAreSkipped) {
  FakeVendorSocket fake(accept_all, [](int, std::string_view text, SocketPeer& peer) {
    if (text.empty()) {
      peer.send("not json at all");
      peer.send(R"({"type":"partial"})");
      peer.send(R"({"text":"no type"})");
      peer.send(response("partial", "still here"));
    }
  });
  BodhiSttProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  stream->push_audio(tone(800));
  ASSERT_TRUE(pump_until([this] { return !stt_events.empty(); }));
  EXPECT_EQ(stt_described(), (std::vector<std::string>{"interim:still here"}));
}

TEST_F(BodhiSttTest, AMissingKeyOrCustomerIsRefusedAtOpen) {
  BodhiSttProvider provider(*io);
  SttOptions o = options();
  o.credentials.erase("customer_id");
  auto stream = provider.open_stream(o, executor, stt_recorder());
  ASSERT_FALSE(stream.ok());
  EXPECT_EQ(stream.error().code, core::ErrorCode::kUnauthenticated);
}

}  // namespace
}  // namespace ovos::providers::testing
