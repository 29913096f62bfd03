#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

#include "app/simulate_caller.h"

namespace ovos::app {

/// The simulated caller's microphone: hands out the caller's audio 20 ms at a time, then
/// silence (a phone line never goes quiet), and says when the caller hangs up: `tail` after its
/// audio ended, extended while the agent is still talking, but never more than `max_extra`
/// beyond that. Plain state, used on one thread.
class CallerFeed {
 public:
  static constexpr std::chrono::milliseconds kFrame{20};

  CallerFeed(const CallerAudio& caller, std::chrono::milliseconds tail,
             std::chrono::milliseconds max_extra);

  /// The next 20 ms to send.
  [[nodiscard]] std::span<const std::int16_t> next();
  /// Milliseconds handed out so far.
  [[nodiscard]] std::int64_t sent_ms() const { return frames_sent_ * kFrame.count(); }
  /// True when the caller should hang up now; `agent_talking`: the agent's audio is playing.
  [[nodiscard]] bool time_to_hang_up(bool agent_talking) const;

 private:
  const CallerAudio& caller_;
  std::size_t frame_samples_;
  std::int64_t hang_up_ms_;      // once the agent is quiet
  std::int64_t hang_up_max_ms_;  // in any case
  std::size_t position_ = 0;
  std::int64_t frames_sent_ = 0;
  std::vector<std::int16_t> silence_;
  std::vector<std::int16_t> padded_;  // the frame handed out last
};

}  // namespace ovos::app
