#pragma once

// Exotel plays outbound media smoothly only in chunks of a multiple of 320 bytes, at least
// 3.2 KB ("100 ms of data") and at most 100 KB; a short tail makes it wait 20 ms and the
// caller hears a gap (https://developer.exotel.com/docs/agentstream/stream-voicebot-applet,
// "Chunk Size Requirements"; the protocol page says 3,200 to 100,000 bytes). The two minimums
// disagree: 3,200 bytes of 16-bit audio at 8 kHz are 200 ms, not 100. A chunk here satisfies
// both: at least 3,200 bytes and at least 100 ms, so 200 ms at 8 kHz, 100 ms at 16 and 24 kHz.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace ovos::telephony::exotel {

/// Chunks are a whole number of these: 320 bytes, 160 samples.
inline constexpr std::size_t kChunkAlignSamples = 160;
/// Smallest chunk at any rate: 3,200 bytes.
inline constexpr std::size_t kMinChunkSamples = 1600;
/// Largest chunk: the most whole 320-byte blocks under 100,000 bytes (99,840 bytes).
inline constexpr std::size_t kMaxChunkSamples = 100000 / 320 * kChunkAlignSamples;

/// Regroups the engine's outbound audio (20 ms frames) into the chunks Exotel wants. Owned by
/// one call's output on its shard; not thread-safe. A mark must follow the audio it marks, so
/// the caller flushes before sending a mark.
class OutboundChunker {
 public:
  /// `sample_rate` is the stream's (8000, 16000 or 24000 Hz); the smallest chunk is the larger
  /// of kMinChunkSamples and 100 ms (1600, 1600, 2400 samples).
  explicit OutboundChunker(int sample_rate);

  /// Takes `samples` and returns the chunks ready now, oldest first: each a multiple of 320
  /// bytes, at least min_chunk_samples() and at most kMaxChunkSamples. Less than
  /// min_chunk_samples() stays pending.
  [[nodiscard]] std::vector<std::vector<std::int16_t>> push(std::span<const std::int16_t> samples);

  /// The pending audio as one chunk, padded with silence up to a multiple of 320 bytes and
  /// min_chunk_samples(); empty when nothing is pending.
  [[nodiscard]] std::vector<std::int16_t> flush();

  /// Drops the pending audio (barge-in: the caller spoke over the agent).
  void reset();

  /// Samples held back, waiting for a chunk's worth.
  [[nodiscard]] std::size_t pending_samples() const { return pending_.size(); }
  /// The smallest chunk at this rate: 3,200 bytes or 100 ms, whichever is longer, in whole
  /// 160-sample blocks.
  [[nodiscard]] std::size_t min_chunk_samples() const { return min_samples_; }

 private:
  std::size_t min_samples_;
  std::vector<std::int16_t> pending_;
};

}  // namespace ovos::telephony::exotel
