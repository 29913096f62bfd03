#include "engine/recording/stereo_timeline.h"

#include <algorithm>

namespace ovos::engine {

void StereoTimeline::add_caller(std::span<const std::int16_t> samples) {
  caller_.insert(caller_.end(), samples.begin(), samples.end());
}

void StereoTimeline::pad_caller(std::int64_t frames) {
  if (frames > 0) caller_.resize(caller_.size() + static_cast<std::size_t>(frames), 0);
}

std::int64_t StereoTimeline::place_agent(std::int64_t position,
                                         std::span<const std::int16_t> samples) {
  const auto count = static_cast<std::int64_t>(samples.size());
  const std::int64_t skip = std::clamp<std::int64_t>(committed_ - position, 0, count);
  if (skip == count) return skip;
  const auto offset = static_cast<std::size_t>(position + skip - committed_);
  const auto kept = static_cast<std::size_t>(count - skip);
  if (agent_.size() < offset + kept) agent_.resize(offset + kept, 0);
  std::copy(samples.begin() + skip, samples.end(),
            agent_.begin() + static_cast<std::ptrdiff_t>(offset));
  return skip;
}

void StereoTimeline::take(std::int64_t end, std::vector<std::int16_t>& out) {
  if (end <= committed_) return;
  const auto frames = static_cast<std::size_t>(end - committed_);
  out.reserve(out.size() + 2 * frames);
  for (std::size_t i = 0; i < frames; ++i) {
    out.push_back(i < caller_.size() ? caller_[i] : std::int16_t{0});
    out.push_back(i < agent_.size() ? agent_[i] : std::int16_t{0});
  }
  const auto drop = [frames](std::deque<std::int16_t>& side) {
    side.erase(side.begin(),
               side.begin() + static_cast<std::ptrdiff_t>(std::min(frames, side.size())));
  };
  drop(caller_);
  drop(agent_);
  committed_ = end;
}

}  // namespace ovos::engine
