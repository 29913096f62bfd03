#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "core/executor.h"
#include "providers/local/channel_priors.h"
#include "providers/local/decoder_pool.h"
#include "providers/local/local_stt_stream.h"
#include "providers/local/pocketsphinx_recognizer.h"
#include "providers/stt.h"

namespace ovos::providers::local {

/// Offline speech-to-text with pocketsphinx ("pocketsphinx"): English, 16 kHz models; audio at
/// any rate audio::Resampler takes (8000, 16000, 22050, 24000, 44100, 48000) is resampled.
/// Expected phrases switch an utterance to grammar mode; keywords and model are not used, and no
/// kSpeechStarted is reported. Decoders are shared by all its streams through a DecoderPool of
/// `max_decoders` (each lent for one utterance at a time); each caller's channel estimate goes
/// with its stream, and ChannelPriors give a new stream the last one learned at its input rate.
/// All decoding runs on `compute`, which must outlive the provider and every stream it opened;
/// size its queue for about two tasks per open stream. Thread-safe.
class LocalSttProvider final : public SttProvider {
 public:
  static constexpr std::string_view kName = "pocketsphinx";

  LocalSttProvider(core::ComputePool& compute, PocketsphinxConfig config, std::size_t max_decoders,
                   LocalSttLimits limits = {});

  [[nodiscard]] std::string_view name() const override { return kName; }
  [[nodiscard]] std::string_view config_schema() const override {
    return R"({"type":"object","properties":{"language":{"type":"string","enum":["en","en-US"],)"
           R"("description":"US English acoustic model (Debian's pocketsphinx-en-us)."}}})";
  }
  [[nodiscard]] std::vector<std::string_view> capabilities() const override {
    return {"streaming", "interim_results", "expected_phrases", "offline"};
  }
  /// Fails (kInvalidArgument) for a sample rate it cannot resample or a language other than
  /// English. The first stream of the process starts loading a decoder (warm_up()).
  [[nodiscard]] core::Result<std::unique_ptr<SttStream>> open_stream(
      const SttOptions& options, core::Executor& events_on, SttEventHandler on_event) override;

  [[nodiscard]] const DecoderPool& decoders() const { return *decoders_; }
  /// Loads one decoder now, in the background on the compute pool, so the first caller of the
  /// process does not wait for the models (0.3-1 s). Failures are logged. open_stream() does it
  /// when no decoder exists yet: the welcome message covers the load.
  void warm_up();

 private:
  core::ComputePool& compute_;
  std::shared_ptr<DecoderPool> decoders_;  // shared with the streams' pending work
  std::shared_ptr<ChannelPriors> priors_;
  LocalSttLimits limits_;
};

}  // namespace ovos::providers::local
