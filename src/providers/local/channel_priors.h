#pragma once

#include <map>
#include <mutex>
#include <vector>

namespace ovos::providers::local {

/// The latest pocketsphinx channel estimate learned from a caller at each input sample rate:
/// where a new stream's first utterance starts (telephone audio resampled from 8 kHz is far from
/// the model's wideband default). Shared by one provider's streams; thread-safe.
class ChannelPriors {
 public:
  /// Empty when no stream at `sample_rate` has finished an utterance with words yet.
  [[nodiscard]] std::vector<float> get(int sample_rate) const;
  void set(int sample_rate, std::vector<float> estimate);

 private:
  mutable std::mutex mutex_;
  std::map<int, std::vector<float>> priors_;
};

}  // namespace ovos::providers::local
