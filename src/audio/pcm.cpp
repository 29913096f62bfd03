#include "audio/pcm.h"

#include <cassert>
#include <cmath>
#include <string>

namespace ovos::audio {
namespace {

// Rounds to nearest and clamps to int16; NaN becomes 0.
Sample round_saturate(float value) {
  if (std::isnan(value)) return 0;
  const float rounded = std::nearbyint(value);
  if (rounded >= 32767.0F) return 32767;
  if (rounded <= -32768.0F) return -32768;
  return static_cast<Sample>(rounded);
}

}  // namespace

core::Result<std::vector<Sample>> pcm16_from_bytes(std::span<const std::uint8_t> bytes) {
  if (bytes.size() % 2 != 0) {
    return core::Error::invalid("PCM16 payload has an odd number of bytes (" +
                                std::to_string(bytes.size()) + ")");
  }
  std::vector<Sample> samples(bytes.size() / 2);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto lo = static_cast<std::uint16_t>(bytes[2 * i]);
    const auto hi = static_cast<std::uint16_t>(bytes[2 * i + 1]);
    samples[i] = static_cast<Sample>(static_cast<std::uint16_t>(lo | (hi << 8)));
  }
  return samples;
}

std::vector<std::uint8_t> pcm16_to_bytes(std::span<const Sample> samples) {
  std::vector<std::uint8_t> bytes(samples.size() * 2);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto u = static_cast<std::uint16_t>(samples[i]);
    bytes[2 * i] = static_cast<std::uint8_t>(u & 0xFFU);
    bytes[2 * i + 1] = static_cast<std::uint8_t>(u >> 8);
  }
  return bytes;
}

double rms_dbfs(std::span<const Sample> samples) {
  if (samples.empty()) return kSilenceDbfs;
  double sum = 0.0;
  for (const Sample s : samples) {
    const double v = s;
    sum += v * v;
  }
  const double rms = std::sqrt(sum / static_cast<double>(samples.size()));
  if (rms <= 0.0) return kSilenceDbfs;
  const double db = 20.0 * std::log10(rms / 32768.0);
  return db < kSilenceDbfs ? kSilenceDbfs : db;
}

Sample float_to_sample(float value) {
  return round_saturate(value * 32768.0F);
}

std::vector<float> to_float(std::span<const Sample> samples) {
  std::vector<float> out(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i)
    out[i] = sample_to_float(samples[i]);
  return out;
}

std::vector<Sample> from_float(std::span<const float> samples) {
  std::vector<Sample> out(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i)
    out[i] = float_to_sample(samples[i]);
  return out;
}

void mix_into(std::span<Sample> dst, std::span<const Sample> src) {
  const std::size_t n = dst.size() < src.size() ? dst.size() : src.size();
  for (std::size_t i = 0; i < n; ++i)
    dst[i] = saturate(static_cast<std::int32_t>(dst[i]) + src[i]);
}

void apply_gain(std::span<Sample> samples, float factor) {
  for (Sample& s : samples)
    s = round_saturate(static_cast<float>(s) * factor);
}

float db_to_gain(double db) {
  return static_cast<float>(std::pow(10.0, db / 20.0));
}

std::vector<Sample> downmix_to_mono(std::span<const Sample> interleaved, int channels) {
  assert(channels >= 1);
  if (channels <= 1) return {interleaved.begin(), interleaved.end()};
  const auto ch = static_cast<std::size_t>(channels);
  std::vector<Sample> mono(interleaved.size() / ch);
  for (std::size_t f = 0; f < mono.size(); ++f) {
    std::int32_t sum = 0;
    for (std::size_t c = 0; c < ch; ++c)
      sum += interleaved[f * ch + c];
    mono[f] = static_cast<Sample>(sum / channels);
  }
  return mono;
}

}  // namespace ovos::audio
