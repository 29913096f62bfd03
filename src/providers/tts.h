#pragma once

// Text-to-speech provider interface: a factory that opens one stream per call; each agent turn
// is a context within it, so a barge-in cancels one turn's speech and keeps the connection.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/executor.h"
#include "core/result.h"

namespace ovos::providers {

/// Identifies the turn (context) a piece of speech belongs to. Chosen by the caller, increasing.
using TtsContextId = std::uint64_t;

/// What a text-to-speech stream reports.
struct TtsEvent {
  enum class Kind {
    kAudio,  // speech for `context`, mono PCM16 at `sample_rate`
    kDone,   // every piece of text flushed for `context` has been spoken
    kError,  // `context` failed (the stream stays usable for later contexts)
  };
  Kind kind = Kind::kAudio;
  TtsContextId context = 0;
  std::vector<std::int16_t> samples;
  int sample_rate = 0;
  std::size_t characters = 0;  // kDone: characters synthesized (usage)
  core::Error error{};
};

/// Called on the executor given to open_stream, never after the stream is closed or destroyed.
using TtsEventHandler = std::function<void(TtsEvent)>;

/// How to speak for one call.
struct TtsOptions {
  /// The caller's stored key for the provider (KeyVault::credentials_for): api_key, base_url...
  /// as the provider catalogue names them. Empty for local providers. Never logged.
  std::map<std::string, std::string> credentials;
  std::string voice;     // provider-specific; empty: the provider's default
  std::string voice_id;  // the vendor's id of the voice when it has one (ElevenLabs)
  std::string model;     // the vendor's model (Polly: its engine)
  std::string language = "en";
  int sample_rate = 16000;  // preferred output rate; a provider may use its own (events say)
  /// synthesizer.stream: the vendor's streaming WebSocket where it has one besides HTTP
  /// (ElevenLabs' multi-stream-input); others ignore it.
  bool stream = false;
};

/// One call's synthesis stream. Used only on the call's executor; any method may be called from
/// inside its own event handler. Audio of a context arrives in the order its text was pushed.
class TtsStream {
 public:
  virtual ~TtsStream() = default;
  /// Speaks `text` (a sentence or clause) as part of `context`.
  virtual void push_text(TtsContextId context, std::string_view text) = 0;
  /// No more text for `context`: kDone follows its last audio.
  virtual void flush(TtsContextId context) = 0;
  /// Drops `context`: no more of its audio is delivered, and its pending text is not spoken.
  virtual void cancel(TtsContextId context) = 0;
  /// Stops everything; no events are delivered after it returns. Idempotent.
  virtual void close() = 0;
};

/// Opens synthesis streams. Shared by all calls; thread-safe.
class TtsProvider {
 public:
  virtual ~TtsProvider() = default;
  [[nodiscard]] virtual std::string_view name() const = 0;
  /// JSON Schema of the settings an agent gives this provider (voice, model, language...), for
  /// the UI's forms; "{}" when it takes none.
  [[nodiscard]] virtual std::string_view config_schema() const { return "{}"; }
  /// What it can do, e.g. "streaming", "interim_results", "expected_phrases", "cancel".
  [[nodiscard]] virtual std::vector<std::string_view> capabilities() const { return {}; }
  [[nodiscard]] virtual core::Result<std::unique_ptr<TtsStream>> open_stream(
      const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) = 0;
};

}  // namespace ovos::providers
