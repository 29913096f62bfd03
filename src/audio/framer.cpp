#include "audio/framer.h"

#include <algorithm>
#include <cassert>

namespace ovos::audio {

Framer::Framer(std::size_t frame_samples) : frame_samples_(frame_samples) {
  assert(frame_samples_ > 0);
}

Framer Framer::for_duration(int sample_rate, int frame_ms, int channels) {
  return Framer(samples_for_ms(sample_rate, frame_ms) * static_cast<std::size_t>(channels));
}

void Framer::push(std::span<const Sample> samples) {
  compact();
  buffer_.insert(buffer_.end(), samples.begin(), samples.end());
}

bool Framer::pop(std::vector<Sample>& frame) {
  if (pending() < frame_samples_) return false;
  const auto first = buffer_.begin() + static_cast<std::ptrdiff_t>(read_);
  frame.assign(first, first + static_cast<std::ptrdiff_t>(frame_samples_));
  read_ += frame_samples_;
  return true;
}

bool Framer::flush(std::vector<Sample>& frame, bool pad_with_silence) {
  if (pending() == 0) return false;
  const std::size_t take = std::min(pending(), frame_samples_);
  const auto first = buffer_.begin() + static_cast<std::ptrdiff_t>(read_);
  frame.assign(first, first + static_cast<std::ptrdiff_t>(take));
  if (pad_with_silence) frame.resize(frame_samples_, 0);
  read_ += take;
  if (pending() == 0) clear();
  return true;
}

void Framer::clear() {
  buffer_.clear();
  read_ = 0;
}

// Drops consumed samples once they are at least half of the buffer, so pushes stay amortized
// O(n) without the buffer growing for ever.
void Framer::compact() {
  if (read_ == 0) return;
  if (read_ == buffer_.size()) {
    clear();
  } else if (read_ * 2 >= buffer_.size()) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(read_));
    read_ = 0;
  }
}

}  // namespace ovos::audio
