#include "providers/speech/backup_providers.h"

#include <utility>

#include "providers/speech/fallback_stt.h"
#include "providers/speech/fallback_tts.h"

namespace ovos::providers::speech {
namespace {

TtsProvider& without_local_voice(TtsProvider& provider) {
  auto* wrapped = dynamic_cast<FallbackTtsProvider*>(&provider);
  return wrapped != nullptr ? wrapped->primary() : provider;
}

SttProvider& without_local_ears(SttProvider& provider) {
  auto* wrapped = dynamic_cast<FallbackSttProvider*>(&provider);
  return wrapped != nullptr ? wrapped->primary() : provider;
}

}  // namespace

BackupTtsProvider::BackupTtsProvider(TtsProvider& primary, TtsProvider& backup,
                                     TtsOptions backup_options, int switch_after)
    : primary_(without_local_voice(primary)),
      backup_(backup),
      backup_options_(std::move(backup_options)),
      switch_after_(switch_after) {}

std::vector<std::string_view> BackupTtsProvider::capabilities() const {
  auto out = primary_.capabilities();
  out.emplace_back("fallback");
  return out;
}

core::Result<std::unique_ptr<TtsStream>> BackupTtsProvider::open_stream(const TtsOptions& options,
                                                                        core::Executor& events_on,
                                                                        TtsEventHandler on_event) {
  return open_with_fallback(primary_, options, backup_, backup_options_, switch_after_, events_on,
                            std::move(on_event));
}

BackupSttProvider::BackupSttProvider(SttProvider& primary, SttProvider& backup,
                                     SttOptions backup_options)
    : primary_(without_local_ears(primary)),
      backup_(backup),
      backup_options_(std::move(backup_options)) {}

std::vector<std::string_view> BackupSttProvider::capabilities() const {
  auto out = primary_.capabilities();
  out.emplace_back("fallback");
  return out;
}

core::Result<std::unique_ptr<SttStream>> BackupSttProvider::open_stream(const SttOptions& options,
                                                                        core::Executor& events_on,
                                                                        SttEventHandler on_event) {
  return open_with_fallback(primary_, options, backup_, backup_options_, events_on,
                            std::move(on_event));
}

}  // namespace ovos::providers::speech
