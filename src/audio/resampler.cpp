#include "audio/resampler.h"

#include <speex/speex_resampler.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <string>

namespace ovos::audio {
namespace {

constexpr std::array<int, 6> kSupportedRates = {8000, 16000, 22050, 24000, 44100, 48000};

struct SpeexDeleter {
  void operator()(SpeexResamplerState* state) const { speex_resampler_destroy(state); }
};

std::string supported_rates_text() {
  std::string text;
  for (const int rate : kSupportedRates) {
    if (!text.empty()) text += ", ";
    text += std::to_string(rate);
  }
  return text;
}

}  // namespace

struct Resampler::Impl {
  std::unique_ptr<SpeexResamplerState, SpeexDeleter> state;
};

bool Resampler::is_supported_rate(int rate) {
  return std::find(kSupportedRates.begin(), kSupportedRates.end(), rate) != kSupportedRates.end();
}

core::Result<Resampler> Resampler::create(int in_rate, int out_rate, int channels, int quality) {
  for (const int rate : {in_rate, out_rate}) {
    if (!is_supported_rate(rate)) {
      return core::Error::invalid("unsupported sample rate " + std::to_string(rate) +
                                  " Hz (supported: " + supported_rates_text() + ")");
    }
  }
  if (channels != 1 && channels != 2) {
    return core::Error::invalid("resampler supports 1 or 2 channels, not " +
                                std::to_string(channels));
  }
  if (quality < SPEEX_RESAMPLER_QUALITY_MIN || quality > SPEEX_RESAMPLER_QUALITY_MAX) {
    return core::Error::invalid("resampler quality must be 0..10, not " + std::to_string(quality));
  }
  if (in_rate == out_rate) return Resampler(in_rate, out_rate, channels, nullptr);
  int err = RESAMPLER_ERR_SUCCESS;
  SpeexResamplerState* raw =
      speex_resampler_init(static_cast<spx_uint32_t>(channels), static_cast<spx_uint32_t>(in_rate),
                           static_cast<spx_uint32_t>(out_rate), quality, &err);
  if (raw == nullptr || err != RESAMPLER_ERR_SUCCESS) {
    if (raw != nullptr) speex_resampler_destroy(raw);
    return core::Error::internal(std::string("speex_resampler_init: ") +
                                 speex_resampler_strerror(err));
  }
  auto impl = std::make_unique<Impl>();
  impl->state.reset(raw);
  return Resampler(in_rate, out_rate, channels, std::move(impl));
}

Resampler::Resampler(int in_rate, int out_rate, int channels, std::unique_ptr<Impl> impl)
    : in_rate_(in_rate), out_rate_(out_rate), channels_(channels), impl_(std::move(impl)) {}

Resampler::Resampler(Resampler&& other) noexcept = default;
Resampler& Resampler::operator=(Resampler&& other) noexcept = default;
Resampler::~Resampler() = default;

std::vector<Sample> Resampler::process(std::span<const Sample> input) {
  const auto channels = static_cast<std::size_t>(channels_);
  assert(input.size() % channels == 0);
  const std::size_t in_frames = input.size() / channels;
  if (!impl_)
    return {input.begin(), input.begin() + static_cast<std::ptrdiff_t>(in_frames * channels)};

  // Room for the exact share plus the fractional carry; grown if speex still wants more.
  std::size_t capacity =
      in_frames * static_cast<std::size_t>(out_rate_) / static_cast<std::size_t>(in_rate_) + 4;
  std::vector<Sample> output(capacity * channels);
  std::size_t consumed = 0;
  std::size_t produced = 0;
  while (consumed < in_frames) {
    auto in_len = static_cast<spx_uint32_t>(in_frames - consumed);
    auto out_len = static_cast<spx_uint32_t>(capacity - produced);
    speex_resampler_process_interleaved_int(impl_->state.get(), input.data() + consumed * channels,
                                            &in_len, output.data() + produced * channels, &out_len);
    consumed += in_len;
    produced += out_len;
    if (in_len == 0 && out_len == 0 && produced < capacity) break;  // speex made no progress
    if (consumed < in_frames) {
      capacity += capacity / 2 + 16;
      output.resize(capacity * channels);
    }
  }
  output.resize(produced * channels);
  return output;
}

std::vector<Sample> Resampler::flush() {
  if (!impl_) return {};
  const int tail = speex_resampler_get_input_latency(impl_->state.get());
  const std::vector<Sample> zeros(static_cast<std::size_t>(std::max(tail, 0)) *
                                  static_cast<std::size_t>(channels_));
  std::vector<Sample> output = process(zeros);
  reset();
  return output;
}

void Resampler::reset() {
  if (impl_) speex_resampler_reset_mem(impl_->state.get());
}

int Resampler::latency_frames() const {
  return impl_ ? speex_resampler_get_output_latency(impl_->state.get()) : 0;
}

}  // namespace ovos::audio
