#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "audio/pcm.h"

namespace ovos::audio {

// ITU-T G.711 companding: mu-law (North America, Japan; Twilio, Exotel) and A-law (elsewhere;
// Plivo offers both). Codes are the bytes on the wire, bit inversions included. Decoding uses
// 256-entry tables; encoding follows the reference segment search. Stateless; any thread.

[[nodiscard]] std::uint8_t linear_to_mulaw(Sample sample);
[[nodiscard]] Sample mulaw_to_linear(std::uint8_t code);
[[nodiscard]] std::uint8_t linear_to_alaw(Sample sample);
[[nodiscard]] Sample alaw_to_linear(std::uint8_t code);

[[nodiscard]] std::vector<std::uint8_t> encode_mulaw(std::span<const Sample> samples);
[[nodiscard]] std::vector<Sample> decode_mulaw(std::span<const std::uint8_t> codes);
[[nodiscard]] std::vector<std::uint8_t> encode_alaw(std::span<const Sample> samples);
[[nodiscard]] std::vector<Sample> decode_alaw(std::span<const std::uint8_t> codes);

}  // namespace ovos::audio
