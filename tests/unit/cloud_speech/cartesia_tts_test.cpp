// Cartesia text-to-speech against a loopback fake of its WebSocket API: contexts multiplexed
// on one connection, cancel, and the failures (401 and 429 at the upgrade, a slow handshake, a
// close mid-generation, an error for one context, malformed messages).

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "crypto/base64.h"
#include "providers/tts/cartesia/cartesia_tts_provider.h"
#include "socket_tts_harness.h"

namespace ovos::providers::testing {
namespace {

using namespace std::chrono_literals;
using Kind = TtsEvent::Kind;
namespace json = boost::json;

std::string chunk(std::string_view context, const std::vector<std::int16_t>& samples) {
  return json::serialize(json::object{{"type", "chunk"},
                                      {"data", crypto::base64_encode(pcm_le(samples))},
                                      {"done", false},
                                      {"status_code", 206},
                                      {"step_time", 123},
                                      {"context_id", context}});
}

std::string done(std::string_view context) {
  return json::serialize(json::object{
      {"type", "done"}, {"done", true}, {"status_code", 206}, {"context_id", context}});
}

/// The context id and transcript of a generation request ("" when it is not one).
std::pair<std::string, std::string> request_of(std::string_view text) {
  const json::value v = json::parse(text);
  if (!v.as_object().contains("transcript")) return {};
  return {std::string(v.at("context_id").as_string()), std::string(v.at("transcript").as_string())};
}

/// Answers every generation with 100 samples then done.
FakeVendorSocket::Script speaks_everything() {
  return [](int, std::string_view text, SocketPeer& peer) {
    const auto [id, transcript] = request_of(text);
    if (id.empty()) return;
    peer.send(chunk(id, ramp(100)));
    peer.send(done(id));
  };
}

class CartesiaTtsTest : public SocketTtsHarness {
 protected:
  cartesia::CartesiaTtsConfig config_for(const FakeVendorSocket& fake) {
    cartesia::CartesiaTtsConfig config;
    config.default_base_url = fake.base_url();
    config.connect_timeout = 2s;
    retry_fast(config);
    return config;
  }
  TtsOptions options(int rate = 16000) {
    TtsOptions o;
    o.credentials = {{"api_key", "sk_car_test"}};
    o.voice_id = "a0e99841-438c-4a64-b679-ae501e7d6091";
    o.language = "en-US";
    o.sample_rate = rate;
    return o;
  }
};

TEST_F(CartesiaTtsTest, OneConnectionOpenedAtOnceCarriesEveryContext) {
  FakeVendorSocket fake(accept_all, speaks_everything());
  cartesia::CartesiaTtsProvider provider(*io, config_for(fake));
  TtsOptions o = options();
  o.model = "sonic-turbo";
  auto stream = open(provider, o);
  ASSERT_NO_FATAL_FAILURE(speak_two_on_one_connection(*stream, fake, 16000));
  const auto sessions = fake.sessions();
  EXPECT_EQ(sessions[0].path, "/tts/websocket");
  EXPECT_EQ(sessions[0].query, "api_key=sk_car_test&cartesia_version=2024-11-13");
  ASSERT_EQ(sessions[0].texts.size(), 2U);
  EXPECT_EQ(json::parse(sessions[0].texts[0]),
            json::parse(R"({"model_id":"sonic-turbo","transcript":"Hello there.",)"
                        R"("voice":{"mode":"id","id":"a0e99841-438c-4a64-b679-ae501e7d6091"},)"
                        R"("language":"en","context_id":"1","output_format":{"container":"raw",)"
                        R"("encoding":"pcm_s16le","sample_rate":16000},"continue":false})"));
}

TEST_F(CartesiaTtsTest, InterleavedContextsKeepTheirOwnAudio) {
  FakeVendorSocket fake(accept_all, [](int, std::string_view text, SocketPeer& peer) {
    if (request_of(text).first != "2") return;  // answer both once the second arrived
    peer.send(chunk("1", ramp(10, 0)));
    peer.send(chunk("2", ramp(10, 1000)));
    peer.send(chunk("1", ramp(10, 30)));
    peer.send(done("2"));
    peer.send(done("1"));
  });
  cartesia::CartesiaTtsProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  say(*stream, 1, "One.");
  say(*stream, 2, "Two.");
  ASSERT_TRUE(pump_until([&] { return end_of(1) && end_of(2); }));
  auto expected1 = ramp(10, 0);
  const auto more = ramp(10, 30);
  expected1.insert(expected1.end(), more.begin(), more.end());
  EXPECT_EQ(audio_of(1), expected1);
  EXPECT_EQ(audio_of(2), ramp(10, 1000));
}

TEST_F(CartesiaTtsTest, CancelTellsCartesiaAndDropsWhatComesLater) {
  FakeVendorSocket fake(accept_all, [](int, std::string_view text, SocketPeer& peer) {
    const auto [id, transcript] = request_of(text);
    if (id == "1") peer.send(chunk("1", ramp(10)));
    if (text.find("\"cancel\":true") != std::string_view::npos) {
      peer.send(chunk("1", ramp(10)));  // already on its way
      peer.send(done("1"));
    }
    if (id == "2") {
      peer.send(chunk("2", ramp(5)));
      peer.send(done("2"));
    }
  });
  cartesia::CartesiaTtsProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  say(*stream, 1, "A long story.");
  ASSERT_TRUE(pump_until([&] { return !audio_of(1).empty(); }));
  stream->cancel(1);
  say(*stream, 2, "Short.");
  ASSERT_TRUE(pump_until_ended(2));
  pump_for(30ms);
  EXPECT_EQ(end_of(1), nullptr);
  EXPECT_EQ(audio_of(1).size(), 10U);
  EXPECT_EQ(json::parse(fake.sessions().at(0).texts.at(1)),
            json::parse(R"({"context_id":"1","cancel":true})"));
}

TEST_F(CartesiaTtsTest, ARefusedKeyFailsThisContextAndEveryLaterOne) {
  FakeVendorSocket fake(
      [](int) {
        return SocketHandshake{401, R"({"error":"Invalid API key"})"};
      },
      speaks_everything());
  cartesia::CartesiaTtsProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  say(*stream, 1, "Hello.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kError);
  EXPECT_EQ(end_of(1)->error.code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(end_of(1)->error.message.find("sk_car_test"), std::string::npos)
      << end_of(1)->error.message;
  say(*stream, 2, "Again.");
  ASSERT_TRUE(pump_until_ended(2));
  EXPECT_EQ(end_of(2)->error.code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(fake.sessions().size(), 1U);
}

TEST_F(CartesiaTtsTest, RateLimitedAndSlowHandshakesAreRetried) {
  FakeVendorSocket fake(
      [](int session) {
        if (session == 0) return SocketHandshake{429, R"({"error":"Too many connections"})"};
        SocketHandshake handshake;
        if (session == 1) handshake.delay = 600ms;
        return handshake;
      },
      speaks_everything());
  auto config = config_for(fake);
  config.connect_timeout = 150ms;
  cartesia::CartesiaTtsProvider provider(*io, config);
  auto stream = open(provider, options());
  say(*stream, 1, "Eventually.");
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_GE(fake.sessions().size(), 3U);
}

TEST_F(CartesiaTtsTest, ADroppedConnectionEndsWhatWasHeardAndResendsTheRest) {
  FakeVendorSocket fake(accept_all, [](int session, std::string_view text, SocketPeer& peer) {
    const auto [id, transcript] = request_of(text);
    if (session == 0 && id == "1") peer.send(chunk("1", ramp(10)));
    if (session == 0 && id == "2") peer.close(1011, "internal error");
    if (session == 1 && !id.empty()) {
      peer.send(chunk(id, ramp(20)));
      peer.send(done(id));
    }
  });
  cartesia::CartesiaTtsProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  say(*stream, 1, "Half heard.");
  ASSERT_TRUE(pump_until([&] { return !audio_of(1).empty(); }));
  say(*stream, 2, "Not yet heard.");
  ASSERT_TRUE(pump_until_ended(2));
  ASSERT_TRUE(pump_until_ended(1));
  EXPECT_EQ(end_of(1)->kind, Kind::kError);
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(2), ramp(20));
  const auto sessions = fake.sessions();
  ASSERT_EQ(sessions.size(), 2U);
  ASSERT_EQ(sessions[1].texts.size(), 1U);
  EXPECT_EQ(request_of(sessions[1].texts[0]).second, "Not yet heard.");
}

TEST_F(CartesiaTtsTest, AnErrorForOneContextEndsOnlyThatOne) {
  FakeVendorSocket fake(accept_all, [](int, std::string_view text, SocketPeer& peer) {
    const auto [id, transcript] = request_of(text);
    if (id == "1") {
      peer.send(R"({"type":"error","done":true,"error":"Invalid voice: not found",)"
                R"("status_code":400,"context_id":"1"})");
    }
    if (id == "2") {
      peer.send("definitely not json");
      peer.send(R"({"type":"chunk","context_id":"2"})");
      peer.send(chunk("2", ramp(4)));
      peer.send(done("2"));
    }
  });
  cartesia::CartesiaTtsProvider provider(*io, config_for(fake));
  auto stream = open(provider, options());
  say(*stream, 1, "Bad voice.");
  say(*stream, 2, "Fine.");
  ASSERT_TRUE(pump_until([&] { return end_of(1) && end_of(2); }));
  EXPECT_EQ(end_of(1)->kind, Kind::kError);
  EXPECT_EQ(end_of(1)->error.message, "cartesia: Invalid voice: not found");
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);
  EXPECT_EQ(audio_of(2), ramp(4));
}

TEST_F(CartesiaTtsTest, AMissingKeyOrVoiceIsRefusedAtOpen) {
  cartesia::CartesiaTtsProvider provider(*io);
  TtsOptions no_key = options();
  no_key.credentials.clear();
  auto a = provider.open_stream(no_key, executor, tts_recorder());
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, core::ErrorCode::kUnauthenticated);
  TtsOptions no_voice = options();
  no_voice.voice_id.clear();
  auto b = provider.open_stream(no_voice, executor, tts_recorder());
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code, core::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace ovos::providers::testing
