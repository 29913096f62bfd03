#pragma once

// Speech providers with scripted results and fixed delays, standing in for network vendors in
// engine tests and benchmarks (never linked into the openvoiceos binary).

#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "providers/stt.h"
#include "providers/tts.h"

namespace ovos::providers::testing {

/// Speech-to-text that cannot hear: each finalize() answers with the next scripted text after
/// `final_delay`; while audio arrives it reveals that text word by word as interims, one word
/// per `interim_every` of audio, so barge-in rules that count words can be exercised.
class FakeSttProvider final : public SttProvider {
 public:
  struct Options {
    std::chrono::milliseconds final_delay{0};
    std::chrono::milliseconds interim_every{150};
  };
  explicit FakeSttProvider(Options options) : options_(options) {}
  FakeSttProvider() : FakeSttProvider(Options{}) {}

  /// Adds the text of the next utterance (given to every stream opened afterwards as well).
  void script(std::string text) { script_.push_back(std::move(text)); }

  [[nodiscard]] std::string_view name() const override { return "fake-stt"; }
  [[nodiscard]] core::Result<std::unique_ptr<SttStream>> open_stream(
      const SttOptions& options, core::Executor& events_on, SttEventHandler on_event) override;

  /// Totals over all streams, for assertions.
  struct Stats {
    std::size_t samples_pushed = 0;
    int finalizes = 0;
    int streams_open = 0;
    std::vector<std::string> expected_phrases;  // the last set
  };
  [[nodiscard]] const Stats& stats() const { return *stats_; }

 private:
  Options options_;
  std::shared_ptr<std::deque<std::string>> shared_script_ =
      std::make_shared<std::deque<std::string>>();
  std::deque<std::string>& script_ = *shared_script_;
  std::shared_ptr<Stats> stats_ = std::make_shared<Stats>();
};

/// Text-to-speech that speaks a 300 Hz tone for `per_word` per word, after `first_byte`,
/// delivered in chunks of `chunk` (all at once: faster than real time, like a fast vendor).
class FakeTtsProvider final : public TtsProvider {
 public:
  struct Options {
    std::chrono::milliseconds first_byte{0};
    std::chrono::milliseconds per_word{200};
    std::chrono::milliseconds chunk{40};
    int sample_rate = 16000;
    bool fail = false;  // every context ends in kError
  };
  explicit FakeTtsProvider(Options options) : options_(options) {}
  FakeTtsProvider() : FakeTtsProvider(Options{}) {}

  [[nodiscard]] std::string_view name() const override { return "fake-tts"; }
  [[nodiscard]] core::Result<std::unique_ptr<TtsStream>> open_stream(
      const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) override;

  /// Samples of speech for `text` at the provider's rate.
  [[nodiscard]] std::size_t samples_for(std::string_view text) const;

  struct Stats {
    std::vector<std::string> texts;  // every piece pushed, in order
    int cancels = 0;
  };
  [[nodiscard]] const Stats& stats() const { return *stats_; }

 private:
  Options options_;
  std::shared_ptr<Stats> stats_ = std::make_shared<Stats>();
};

}  // namespace ovos::providers::testing
