#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "audio/pcm.h"

namespace ovos::audio {

// Cuts a stream of arbitrarily sized PCM chunks (network packets, TTS output) into frames of a
// fixed size (e.g. 20 ms for the VAD and the carrier). Owned by one call's shard; not thread-safe.
class Framer {
 public:
  /// `frame_samples` > 0: samples per frame, all channels counted (interleaved).
  explicit Framer(std::size_t frame_samples);

  /// Frames of `frame_ms` milliseconds at `sample_rate` Hz and `channels` channels.
  [[nodiscard]] static Framer for_duration(int sample_rate, int frame_ms, int channels = 1);

  /// Appends samples; they come back out in order.
  void push(std::span<const Sample> samples);

  /// Moves the next full frame into `frame` (resized to frame_samples()); false if there is none.
  [[nodiscard]] bool pop(std::vector<Sample>& frame);

  /// At the end of a stream: moves the next full frame, or else the partial rest, into `frame`,
  /// a partial one zero-padded to a full frame if `pad_with_silence`. Call until it returns
  /// false (nothing left; `frame` untouched).
  [[nodiscard]] bool flush(std::vector<Sample>& frame, bool pad_with_silence);

  /// Samples buffered and not yet popped (full frames included).
  [[nodiscard]] std::size_t pending() const { return buffer_.size() - read_; }

  /// Full frames ready to pop.
  [[nodiscard]] std::size_t frames_ready() const { return pending() / frame_samples_; }

  [[nodiscard]] std::size_t frame_samples() const { return frame_samples_; }

  /// Drops everything buffered (e.g. on barge-in).
  void clear();

 private:
  void compact();

  std::size_t frame_samples_;
  std::vector<Sample> buffer_;
  std::size_t read_ = 0;  // index of the first unread sample in buffer_
};

}  // namespace ovos::audio
