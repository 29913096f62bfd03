#include "app/simulate_feed.h"

#include <algorithm>

namespace ovos::app {

CallerFeed::CallerFeed(const CallerAudio& caller, std::chrono::milliseconds tail,
                       std::chrono::milliseconds max_extra)
    : caller_(caller),
      frame_samples_(static_cast<std::size_t>(caller.sample_rate * kFrame.count() / 1000)),
      hang_up_ms_(caller.duration_ms() + tail.count()),
      hang_up_max_ms_(hang_up_ms_ + max_extra.count()),
      silence_(frame_samples_, 0) {}

std::span<const std::int16_t> CallerFeed::next() {
  ++frames_sent_;
  if (position_ >= caller_.samples.size()) return silence_;
  const std::size_t n = std::min(frame_samples_, caller_.samples.size() - position_);
  const auto begin = caller_.samples.begin() + static_cast<std::ptrdiff_t>(position_);
  position_ += n;
  // A last, short frame is padded with silence.
  padded_.assign(begin, begin + static_cast<std::ptrdiff_t>(n));
  padded_.resize(frame_samples_, 0);
  return padded_;
}

bool CallerFeed::time_to_hang_up(bool agent_talking) const {
  const std::int64_t now = sent_ms();
  return now >= hang_up_max_ms_ || (now >= hang_up_ms_ && !agent_talking);
}

}  // namespace ovos::app
