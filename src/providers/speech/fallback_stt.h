#pragma once

// A recogniser that hands the call over to a second one when the first fails, so the call goes
// on hearing the caller instead of ending with an apology.

#include <memory>
#include <string_view>
#include <vector>

#include "providers/stt.h"

namespace ovos::providers::speech {

/// Opens `primary` with `options` behind `fallback`: when the primary's stream reports kError,
/// the fallback is opened with `fallback_options` (the call's rate and the phrases expected now
/// set from `options`), the audio of the utterance in progress is pushed to it again, a
/// finalize() still unanswered is repeated, and from then on the call's audio goes to it. If
/// the fallback cannot open, the primary's error is reported as it is. The stream runs on
/// `events_on` like the providers'.
[[nodiscard]] core::Result<std::unique_ptr<SttStream>> open_with_fallback(
    SttProvider& primary, const SttOptions& options, SttProvider& fallback,
    SttOptions fallback_options, core::Executor& events_on, SttEventHandler on_event);

/// Wraps a cloud recogniser (`primary`, owned) with a local one (`fallback`, not owned; e.g.
/// pocketsphinx). When the primary's stream reports kError, the fallback is opened with the
/// call's rate, language and the phrases expected now, the audio of the utterance in progress
/// (since the last final) is pushed to it again, a finalize() still unanswered is repeated, and
/// from then on the call's audio goes to the fallback. If the fallback cannot open (a language
/// it does not know) the primary's error is reported as it is. Streams run on the call's
/// executor like the providers'. Thread-safe; `fallback` must outlive it.
class FallbackSttProvider final : public SttProvider {
 public:
  FallbackSttProvider(std::unique_ptr<SttProvider> primary, SttProvider& fallback);

  [[nodiscard]] std::string_view name() const override { return primary_->name(); }
  [[nodiscard]] std::string_view config_schema() const override {
    return primary_->config_schema();
  }
  [[nodiscard]] std::vector<std::string_view> capabilities() const override;
  [[nodiscard]] core::Result<std::unique_ptr<SttStream>> open_stream(
      const SttOptions& options, core::Executor& events_on, SttEventHandler on_event) override;
  /// The wrapped recogniser, without the local fallback.
  [[nodiscard]] SttProvider& primary() const { return *primary_; }

 private:
  std::unique_ptr<SttProvider> primary_;
  SttProvider& fallback_;
};

}  // namespace ovos::providers::speech
