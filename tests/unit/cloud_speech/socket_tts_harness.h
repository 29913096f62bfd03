#pragma once

// Helpers of the WebSocket synthesizers' tests (Cartesia, ElevenLabs, Sarvam) against
// FakeVendorSocket: PCM ramps and their bytes for the fake's audio messages, and a plan that
// accepts every session. Their fixture is TtsHarness (speech_test_support.h).

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

}  // namespace ovos::providers::testing
