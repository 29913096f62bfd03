#pragma once

// Helpers of the WebSocket synthesizers' tests (Cartesia, ElevenLabs, Sarvam, Smallest) against
// FakeVendorSocket: PCM ramps and their bytes for the fake's audio messages, a plan that
// accepts every session, a provider config aimed at the fake, and their fixture, TtsHarness
// (speech_test_support.h) with what every such test checks first.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fake_vendor_socket.h"
#include "speech_test_support.h"

namespace ovos::providers::testing {

/// `n` samples rising by 3 from `from`.
inline std::vector<std::int16_t> ramp(std::size_t n, int from = 0) {
  std::vector<std::int16_t> out(n);
  for (std::size_t i = 0; i < n; ++i)
    out[i] = static_cast<std::int16_t>(from + static_cast<int>(i) * 3);
  return out;
}

/// `samples` as little-endian PCM16 bytes (what a vendor base64-encodes into its messages).
inline std::string pcm_le(const std::vector<std::int16_t>& samples) {
  std::string bytes;
  for (const auto s : samples) {
    bytes += static_cast<char>(static_cast<std::uint16_t>(s) & 0xff);
    bytes += static_cast<char>(static_cast<std::uint16_t>(s) >> 8);
  }
  return bytes;
}

/// A FakeVendorSocket plan that accepts every session at once.
inline SocketHandshake accept_all(int) {
  return {};
}

/// A provider's config (HTTP client options in `http`) whose default base URL is `fake`, with a
/// 2 s connect timeout and fast retries.
template <typename Config>
Config aimed_at(const FakeVendorSocket& fake) {
  Config config;
  config.default_base_url = fake.http_url();
  config.http.connect_timeout = std::chrono::seconds(2);
  retry_fast(config);
  return config;
}

/// TtsHarness for a synthesizer over one WebSocket per call.
class SocketTtsHarness : public TtsHarness {
 protected:
  /// Expects `stream` to have opened its connection to `fake` before any text, then says
  /// "Hello there." (context 1) and "How can I help?" (2) and expects both done with their
  /// characters, each the 100 samples of the fake's speaks_everything at `rate`, on that one
  /// connection. Call it in ASSERT_NO_FATAL_FAILURE.
  void speak_two_on_one_connection(TtsStream& stream, FakeVendorSocket& fake, int rate) {
    ASSERT_TRUE(fake.wait_until([](const auto& s) { return !s.empty(); }));
    say(stream, 1, "Hello there.");
    say(stream, 2, "How can I help?");
    ASSERT_TRUE(pump_until_ended(2));
    ASSERT_TRUE(pump_until_ended(1));
    EXPECT_EQ(end_of(1)->kind, TtsEvent::Kind::kDone);
    EXPECT_EQ(end_of(2)->kind, TtsEvent::Kind::kDone);
    EXPECT_EQ(end_of(1)->characters, 12U);
    EXPECT_EQ(end_of(2)->characters, 15U);
    EXPECT_EQ(audio_of(1), ramp(100));
    EXPECT_EQ(audio_of(2), ramp(100));
    EXPECT_EQ(tts_events.front().sample_rate, rate);
    ASSERT_EQ(fake.sessions().size(), 1U);
  }
};

}  // namespace ovos::providers::testing
