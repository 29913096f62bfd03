#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

struct ps_decoder_s;

namespace ovos::providers::local {

/// Optional decoder tuning; unset fields keep pocketsphinx's defaults. fast() trades about 5-8
/// points of word error for about 3x less CPU in open mode (dependencies.md §3).
struct PocketsphinxTuning {
  bool fwdflat = true;   // second, flat-lexicon pass
  bool bestpath = true;  // lattice rescoring pass
  std::optional<double> beam;
  std::optional<double> wbeam;
  std::optional<int> maxhmmpf;
  std::optional<int> pl_window;

  [[nodiscard]] static PocketsphinxTuning fast();
};

/// Where the models are and how to decode. The defaults are Debian's pocketsphinx-en-us.
struct PocketsphinxConfig {
  static constexpr std::string_view kDebianModelDir = "/usr/share/pocketsphinx/model/en-us";

  std::string acoustic_model = std::string(kDebianModelDir) + "/en-us";  // directory
  std::string language_model = std::string(kDebianModelDir) + "/en-us.lm.bin";
  std::string dictionary = std::string(kDebianModelDir) + "/cmudict-en-us.dict";
  // Only 16000: Debian ships no 8 kHz acoustic model, and the 16 kHz one run at 8 kHz is garbage
  // (over 100% word error). Callers resample telephone audio to 16 kHz.
  int sample_rate = 16000;
  double keyword_threshold = 1e-20;  // default for keywords without their own
  PocketsphinxTuning tuning;
};

/// Which search decodes the next utterance.
enum class SearchMode {
  kOpen,     // the large trigram language model: any English
  kGrammar,  // only the expected phrases (a JSGF grammar built at run time)
  kKeyword,  // keyword spotting: reports which keyphrases were heard, ignores the rest
};

/// A keyphrase to spot and its detection threshold (smaller = stricter; 1e-50 .. 1e-5 typical).
struct Keyword {
  std::string phrase;
  std::optional<double> threshold;  // unset: PocketsphinxConfig::keyword_threshold
};

/// CPU and audio time of the last utterance (pocketsphinx's own accounting).
struct UtteranceTiming {
  double audio_seconds = 0;
  double cpu_seconds = 0;
  double wall_seconds = 0;
};

/// Offline streaming speech-to-text with pocketsphinx 5prealpha on 16 kHz mono signed 16-bit PCM.
/// Owns one decoder. Creating one loads the models (0.2-1 s, about 100 MB resident), so create
/// instances once and reuse them (a pool, one per compute thread). Thread-confined: one thread at
/// a time uses an instance (movable, not shareable); different instances run in parallel.
/// Per utterance: start_utterance(), process() audio as it arrives (partial() any time), then
/// end_utterance(). The search mode is chosen between utterances. The decoder's channel estimate
/// (live cepstral mean) adapts from one utterance to the next, except that an utterance which
/// gives no words in open or grammar mode (noise, silence) leaves it as it was.
class PocketsphinxRecognizer {
 public:
  /// Loads the models. Missing files, a sample rate other than 16000, or a decoder that will not
  /// start are errors (with pocketsphinx's own message where it gave one).
  [[nodiscard]] static core::Result<PocketsphinxRecognizer> create(PocketsphinxConfig config = {});

  PocketsphinxRecognizer(PocketsphinxRecognizer&& other) noexcept;
  PocketsphinxRecognizer& operator=(PocketsphinxRecognizer&& other) noexcept;
  PocketsphinxRecognizer(const PocketsphinxRecognizer&) = delete;
  PocketsphinxRecognizer& operator=(const PocketsphinxRecognizer&) = delete;
  ~PocketsphinxRecognizer();

  [[nodiscard]] int sample_rate() const { return config_.sample_rate; }
  [[nodiscard]] SearchMode mode() const { return mode_; }
  [[nodiscard]] bool in_utterance() const { return in_utterance_; }
  /// Wall time create() spent in ps_init (model loading).
  [[nodiscard]] double init_seconds() const { return init_seconds_; }

  /// True when `word` (any case) is in the pronunciation dictionary.
  [[nodiscard]] bool knows_word(std::string_view word) const;

  /// Constrains recognition to these phrases (grammar mode) from the next utterance on. Phrases
  /// are lowercased and stripped of punctuation; words missing from the dictionary are dropped
  /// with a warning in the log. Returns the phrases in the grammar; when none is left, recognition
  /// falls back to open mode and the list is empty. Not allowed during an utterance.
  [[nodiscard]] core::Result<std::vector<std::string>> set_expected_phrases(
      const std::vector<std::string>& phrases);
  /// Back to open recognition (from grammar or keyword mode). Not allowed during an utterance.
  [[nodiscard]] core::Result<void> clear_expected_phrases();
  /// Spots these keyphrases (keyword mode) from the next utterance on. Keyphrases with words
  /// missing from the dictionary are dropped with a warning; none left is an error and the mode
  /// does not change. Returns the keyphrases in use. Not allowed during an utterance.
  [[nodiscard]] core::Result<std::vector<std::string>> set_keywords(
      const std::vector<Keyword>& keywords);

  [[nodiscard]] core::Result<void> start_utterance();
  /// Decodes more audio of the current utterance; an error outside one.
  [[nodiscard]] core::Result<void> process(std::span<const std::int16_t> pcm);
  /// The current best hypothesis, normalised; nullopt outside an utterance or while empty. In
  /// keyword mode: the keyphrases heard so far.
  [[nodiscard]] std::optional<std::string> partial();
  /// Ends the utterance and returns the final hypothesis, normalised (may be empty). In keyword
  /// mode: the keyphrases heard, in order, separated by spaces (see last_keywords()).
  [[nodiscard]] core::Result<std::string> end_utterance();

  /// The decoder's channel estimate (live cepstral mean), which follows the caller's line and
  /// voice from one utterance to the next; empty when the front end keeps none. A decoder shared
  /// by several callers should get each caller's own back (set_channel_estimate) per utterance.
  [[nodiscard]] std::vector<float> channel_estimate() const;
  /// Replaces the channel estimate with one taken from a decoder of the same models. A vector of
  /// the wrong size is an error. Not allowed during an utterance.
  [[nodiscard]] core::Result<void> set_channel_estimate(std::span<const float> estimate);

  /// Keyphrases detected in the last utterance ended in keyword mode, in order.
  [[nodiscard]] const std::vector<std::string>& last_keywords() const { return last_keywords_; }
  [[nodiscard]] UtteranceTiming last_utterance_timing() const;

 private:
  struct DecoderDeleter {
    void operator()(ps_decoder_s* decoder) const;
  };

  PocketsphinxRecognizer(std::unique_ptr<ps_decoder_s, DecoderDeleter> decoder,
                         PocketsphinxConfig config, double init_seconds);
  [[nodiscard]] core::Result<void> require_idle(std::string_view action) const;
  [[nodiscard]] core::Result<void> load_grammar(const std::string& jsgf);
  [[nodiscard]] std::string current_hypothesis();
  [[nodiscard]] std::vector<std::string> keywords_heard();
  void restore_channel_estimate();

  std::unique_ptr<ps_decoder_s, DecoderDeleter> decoder_;
  PocketsphinxConfig config_;
  SearchMode mode_ = SearchMode::kOpen;
  bool in_utterance_ = false;
  double init_seconds_ = 0;
  std::vector<std::string> last_keywords_;
  std::vector<float> cmn_at_start_;  // cepstral mean (channel estimate) when the utterance began
};

/// Lowercases a pocketsphinx hypothesis and drops fillers (<s>, </s>, <sil>, [NOISE], +SPN+ ...)
/// and alternate-pronunciation marks ("read(2)" -> "read"); words end up single-spaced.
[[nodiscard]] std::string normalize_hypothesis(std::string_view hypothesis);

/// Splits a phrase into lowercase dictionary-style words: letters, digits and inner apostrophes
/// are kept, everything else separates words ("Book an appointment, please!" -> 4 words).
[[nodiscard]] std::vector<std::string> phrase_words(std::string_view phrase);

}  // namespace ovos::providers::local
