#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ovos::providers::local {

/// Timing and size of the last FliteSynthesizer::synthesize() call, for latency metrics.
struct SynthesisStats {
  double first_audio_ms = 0;  // from the call to the first on_audio; 0 when nothing was said
  double total_ms = 0;        // wall time of the whole call
  std::size_t samples = 0;    // samples handed to on_audio
  bool stopped = false;       // on_audio returned false
};

/// Offline English text-to-speech with flite 2.2, streaming 16 kHz mono signed 16-bit PCM as flite
/// produces it. Voices: "rms" (default, male; pocketsphinx recognises it best), "slt" (female),
/// "awb" (Scottish male), "kal16" (diphone, fastest, robotic).
///
/// Thread-confined: one instance belongs to one thread at a time (movable, not shareable).
/// flite 2.2 keeps one process-wide object per voice (register_cmu_us_* returns a singleton) and
/// refcounts shared values without atomics, so every synthesis in the process runs under one
/// process-wide mutex, one sentence at a time. At a real-time factor of about 0.025 (rms) one core
/// still speaks for about 40 calls at once. on_audio runs under that mutex: copy or post the
/// samples, never block in it. Voices are registered with flite while any instance uses them.
class FliteSynthesizer {
 public:
  /// Receives each chunk (about 20 ms for the clustergen voices); returns false to stop (barge-in).
  using AudioSink = std::function<bool(std::span<const std::int16_t>)>;

  static constexpr std::size_t kMaxTextBytes = 5000;
  static constexpr std::string_view kDefaultVoice = "rms";

  /// Voice names create() accepts.
  [[nodiscard]] static std::vector<std::string_view> voices();
  /// Registers `voice` with flite (cheap after the first time). Unknown names are an error.
  [[nodiscard]] static core::Result<FliteSynthesizer> create(
      std::string_view voice = kDefaultVoice);

  FliteSynthesizer(FliteSynthesizer&& other) noexcept;
  FliteSynthesizer& operator=(FliteSynthesizer&& other) noexcept;
  FliteSynthesizer(const FliteSynthesizer&) = delete;
  FliteSynthesizer& operator=(const FliteSynthesizer&) = delete;
  ~FliteSynthesizer();

  [[nodiscard]] int sample_rate() const;
  [[nodiscard]] std::string_view voice() const;

  /// Speaks `text` (UTF-8), sentence by sentence, handing audio to `on_audio` as it is made.
  /// Characters flite cannot say are transliterated (é -> e) or dropped; text with nothing to say
  /// succeeds with no audio. Text over kMaxTextBytes is refused (kTooLarge): split it first.
  /// Returns success also when on_audio stopped it. An exception from on_audio is rethrown.
  [[nodiscard]] core::Result<void> synthesize(std::string_view text, const AudioSink& on_audio);
  /// synthesize() into one buffer.
  [[nodiscard]] core::Result<std::vector<std::int16_t>> synthesize_all(std::string_view text);

  [[nodiscard]] const SynthesisStats& last_stats() const { return stats_; }

 private:
  explicit FliteSynthesizer(int voice_index) : voice_index_(voice_index) {}
  void release();

  int voice_index_ = -1;  // into the process-wide voice table; -1 once moved from
  SynthesisStats stats_;
};

/// Makes UTF-8 text sayable by flite's English front end: Latin letters with diacritics lose them
/// (é -> e, ß -> ss), typographic quotes and dashes become ASCII, a few symbols become words
/// (€ -> euros), control characters, other scripts, emoji and invalid bytes are dropped, and
/// whitespace is collapsed.
[[nodiscard]] std::string sanitize_text_for_flite(std::string_view utf8);

/// Splits text after sentence punctuation (. ! ? ;) followed by a space, and any piece longer than
/// `max_chars` at its last space before that length, so the first audio comes early.
[[nodiscard]] std::vector<std::string> split_sentences(std::string_view text,
                                                       std::size_t max_chars = 300);

}  // namespace ovos::providers::local
