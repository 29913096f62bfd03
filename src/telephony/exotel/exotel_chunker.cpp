#include "telephony/exotel/exotel_chunker.h"

#include <algorithm>
#include <cassert>

namespace ovos::telephony::exotel {
namespace {

std::size_t round_up(std::size_t value, std::size_t step) {
  return (value + step - 1) / step * step;
}

}  // namespace

OutboundChunker::OutboundChunker(int sample_rate)
    : min_samples_(std::max(
          round_up(static_cast<std::size_t>(std::max(sample_rate, 0)) / 10, kChunkAlignSamples),
          kMinChunkSamples)) {
  assert(sample_rate > 0);
}

std::vector<std::vector<std::int16_t>> OutboundChunker::push(
    std::span<const std::int16_t> samples) {
  pending_.insert(pending_.end(), samples.begin(), samples.end());
  std::vector<std::vector<std::int16_t>> chunks;
  std::size_t taken = 0;
  while (pending_.size() - taken >= min_samples_) {
    const std::size_t whole = (pending_.size() - taken) / kChunkAlignSamples * kChunkAlignSamples;
    const std::size_t size = std::min(whole, kMaxChunkSamples);
    const auto first = pending_.begin() + static_cast<std::ptrdiff_t>(taken);
    chunks.emplace_back(first, first + static_cast<std::ptrdiff_t>(size));
    taken += size;
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(taken));
  return chunks;
}

std::vector<std::int16_t> OutboundChunker::flush() {
  std::vector<std::int16_t> chunk;
  if (pending_.empty()) return chunk;
  chunk.swap(pending_);
  chunk.resize(std::max(round_up(chunk.size(), kChunkAlignSamples), min_samples_), 0);
  return chunk;
}

void OutboundChunker::reset() {
  pending_.clear();
}

}  // namespace ovos::telephony::exotel
