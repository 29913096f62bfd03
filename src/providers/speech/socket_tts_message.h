#pragma once

// What a text-to-speech vendor's WebSocket says, as speech::SocketTtsStream reads it; the
// vendors' protocol files decode into it. Plain data.

#include <cstdint>
#include <string>
#include <vector>

namespace ovos::providers::speech {

/// One message a vendor sends, reduced to what a call needs.
struct SocketTtsMessage {
  enum class Kind { kChunk, kDone, kError, kOther };
  Kind kind = Kind::kOther;
  std::string context_id;
  std::vector<std::int16_t> samples;  // kChunk: PCM16 at the setup's source_rate
  int status_code = 0;                // kError: 401 means a refused key
  std::string error;                  // kError: the vendor's words
};

}  // namespace ovos::providers::speech
