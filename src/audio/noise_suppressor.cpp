#include "audio/noise_suppressor.h"

#include <webrtc/modules/audio_processing/include/audio_processing.h>
#include <webrtc/modules/interface/module_common_types.h>

#include <algorithm>
#include <string>
#include <utility>

namespace ovos::audio {
namespace {

webrtc::NoiseSuppression::Level to_webrtc(NoiseSuppressionLevel level) {
  switch (level) {
    case NoiseSuppressionLevel::kLow:
      return webrtc::NoiseSuppression::kLow;
    case NoiseSuppressionLevel::kModerate:
      return webrtc::NoiseSuppression::kModerate;
    case NoiseSuppressionLevel::kHigh:
      return webrtc::NoiseSuppression::kHigh;
    case NoiseSuppressionLevel::kVeryHigh:
      return webrtc::NoiseSuppression::kVeryHigh;
  }
  return webrtc::NoiseSuppression::kHigh;
}

}  // namespace

struct NoiseSuppressor::Impl {
  std::unique_ptr<webrtc::AudioProcessing> apm;
  webrtc::AudioFrame frame;  // reused 10 ms block (the type is ~8 KB: keep it off the stack)
};

core::Result<NoiseSuppressor> NoiseSuppressor::create(const NoiseSuppressorConfig& config) {
  const int rate = config.sample_rate;
  if (rate != 8000 && rate != 16000 && rate != 32000 && rate != 48000) {
    return core::Error::invalid(
        "noise suppression sample rate must be 8000, 16000, 32000 or 48000, not " +
        std::to_string(rate));
  }
  auto impl = std::make_unique<Impl>();
  impl->apm.reset(webrtc::AudioProcessing::Create());
  if (!impl->apm) return core::Error::internal("cannot create WebRTC audio processing");
  webrtc::AudioProcessing& apm = *impl->apm;
  const webrtc::ProcessingConfig layout = {
      {webrtc::StreamConfig(rate, 1), webrtc::StreamConfig(rate, 1), webrtc::StreamConfig(rate, 1),
       webrtc::StreamConfig(rate, 1)}};
  if (apm.Initialize(layout) != webrtc::AudioProcessing::kNoError ||
      apm.high_pass_filter()->Enable(config.high_pass) != webrtc::AudioProcessing::kNoError ||
      apm.noise_suppression()->set_level(to_webrtc(config.level)) !=
          webrtc::AudioProcessing::kNoError ||
      apm.noise_suppression()->Enable(true) != webrtc::AudioProcessing::kNoError) {
    return core::Error::internal("cannot configure WebRTC noise suppression");
  }
  impl->frame.sample_rate_hz_ = rate;
  impl->frame.num_channels_ = 1;
  impl->frame.samples_per_channel_ = samples_for_ms(rate, 10);
  return NoiseSuppressor(config, std::move(impl));
}

NoiseSuppressor::NoiseSuppressor(const NoiseSuppressorConfig& config, std::unique_ptr<Impl> impl)
    : config_(config),
      block_samples_(samples_for_ms(config.sample_rate, 10)),
      impl_(std::move(impl)) {}

NoiseSuppressor::NoiseSuppressor(NoiseSuppressor&& other) noexcept = default;
NoiseSuppressor& NoiseSuppressor::operator=(NoiseSuppressor&& other) noexcept = default;
NoiseSuppressor::~NoiseSuppressor() = default;

core::Result<void> NoiseSuppressor::process(std::span<Sample> samples) {
  if (samples.size() % block_samples_ != 0) {
    return core::Error::invalid("noise suppression needs whole 10 ms blocks of " +
                                std::to_string(block_samples_) + " samples, got " +
                                std::to_string(samples.size()));
  }
  webrtc::AudioFrame& frame = impl_->frame;
  for (std::size_t at = 0; at < samples.size(); at += block_samples_) {
    const auto block = samples.subspan(at, block_samples_);
    std::copy(block.begin(), block.end(), frame.data_);
    frame.samples_per_channel_ = block_samples_;
    const int err = impl_->apm->ProcessStream(&frame);
    if (err != webrtc::AudioProcessing::kNoError) {
      return core::Error::internal("WebRTC noise suppression failed with code " +
                                   std::to_string(err));
    }
    std::copy(frame.data_, frame.data_ + block_samples_, block.begin());
  }
  return core::ok();
}

}  // namespace ovos::audio
