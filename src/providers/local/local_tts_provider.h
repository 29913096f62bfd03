#pragma once

#include <memory>
#include <string_view>

#include "core/executor.h"
#include "providers/local/local_tts_stream.h"
#include "providers/tts.h"

namespace ovos::providers::local {

/// Offline text-to-speech with flite ("flite"): English voices rms (default), slt, awb, kal16,
/// made at 16 kHz and resampled to TtsOptions::sample_rate when that is another rate
/// audio::Resampler takes (8000, 22050, 24000, 44100, 48000; any other rate gives 16 kHz, as the
/// events say). Synthesis runs on `compute`, which must outlive the provider and every stream it
/// opened. Thread-safe.
class LocalTtsProvider final : public TtsProvider {
 public:
  static constexpr std::string_view kName = "flite";

  explicit LocalTtsProvider(core::ComputePool& compute) : compute_(compute) {}

  [[nodiscard]] std::string_view name() const override { return kName; }
  [[nodiscard]] std::string_view config_schema() const override {
    return R"json({"type":"object","properties":{"voice":{"type":"string","enum":["rms","slt","awb","kal16"],"default":"rms","description":"rms (male), slt (female), awb (Scottish male), kal16 (robotic, fastest)"},"language":{"type":"string","enum":["en"]}}})json";
  }
  [[nodiscard]] std::vector<std::string_view> capabilities() const override {
    return {"streaming", "cancel", "offline"};
  }
  /// Fails (kInvalidArgument, naming the valid voices) for an unknown voice, and for a language
  /// other than English.
  [[nodiscard]] core::Result<std::unique_ptr<TtsStream>> open_stream(
      const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) override;

 private:
  core::ComputePool& compute_;
};

}  // namespace ovos::providers::local
