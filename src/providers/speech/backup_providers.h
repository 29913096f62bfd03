#pragma once

// An agent's own second recogniser and synthesizer (tools_config.transcriber.fallback and
// synthesizer.fallback): tried before the local engines when the first cloud provider fails.

#include <string_view>
#include <vector>

#include "providers/stt.h"
#include "providers/tts.h"

namespace ovos::providers::speech {

/// The agent's synthesizer (`primary`) with its configured second one (`backup`) behind it,
/// for the calls of one agent: a piece the primary fails before its first audio is spoken by
/// the backup with `backup_options` (its own provider, voice and key); after `switch_after`
/// such failures in a row the call speaks through the backup only. A primary the registry
/// wrapped with the local voice is used without it, so the order is primary, backup, then the
/// backup's own local fallback (flite). Both providers are borrowed from the registry; owned by
/// the agent's runtime; open_stream is thread-safe, backup_options() is for setting up only.
class BackupTtsProvider final : public TtsProvider {
 public:
  BackupTtsProvider(TtsProvider& primary, TtsProvider& backup, TtsOptions backup_options,
                    int switch_after = 2);

  [[nodiscard]] std::string_view name() const override { return primary_.name(); }
  [[nodiscard]] std::string_view config_schema() const override { return primary_.config_schema(); }
  [[nodiscard]] std::vector<std::string_view> capabilities() const override;
  [[nodiscard]] core::Result<std::unique_ptr<TtsStream>> open_stream(
      const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) override;
  /// The backup's settings; its credentials are filled in when the call is set up.
  [[nodiscard]] TtsOptions& backup_options() { return backup_options_; }

 private:
  TtsProvider& primary_;  // without the local fallback
  TtsProvider& backup_;   // as registered (with its local fallback)
  TtsOptions backup_options_;
  const int switch_after_;
};

/// The agent's recogniser (`primary`) with its configured second one (`backup`) behind it:
/// when the primary's stream fails for good, the backup is opened with `backup_options` and
/// hears the utterance in progress again (speech::open_with_fallback). A primary the registry
/// wrapped with pocketsphinx is used without it, so pocketsphinx comes after the backup.
/// Borrows both; owned by the agent's runtime; open_stream is thread-safe.
class BackupSttProvider final : public SttProvider {
 public:
  BackupSttProvider(SttProvider& primary, SttProvider& backup, SttOptions backup_options);

  [[nodiscard]] std::string_view name() const override { return primary_.name(); }
  [[nodiscard]] std::string_view config_schema() const override { return primary_.config_schema(); }
  [[nodiscard]] std::vector<std::string_view> capabilities() const override;
  [[nodiscard]] core::Result<std::unique_ptr<SttStream>> open_stream(
      const SttOptions& options, core::Executor& events_on, SttEventHandler on_event) override;
  /// The backup's settings; its credentials are filled in when the call is set up.
  [[nodiscard]] SttOptions& backup_options() { return backup_options_; }

 private:
  SttProvider& primary_;
  SttProvider& backup_;
  SttOptions backup_options_;
};

}  // namespace ovos::providers::speech
