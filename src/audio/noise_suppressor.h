#pragma once

#include <cstddef>
#include <memory>
#include <span>

#include "audio/pcm.h"
#include "core/result.h"

namespace ovos::audio {

/// How hard NoiseSuppressor works; higher removes more noise and risks more speech artefacts.
enum class NoiseSuppressionLevel { kLow, kModerate, kHigh, kVeryHigh };

/// Settings of a NoiseSuppressor.
struct NoiseSuppressorConfig {
  int sample_rate = 16000;  // 8000, 16000, 32000 or 48000
  NoiseSuppressionLevel level = NoiseSuppressionLevel::kHigh;
  bool high_pass = true;  // also remove rumble below ~80 Hz
};

// Stationary-noise suppression for one incoming call leg: WebRTC audio processing 0.3 noise
// suppression plus its high-pass filter, in 10 ms blocks, in place. The processor adapts to the
// noise over the first second or so. Owned by the call's shard; not thread-safe. Movable.
class NoiseSuppressor {
 public:
  [[nodiscard]] static core::Result<NoiseSuppressor> create(const NoiseSuppressorConfig& config);

  NoiseSuppressor(NoiseSuppressor&& other) noexcept;
  NoiseSuppressor& operator=(NoiseSuppressor&& other) noexcept;
  NoiseSuppressor(const NoiseSuppressor&) = delete;
  NoiseSuppressor& operator=(const NoiseSuppressor&) = delete;
  ~NoiseSuppressor();

  /// Cleans mono samples in place. The length must be a whole number of 10 ms blocks (a 20 ms
  /// frame is two); anything else is kInvalidArgument and leaves `samples` untouched.
  [[nodiscard]] core::Result<void> process(std::span<Sample> samples);

  /// Samples in one 10 ms block.
  [[nodiscard]] std::size_t block_samples() const { return block_samples_; }
  [[nodiscard]] const NoiseSuppressorConfig& config() const { return config_; }

 private:
  struct Impl;
  NoiseSuppressor(const NoiseSuppressorConfig& config, std::unique_ptr<Impl> impl);

  NoiseSuppressorConfig config_;
  std::size_t block_samples_ = 0;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ovos::audio
