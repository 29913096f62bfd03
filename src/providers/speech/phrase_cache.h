#pragma once

// Speech of short phrases said again and again (welcome messages, fillers, "are you still
// there?"), kept so a cloud synthesizer is asked once.

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "providers/tts.h"

namespace ovos::providers::speech {

/// The audio of one phrase as a synthesizer spoke it.
struct PhraseAudio {
  std::vector<std::int16_t> samples;
  int sample_rate = 0;
};

/// A least-recently-used map from phrase keys to their audio, bounded by bytes of audio.
/// Shared by every call; thread-safe.
class PhraseCache {
 public:
  /// `max_bytes` of samples in all; phrases longer than `max_text` characters are not kept.
  explicit PhraseCache(std::size_t max_bytes = std::size_t{32} << 20, std::size_t max_text = 200);

  /// The key of `text` spoken by `provider` with `options`: voice, voice id, model, language,
  /// rate and the account (a digest of the credentials, so one account's voices are never
  /// served to another). Empty when the text is too long to keep.
  [[nodiscard]] std::string key(std::string_view provider, const TtsOptions& options,
                                std::string_view text) const;
  [[nodiscard]] std::shared_ptr<const PhraseAudio> find(const std::string& key);
  void store(const std::string& key, PhraseAudio audio);
  [[nodiscard]] std::size_t bytes() const;
  [[nodiscard]] std::size_t size() const;

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const PhraseAudio>>;
  const std::size_t max_bytes_;
  const std::size_t max_text_;
  mutable std::mutex mutex_;
  std::list<Entry> order_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::size_t bytes_ = 0;
};

/// A TtsProvider that answers phrases it has spoken before from a PhraseCache and asks the
/// provider it wraps for the others, keeping what that provider spoke completely (kDone, not
/// cancelled) when the phrase is short enough. Its streams run on the call's executor like the
/// wrapped provider's; cached audio is posted there, never delivered inside push_text/flush.
class CachingTtsProvider final : public TtsProvider {
 public:
  CachingTtsProvider(std::unique_ptr<TtsProvider> inner, std::shared_ptr<PhraseCache> cache);

  [[nodiscard]] std::string_view name() const override { return inner_->name(); }
  [[nodiscard]] std::string_view config_schema() const override { return inner_->config_schema(); }
  [[nodiscard]] std::vector<std::string_view> capabilities() const override;
  [[nodiscard]] core::Result<std::unique_ptr<TtsStream>> open_stream(
      const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) override;

 private:
  std::unique_ptr<TtsProvider> inner_;
  std::shared_ptr<PhraseCache> cache_;
};

}  // namespace ovos::providers::speech
