#include "providers/local/local_stt_provider.h"

#include <string>
#include <utility>

#include "audio/resampler.h"
#include "core/logging.h"
#include "providers/local/language.h"

namespace ovos::providers::local {

LocalSttProvider::LocalSttProvider(core::ComputePool& compute, PocketsphinxConfig config,
                                   std::size_t max_decoders, LocalSttLimits limits)
    : compute_(compute),
      decoders_(std::make_shared<DecoderPool>(compute, std::move(config), max_decoders)),
      priors_(std::make_shared<ChannelPriors>()),
      limits_(limits) {}

core::Result<std::unique_ptr<SttStream>> LocalSttProvider::open_stream(const SttOptions& options,
                                                                       core::Executor& events_on,
                                                                       SttEventHandler on_event) {
  if (!is_english(options.language)) {
    return core::Error::invalid("pocketsphinx recognises English only, not \"" + options.language +
                                "\"");
  }
  auto resampler = audio::Resampler::create(options.sample_rate, 16000);
  if (!resampler.ok()) {
    return core::Error::invalid("pocketsphinx cannot take " + std::to_string(options.sample_rate) +
                                " Hz audio: " + resampler.error().message);
  }
  if (decoders_->created() == 0) warm_up();
  return std::unique_ptr<SttStream>(std::make_unique<LocalSttStream>(
      decoders_, priors_, compute_, events_on, std::move(on_event), std::move(resampler).value(),
      options.expected_phrases, limits_));
}

void LocalSttProvider::warm_up() {
  decoders_->acquire([](core::Result<DecoderPool::Lease> lease) {
    if (!lease.ok()) {
      core::log_warn("pocketsphinx.warm_up_failed", {{"error", lease.error().message}});
    }
    // The lease goes back to the pool here: one decoder is now loaded and idle.
  });
}

}  // namespace ovos::providers::local
