#pragma once

// Speech-to-text provider interface: a factory that opens one stream per call.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/executor.h"
#include "core/result.h"

namespace ovos::providers {

/// What a speech-to-text stream reports.
struct SttEvent {
  enum class Kind {
    kSpeechStarted,  // the recogniser heard speech begin (optional; VAD also tells the engine)
    kInterim,        // a partial hypothesis of the utterance so far; may change
    kFinal,          // the utterance's final text (may be empty: nothing recognisable)
    kError,          // the stream failed; no more events follow
  };
  Kind kind = Kind::kInterim;
  std::string text;
  double confidence = 0;     // 0..1 when the provider gives one, else 0
  double audio_seconds = 0;  // kFinal: audio decoded for this utterance (usage)
  core::Error error{};       // kError only
};

/// Called on the executor given to open_stream, never after the stream is closed or destroyed.
using SttEventHandler = std::function<void(SttEvent)>;

/// How to recognise one call's caller audio.
struct SttOptions {
  /// The caller's stored key for the provider (KeyVault::credentials_for): api_key, base_url...
  /// as the provider catalogue names them. Empty for local providers. Never logged.
  std::map<std::string, std::string> credentials;
  int sample_rate = 16000;  // of the audio pushed
  std::string language = "en";
  std::string model;  // provider-specific; empty: the provider's default
  /// Phrases the agent's current step expects. A provider that can constrain recognition to them
  /// (a grammar) does so, and falls back to open recognition when the list is empty.
  std::vector<std::string> expected_phrases;
  /// Words to boost or spot (Deepgram keywords, pocketsphinx keyphrases).
  std::vector<std::string> keywords;
  /// Silence in ms the provider's own endpointing waits for (Deepgram `endpointing`); 0: its
  /// default. The engine's VAD still decides when a turn ends (finalize()).
  int endpointing_ms = 0;
};

/// One call's recognition stream. Used only on the call's executor; it may be closed or
/// destroyed from inside its own event handler.
class SttStream {
 public:
  virtual ~SttStream() = default;
  /// Caller audio, mono PCM16 at SttOptions::sample_rate.
  virtual void push_audio(std::span<const std::int16_t> samples) = 0;
  /// The caller stopped talking: report a kFinal for the audio pushed since the last final.
  virtual void finalize() = 0;
  /// Replaces the expected phrases for the next utterance (empty: open recognition).
  virtual void set_expected_phrases(std::vector<std::string> phrases) { (void)phrases; }
  /// Stops recognising; no events are delivered after it returns. Idempotent.
  virtual void close() = 0;
};

/// Opens recognition streams. Shared by all calls; thread-safe.
class SttProvider {
 public:
  virtual ~SttProvider() = default;
  [[nodiscard]] virtual std::string_view name() const = 0;
  /// JSON Schema of the settings an agent gives this provider (voice, model, language...), for
  /// the UI's forms; "{}" when it takes none.
  [[nodiscard]] virtual std::string_view config_schema() const { return "{}"; }
  /// What it can do, e.g. "streaming", "interim_results", "expected_phrases", "cancel".
  [[nodiscard]] virtual std::vector<std::string_view> capabilities() const { return {}; }
  /// Starts a stream whose events run on `events_on` through `on_event`.
  [[nodiscard]] virtual core::Result<std::unique_ptr<SttStream>> open_stream(
      const SttOptions& options, core::Executor& events_on, SttEventHandler on_event) = 0;
};

}  // namespace ovos::providers
