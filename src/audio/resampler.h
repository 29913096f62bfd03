#pragma once

#include <memory>
#include <span>
#include <vector>

#include "audio/pcm.h"
#include "core/result.h"

namespace ovos::audio {

// Streaming sample-rate converter for the real-time path (speexdsp). Every call converts all of
// its input: 20 ms in gives 20 ms out, with a fixed group delay of a few milliseconds and state
// carried across calls. Same-rate conversion is a copy. One instance per direction of a call,
// owned by the call's shard; not thread-safe. Movable, not copyable.
class Resampler {
 public:
  /// speexdsp quality 0..10. 5 costs little and keeps the delay under 6 ms at 8 kHz.
  static constexpr int kDefaultQuality = 5;

  /// Rates: 8000, 16000, 22050, 24000, 44100, 48000. Channels: 1 or 2 (interleaved).
  [[nodiscard]] static core::Result<Resampler> create(int in_rate, int out_rate, int channels = 1,
                                                      int quality = kDefaultQuality);

  Resampler(Resampler&& other) noexcept;
  Resampler& operator=(Resampler&& other) noexcept;
  Resampler(const Resampler&) = delete;
  Resampler& operator=(const Resampler&) = delete;
  ~Resampler();

  /// Converts a chunk (interleaved; a multiple of `channels` samples). Over a stream the total
  /// output is round(total_input * out_rate / in_rate), each chunk within one frame of its share.
  [[nodiscard]] std::vector<Sample> process(std::span<const Sample> input);

  /// Ends the stream: returns the tail still held in the filter (about latency_frames() frames)
  /// and resets, so the next process() starts a fresh stream.
  [[nodiscard]] std::vector<Sample> flush();

  /// Forgets all history without emitting it.
  void reset();

  /// Group delay of the filter in output frames (0 for same-rate).
  [[nodiscard]] int latency_frames() const;

  [[nodiscard]] int in_rate() const { return in_rate_; }
  [[nodiscard]] int out_rate() const { return out_rate_; }
  [[nodiscard]] int channels() const { return channels_; }

  /// True if `rate` is one create() accepts.
  [[nodiscard]] static bool is_supported_rate(int rate);

 private:
  struct Impl;
  Resampler(int in_rate, int out_rate, int channels, std::unique_ptr<Impl> impl);

  int in_rate_ = 0;
  int out_rate_ = 0;
  int channels_ = 1;
  std::unique_ptr<Impl> impl_;  // null for same-rate passthrough
};

}  // namespace ovos::audio
