#pragma once

// Turns an HTTP body of little-endian PCM16 mono, arriving in arbitrary pieces, into samples;
// a body that is a WAV file instead has its header skipped and its rate read.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ovos::providers::speech {

/// Reads one body. Plain data; one per response, on the thread that reads the body.
class PcmBodyReader {
 public:
  /// Samples of `chunk` (an odd byte at its end waits for the next chunk). The first bytes are
  /// held until it is known whether the body starts with a RIFF header; a header is skipped up
  /// to its "data" chunk.
  [[nodiscard]] std::vector<std::int16_t> read(std::string_view chunk);
  /// The rate of a WAV body's "fmt " chunk, once its header was read; nullopt for raw PCM.
  [[nodiscard]] std::optional<int> wav_rate() const { return wav_rate_; }

 private:
  enum class State { kStart, kHeader, kAudio };
  std::vector<std::int16_t> samples_of(std::string_view bytes);
  /// Parses `head_` as a RIFF header; true once the data chunk is reached.
  bool parse_header();

  State state_ = State::kStart;
  std::string head_;  // bytes held while the header is read
  std::optional<std::uint8_t> odd_byte_;
  std::optional<int> wav_rate_;
};

}  // namespace ovos::providers::speech
