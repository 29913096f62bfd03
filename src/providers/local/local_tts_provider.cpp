#include "providers/local/local_tts_provider.h"

#include <algorithm>
#include <string>
#include <utility>

#include "audio/resampler.h"
#include "core/logging.h"
#include "providers/local/flite_synthesizer.h"
#include "providers/local/language.h"

namespace ovos::providers::local {
namespace {

constexpr int kFliteRate = 16000;

std::string voice_list() {
  std::string names;
  for (const std::string_view name : FliteSynthesizer::voices()) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  return names;
}

// The rate to deliver: the one asked for when it can be made, else flite's own.
int output_rate(int requested) {
  if (requested <= 0 || requested == kFliteRate) return kFliteRate;
  if (audio::Resampler::is_supported_rate(requested)) return requested;
  core::log_warn("tts.local.sample_rate_unsupported",
                 {{"requested", requested}, {"using", kFliteRate}});
  return kFliteRate;
}

}  // namespace

core::Result<std::unique_ptr<TtsStream>> LocalTtsProvider::open_stream(const TtsOptions& options,
                                                                       core::Executor& events_on,
                                                                       TtsEventHandler on_event) {
  const std::string_view voice =
      options.voice.empty() ? FliteSynthesizer::kDefaultVoice : std::string_view(options.voice);
  const auto voices = FliteSynthesizer::voices();
  if (std::find(voices.begin(), voices.end(), voice) == voices.end()) {
    return core::Error::invalid("unknown flite voice \"" + std::string(voice) +
                                "\" (valid voices: " + voice_list() + ")");
  }
  if (!is_english(options.language)) {
    return core::Error::invalid("flite speaks English only, not \"" + options.language + "\"");
  }
  OVOS_ASSIGN_OR_RETURN(FliteSynthesizer synthesizer, FliteSynthesizer::create(voice));
  OVOS_ASSIGN_OR_RETURN(
      audio::Resampler resampler,
      audio::Resampler::create(synthesizer.sample_rate(), output_rate(options.sample_rate)));
  return std::unique_ptr<TtsStream>(std::make_unique<LocalTtsStream>(
      compute_, events_on, std::move(on_event), std::move(synthesizer), std::move(resampler)));
}

}  // namespace ovos::providers::local
