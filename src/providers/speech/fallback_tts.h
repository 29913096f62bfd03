#pragma once

// A synthesizer that speaks through a second one when the first fails, so the caller hears an
// answer (in another voice) rather than silence.

#include <memory>
#include <string_view>
#include <vector>

#include "providers/tts.h"

namespace ovos::providers::speech {

/// Opens `primary` with `options` behind `fallback`: a context the primary fails before any of
/// its audio is spoken again, whole, by the fallback, opened on first need with
/// `fallback_options` (its sample_rate set to the call's); after `switch_after` such failures
/// in a row the stream stops asking the primary. A failure after some audio still ends that
/// context with kError. When the fallback cannot open (a language it does not speak), it says
/// "Sorry, I had a problem answering that." in English instead of the failed piece, once per
/// run of failures (the later ones of the run keep their kError); only when it cannot open in
/// English either are the primary's errors reported as they are. The stream runs on
/// `events_on` like the providers'.
[[nodiscard]] core::Result<std::unique_ptr<TtsStream>> open_with_fallback(
    TtsProvider& primary, const TtsOptions& options, TtsProvider& fallback,
    TtsOptions fallback_options, int switch_after, core::Executor& events_on,
    TtsEventHandler on_event);

/// Wraps a cloud synthesizer (`primary`, owned) with a local one (`fallback`, not owned; e.g.
/// flite). A context the primary fails before any of its audio is spoken again, whole, by the
/// fallback; after `switch_after` such failures in a row a call's stream stops asking the
/// primary and speaks everything through the fallback. A failure after some audio still ends
/// that context with kError (speaking it again would repeat words). The fallback is opened on
/// first need with the call's rate and language but its own default voice; when it cannot open
/// (a language it does not speak) it apologises in English instead (open_with_fallback). Streams
/// run on the call's executor like the providers'. Thread-safe; `fallback` must outlive it.
class FallbackTtsProvider final : public TtsProvider {
 public:
  FallbackTtsProvider(std::unique_ptr<TtsProvider> primary, TtsProvider& fallback,
                      int switch_after = 2);

  [[nodiscard]] std::string_view name() const override { return primary_->name(); }
  [[nodiscard]] std::string_view config_schema() const override {
    return primary_->config_schema();
  }
  [[nodiscard]] std::vector<std::string_view> capabilities() const override;
  [[nodiscard]] core::Result<std::unique_ptr<TtsStream>> open_stream(
      const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) override;
  /// The wrapped synthesizer, without the local fallback.
  [[nodiscard]] TtsProvider& primary() const { return *primary_; }

 private:
  std::unique_ptr<TtsProvider> primary_;
  TtsProvider& fallback_;
  const int switch_after_;
};

}  // namespace ovos::providers::speech
