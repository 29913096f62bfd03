// ElevenLabs over its multi-context WebSocket against a loopback fake: one connection per call
// with the key header, each context opened, flushed and closed, audio and isFinal to events,
// barge-in as close_context, and the failures (refused key, 429 and a slow handshake retried,
// a connection dropped mid-context, an error message, malformed messages).

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "crypto/base64.h"
#include "providers/tts/elevenlabs/elevenlabs_tts_provider.h"
#include "socket_tts_harness.h"

namespace ovos::providers::testing {
namespace {

using namespace std::chrono_literals;
using Kind = TtsEvent::Kind;
namespace json = boost::json;

std::string audio(std::string_view context, const std::vector<std::int16_t>& samples) {
  return json::serialize(json::object{{"audio", crypto::base64_encode(pcm_le(samples))},
                                      {"normalizedAlignment", nullptr},
                                      {"alignment", nullptr},
                                      {"contextId", context}});
}

std::string final_of(std::string_view context) {
  return json::serialize(json::object{{"isFinal", true}, {"contextId", context}});
}

/// The context of a message that flushes text ("" for the others).
std::string flushed(std::string_view text) {
  const json::value v = json::parse(text);
  const auto& o = v.as_object();
  if (!o.contains("flush") || !o.contains("context_id")) return {};
  return std::string(o.at("context_id").as_string());
}

bool closes(std::string_view text, std::string_view context) {
  const json::value v = json::parse(text);
  const auto& o = v.as_object();
  return o.contains("close_context") && o.at("context_id").as_string() == context;
}

/// Speaks every flushed context: 100 samples, and isFinal once it is closed.
FakeVendorSocket::Script speaks_everything() {
  return [](int, std::string_view text, SocketPeer& peer) {
    const json::value v = json::parse(text);
    const auto& o = v.as_object();
    if (o.contains("flush")) peer.send(audio(o.at("context_id").as_string(), ramp(100)));
    if (o.contains("close_context")) peer.send(final_of(o.at("context_id").as_string()));
  };
}

class ElevenLabsSocketTest : public SocketTtsHarness {
 protected:
  static elevenlabs::ElevenLabsTtsConfig config_for(const FakeVendorSocket& fake) {
    return aimed_at<elevenlabs::ElevenLabsTtsConfig>(fake);
  }
  TtsOptions options(int rate = 16000) {
    TtsOptions o;
    o.credentials = {{"api_key", "xi-secret"}};
    o.voice_id = "21m00Tcm4TlvDq8ikWAM";
    o.sample_rate = rate;
    o.stream = true;
    return o;
  }
};

TEST_F(ElevenLabsSocketTest, OneConnectionWithTheKeyHeaderCarriesEveryContext) {
  FakeVendorSocket fake(accept_all, speaks_everything());
  elevenlabs::ElevenLabsTtsProvider provider(*io, config_for(fake));
  TtsOptions o = options(8000);
  o.model = "eleven_flash_v2_5";
  auto stream = open(provider, o);
  ASSERT_NO_FATAL_FAILURE(speak_two_on_one_connection(*stream, fake, 8000));
  const auto sessions = fake.sessions();
  EXPECT_EQ(sessions[0].path, "/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/multi-stream-input");
  EXPECT_EQ(sessions[0].query,
            "model_id=eleven_flash_v2_5&output_format=pcm_8000&auto_mode=true&"
            "inactivity_timeout=180");
  EXPECT_EQ(sessions[0].header("xi-api-key"), "xi-secret");
  ASSERT_EQ(sessions[0].texts.size(), 6U);  // open, text + flush, close: twice
  EXPECT_EQ(json::parse(sessions[0].texts[1]),
            json::parse(R"({"text":"Hello there. ","context_id":"1","flush":true})"));
  stream->close();
  EXPECT_TRUE(fake.wait_until([](const auto& s) {
    return s[0].closed && s[0].texts.back() == R"({"close_socket":true})";
  }));
}

TEST_F(ElevenLabsSocketTest, BargeInClosesTheContextAndDropsItsLateAudio) {
  auto closes_of_1 = std::make_shared<std::atomic<int>>(0);
  FakeVendorSocket fake(accept_all, [closes_of_1](int, std::string_view text, SocketPeer& peer) {
    const std::string id = flushed(text);
    if (id == "1") peer.send(audio("1", ramp(50)));  // a long story: the rest comes later
    // The second close_context of "1" is the barge-in; flushed text still finishes on
    // ElevenLabs' side, so more of it arrives after it.
    if (closes(text, "1") && ++*closes_of_1 == 2) {
      peer.send(audio("1", ramp(50)));
      peer.send(final_of("1"));
    }
    if (id == "2") peer.send(audio("2", ramp(20)));
    if (closes(text, "2")) peer.send(final_of("2"));
  });
  elevenlabs::ElevenLabsTtsProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  stream->push_text(1, "A long story.");
  stream->flush(1);
  ASSERT_TRUE(pump_until([&] { return !audio_of(1).empty(); }));
  stream->cancel(1);
  say(*stream, 2, "Short.");
  ASSERT_TRUE(pump_until_ended(2));
  EXPECT_EQ(end_of(1), nullptr);  // nothing more of a cancelled context, not even its end
  EXPECT_EQ(audio_of(1).size(), 50U);
  EXPECT_EQ(audio_of(2), ramp(20));
  EXPECT_EQ(closes_of_1->load(), 2);  // the barge-in told ElevenLabs
}

TEST_F(ElevenLabsSocketTest, ARefusedKeyFailsThisContextAndEveryLaterOne) {
  FakeVendorSocket fake(
      [](int) {
        return SocketHandshake{401, R"({"detail":{"status":"invalid_api_key"}})"};
      },
      speaks_everything());
  elevenlabs::ElevenLabsTtsProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  say(*stream, 1, "First.");
  ASSERT_TRUE(pump_until_ended(1));
  say(*stream, 2, "Second.");
  ASSERT_TRUE(pump_until_ended(2));
  EXPECT_EQ(end_of(1)->kind, Kind::kError);
  EXPECT_EQ(end_of(1)->error.code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(end_of(2)->kind, Kind::kError);
  EXPECT_EQ(fake.sessions().size(), 1U);  // never tried again
}

TEST_F(ElevenLabsSocketTest, RateLimitedAndSlowHandshakesAreRetried) {
  FakeVendorSocket fake(
      [](int session) {
        if (session == 0) return SocketHandshake{429, R"({"detail":{"status":"system_busy"}})"};
        SocketHandshake slow;
        if (session == 1) slow.delay = 600ms;
        return slow;
      },
      speaks_everything());
  auto config = config_for(fake);
  config.http.connect_timeout = 150ms;
  config.retry.max_attempts = 4;
  elevenlabs::ElevenLabsTtsProvider provider(*io, config);
  auto stream = open(provider, options());
  say(*stream, 1, "Third time.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(1), ramp(100));
  EXPECT_GE(fake.sessions().size(), 3U);
}

TEST_F(ElevenLabsSocketTest, ADroppedConnectionEndsWhatWasHeardAndResendsTheRest) {
  FakeVendorSocket fake(accept_all, [](int session, std::string_view text, SocketPeer& peer) {
    const std::string id = flushed(text);
    if (session == 0 && id == "1") peer.send(audio("1", ramp(30)));
    if (session == 0 && id == "2") peer.close(1011, "internal error");
    if (session >= 1 && id == "2") peer.send(audio("2", ramp(40)));
    if (session >= 1 && closes(text, "2")) peer.send(final_of("2"));
  });
  elevenlabs::ElevenLabsTtsProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  say(*stream, 1, "Heard in part.");
  ASSERT_TRUE(pump_until([&] { return !audio_of(1).empty(); }));
  say(*stream, 2, "Not heard yet.");
  ASSERT_TRUE(pump_until_ended(2));
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kError);  // cut short: not spoken twice
  EXPECT_EQ(audio_of(1), ramp(30));
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);  // sent again on the new connection
  EXPECT_EQ(audio_of(2), ramp(40));
}

TEST_F(ElevenLabsSocketTest, AnErrorMessageEndsItsContextAndMalformedOnesAreSkipped) {
  FakeVendorSocket fake(accept_all, [](int, std::string_view text, SocketPeer& peer) {
    const std::string id = flushed(text);
    if (id == "1") {
      peer.send("not json");
      peer.send(R"({"audio":"%%%","contextId":"1"})");
      peer.send(R"({"error":"invalid_request","message":"text too long","contextId":"1"})");
    }
    if (id == "2") peer.send(audio("2", ramp(10)));
    if (closes(text, "2")) peer.send(final_of("2"));
  });
  elevenlabs::ElevenLabsTtsProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  say(*stream, 1, "Broken.");
  say(*stream, 2, "Fine.");
  ASSERT_TRUE(pump_until_ended(2));
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kError);
  EXPECT_NE(end_of(1)->error.message.find("text too long"), std::string::npos);
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(2), ramp(10));
}

TEST_F(ElevenLabsSocketTest, WithoutStreamTheHttpApiIsUsed) {
  FakeVendorSocket fake(accept_all, speaks_everything(), [](net::HttpRequest&) {
    return net::HttpResponse::text(200, std::string(20, '\0'), "audio/pcm");
  });
  elevenlabs::ElevenLabsTtsProvider provider(*io, config_for(fake));
  TtsOptions o = options();
  o.stream = false;
  auto stream = open(provider, o);
  say(*stream, 1, "Over HTTP.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_TRUE(fake.sessions().empty());
}

}  // namespace
}  // namespace ovos::providers::testing
