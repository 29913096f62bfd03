#include "providers/speech/pcm_body_reader.h"

namespace ovos::providers::speech {
namespace {

constexpr std::size_t kRiffPreamble = 12;  // "RIFF" size "WAVE"
constexpr std::size_t kChunkHeader = 8;    // id, size
constexpr std::size_t kMaxHeader = 64 << 10;

std::uint32_t le32(std::string_view bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i)
    value |= static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[at + i])) << (8 * i);
  return value;
}

}  // namespace

std::vector<std::int16_t> PcmBodyReader::read(std::string_view chunk) {
  if (state_ == State::kAudio) return samples_of(chunk);
  head_.append(chunk);
  if (state_ == State::kStart) {
    if (head_.size() < 4) return {};
    state_ = head_.starts_with("RIFF") ? State::kHeader : State::kAudio;
  }
  if (state_ == State::kHeader && !parse_header()) return {};
  std::string held = std::move(head_);
  head_.clear();
  return samples_of(held);
}

bool PcmBodyReader::parse_header() {
  if (head_.size() < kRiffPreamble) return false;
  std::size_t at = kRiffPreamble;
  while (at + kChunkHeader <= head_.size()) {
    const std::string_view id(head_.data() + at, 4);
    const std::uint32_t size = le32(head_, at + 4);
    if (id == "data") {
      head_.erase(0, at + kChunkHeader);
      state_ = State::kAudio;
      return true;
    }
    if (id == "fmt " && at + kChunkHeader + 8 <= head_.size()) {
      wav_rate_ = static_cast<int>(le32(head_, at + kChunkHeader + 4));
    }
    at += kChunkHeader + size + (size % 2);
  }
  if (head_.size() > kMaxHeader) {  // not a header we can read: play it as it is
    state_ = State::kAudio;
    return true;
  }
  return false;
}

std::vector<std::int16_t> PcmBodyReader::samples_of(std::string_view bytes) {
  std::vector<std::int16_t> samples;
  samples.reserve(bytes.size() / 2 + 1);
  std::size_t at = 0;
  if (odd_byte_ && !bytes.empty()) {
    const auto high = static_cast<std::uint8_t>(bytes[0]);
    samples.push_back(static_cast<std::int16_t>(*odd_byte_ | (high << 8)));
    odd_byte_.reset();
    at = 1;
  }
  for (; at + 1 < bytes.size(); at += 2) {
    const auto low = static_cast<std::uint8_t>(bytes[at]);
    const auto high = static_cast<std::uint8_t>(bytes[at + 1]);
    samples.push_back(static_cast<std::int16_t>(low | (high << 8)));
  }
  if (at < bytes.size()) odd_byte_ = static_cast<std::uint8_t>(bytes[at]);
  return samples;
}

}  // namespace ovos::providers::speech
