#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"

namespace ovos::audio {

// Signed 16-bit linear PCM: the one sample format every stage of a call passes around.
// Multi-channel audio is interleaved. Stateless free functions; safe from any thread.

using Sample = std::int16_t;

/// What rms_dbfs() returns for silence (and for an empty span): the floor of its scale.
inline constexpr double kSilenceDbfs = -120.0;

/// Samples in `ms` milliseconds at `sample_rate` Hz per channel (rounded down).
[[nodiscard]] constexpr std::size_t samples_for_ms(int sample_rate, int ms) {
  return static_cast<std::size_t>(static_cast<std::int64_t>(sample_rate) * ms / 1000);
}

/// Parses little-endian 16-bit PCM. An odd byte count is an error (a torn sample).
[[nodiscard]] core::Result<std::vector<Sample>> pcm16_from_bytes(
    std::span<const std::uint8_t> bytes);

/// Serializes samples as little-endian 16-bit PCM.
[[nodiscard]] std::vector<std::uint8_t> pcm16_to_bytes(std::span<const Sample> samples);

/// RMS level relative to full scale, 20*log10(rms / 32768): a full-scale square wave is 0 dBFS,
/// a full-scale sine about -3.01 dBFS. Silence and empty input give kSilenceDbfs; nothing is
/// ever below it.
[[nodiscard]] double rms_dbfs(std::span<const Sample> samples);

/// Clamps to the int16 range.
[[nodiscard]] constexpr Sample saturate(std::int32_t value) {
  if (value > 32767) return 32767;
  if (value < -32768) return -32768;
  return static_cast<Sample>(value);
}

/// Maps [-1, 1) to int16 (x * 32768), saturating; NaN becomes 0.
[[nodiscard]] Sample float_to_sample(float value);

/// Maps int16 to [-1, 1): s / 32768.
[[nodiscard]] constexpr float sample_to_float(Sample value) {
  return static_cast<float>(value) / 32768.0F;
}

[[nodiscard]] std::vector<float> to_float(std::span<const Sample> samples);
[[nodiscard]] std::vector<Sample> from_float(std::span<const float> samples);

/// dst[i] = saturate(dst[i] + src[i]) over the shorter of the two spans.
void mix_into(std::span<Sample> dst, std::span<const Sample> src);

/// Multiplies every sample by `factor`, rounding to nearest and saturating.
void apply_gain(std::span<Sample> samples, float factor);

/// Linear factor of a gain in decibels: 10^(db/20).
[[nodiscard]] float db_to_gain(double db);

/// Averages the channels of interleaved audio into mono. `channels` must be >= 1; a trailing
/// partial frame is dropped.
[[nodiscard]] std::vector<Sample> downmix_to_mono(std::span<const Sample> interleaved,
                                                  int channels);

}  // namespace ovos::audio
