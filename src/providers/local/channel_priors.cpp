#include "providers/local/channel_priors.h"

#include <utility>

namespace ovos::providers::local {

std::vector<float> ChannelPriors::get(int sample_rate) const {
  std::lock_guard lock(mutex_);
  const auto it = priors_.find(sample_rate);
  return it != priors_.end() ? it->second : std::vector<float>{};
}

void ChannelPriors::set(int sample_rate, std::vector<float> estimate) {
  std::lock_guard lock(mutex_);
  priors_[sample_rate] = std::move(estimate);
}

}  // namespace ovos::providers::local
