#include "providers/speech/pcm16_bytes.h"

#include <string>

namespace ovos::providers::speech {

std::string_view wav_samples(std::string_view bytes) {
  if (!bytes.starts_with("RIFF") || bytes.size() < 12) return bytes;
  std::size_t at = 12;
  while (at + 8 <= bytes.size()) {
    std::uint32_t size = 0;
    for (std::size_t i = 0; i < 4; ++i)
      size |= static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[at + 4 + i])) << (8 * i);
    if (bytes.substr(at, 4) == "data") return bytes.substr(at + 8);
    at += 8 + static_cast<std::size_t>(size) + (size % 2);
  }
  return {};
}

core::Result<std::vector<std::int16_t>> pcm16_samples(std::string_view vendor,
                                                      std::string_view bytes) {
  const std::string_view pcm = wav_samples(bytes);
  if (pcm.size() % 2 != 0)
    return core::Error::invalid(std::string(vendor) + " PCM with an odd byte");
  std::vector<std::int16_t> out(pcm.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto low = static_cast<std::uint8_t>(pcm[2 * i]);
    const auto high = static_cast<std::uint8_t>(pcm[2 * i + 1]);
    out[i] = static_cast<std::int16_t>(low | (high << 8));
  }
  return out;
}

}  // namespace ovos::providers::speech
