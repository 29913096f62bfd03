#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <vector>

namespace ovos::engine {

/// The two sides of a call on one timeline of frames at the recording rate, not yet final:
/// caller samples append in arrival order (left channel); agent samples are placed at a frame
/// position (right channel), a later placement overwriting an earlier one, silence where
/// nothing was placed. Frames before committed() are gone (handed out by take()). Holds only
/// the frames between committed() and the furthest end of either side; the owner bounds that.
/// Single-threaded (the call's executor).
class StereoTimeline {
 public:
  /// Appends caller samples at caller_end().
  void add_caller(std::span<const std::int16_t> samples);
  /// Appends `frames` frames of caller silence (the caller sent no audio for that long).
  void pad_caller(std::int64_t frames);
  /// Places agent samples from frame `position`; returns how many fell before committed()
  /// and were dropped.
  std::int64_t place_agent(std::int64_t position, std::span<const std::int16_t> samples);
  /// Appends interleaved (caller, agent) frames from committed() up to `end` to `out`, and
  /// forgets them. Nothing when `end` <= committed().
  void take(std::int64_t end, std::vector<std::int16_t>& out);

  /// First frame not yet taken.
  [[nodiscard]] std::int64_t committed() const { return committed_; }
  /// One past the last caller frame.
  [[nodiscard]] std::int64_t caller_end() const {
    return committed_ + static_cast<std::int64_t>(caller_.size());
  }
  /// One past the last frame any agent audio was placed at (at least committed()).
  [[nodiscard]] std::int64_t agent_end() const {
    return committed_ + static_cast<std::int64_t>(agent_.size());
  }

 private:
  std::int64_t committed_ = 0;
  std::deque<std::int16_t> caller_;  // frames from committed_ on
  std::deque<std::int16_t> agent_;   // frames from committed_ on, zero where none placed
};

}  // namespace ovos::engine
