#include "providers/testing/fake_providers.h"

#include <cmath>
#include <numbers>
#include <set>

namespace ovos::providers::testing {

namespace {

/// Sample `i` of a 300 Hz tone at `rate`, from a table of one 20 ms period (cheap per sample).
std::int16_t tone_sample(std::size_t i, int rate) {
  static thread_local int table_rate = 0;
  static thread_local std::vector<std::int16_t> table;
  if (table_rate != rate) {
    table_rate = rate;
    table.resize(static_cast<std::size_t>(rate / 50));  // 20 ms: six whole periods of 300 Hz
    for (std::size_t k = 0; k < table.size(); ++k) {
      const double t = static_cast<double>(k) / rate;
      table[k] = static_cast<std::int16_t>(8000 * std::sin(2 * std::numbers::pi * 300 * t));
    }
  }
  return table[i % table.size()];
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : text) {
    if (c == ' ') {
      if (!word.empty()) words.push_back(std::exchange(word, {}));
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

/// State shared by a stream and the tasks it posted; `open` is only touched on the executor.
struct SttState {
  core::Executor* executor = nullptr;
  SttEventHandler on_event;
  bool open = true;
};

class FakeSttStream final : public SttStream {
 public:
  FakeSttStream(std::shared_ptr<std::deque<std::string>> script,
                std::shared_ptr<FakeSttProvider::Stats> stats, FakeSttProvider::Options options,
                int sample_rate, core::Executor& executor, SttEventHandler on_event)
      : script_(std::move(script)),
        stats_(std::move(stats)),
        options_(options),
        sample_rate_(sample_rate),
        state_(std::make_shared<SttState>()) {
    state_->executor = &executor;
    state_->on_event = std::move(on_event);
    ++stats_->streams_open;
  }
  ~FakeSttStream() override { close(); }

  void push_audio(std::span<const std::int16_t> samples) override {
    stats_->samples_pushed += samples.size();
    utterance_samples_ += samples.size();
    if (script_->empty() || options_.interim_every.count() <= 0) return;
    const auto per_word =
        static_cast<std::size_t>(options_.interim_every.count() * sample_rate_ / 1000);
    const auto words = split_words(script_->front());
    const std::size_t revealed = std::min(words.size(), utterance_samples_ / per_word);
    if (revealed > revealed_) {
      revealed_ = revealed;
      std::string text;
      for (std::size_t i = 0; i < revealed; ++i)
        text += (i ? " " : "") + words[i];
      emit(SttEvent{SttEvent::Kind::kInterim, text, 0.5, 0, {}}, std::chrono::milliseconds(0));
    }
  }

  void finalize() override {
    ++stats_->finalizes;
    std::string text;
    if (!script_->empty()) {
      text = script_->front();
      script_->pop_front();
    }
    const double seconds = static_cast<double>(utterance_samples_) / sample_rate_;
    utterance_samples_ = 0;
    revealed_ = 0;
    emit(SttEvent{SttEvent::Kind::kFinal, text, 0.9, seconds, {}}, options_.final_delay);
  }

  void set_expected_phrases(std::vector<std::string> phrases) override {
    stats_->expected_phrases = std::move(phrases);
  }

  void close() override {
    if (!state_->open) return;
    state_->open = false;
    --stats_->streams_open;
  }

 private:
  void emit(SttEvent event, std::chrono::milliseconds delay) {
    auto task = [state = state_, event = std::move(event)]() mutable {
      if (state->open) state->on_event(std::move(event));
    };
    if (delay.count() > 0) {
      state_->executor->post_after(delay, std::move(task));
    } else {
      state_->executor->post(std::move(task));
    }
  }

  std::shared_ptr<std::deque<std::string>> script_;
  std::shared_ptr<FakeSttProvider::Stats> stats_;
  FakeSttProvider::Options options_;
  int sample_rate_;
  std::shared_ptr<SttState> state_;
  std::size_t utterance_samples_ = 0;
  std::size_t revealed_ = 0;
};

struct TtsState {
  core::Executor* executor = nullptr;
  TtsEventHandler on_event;
  bool open = true;
  std::set<TtsContextId> cancelled;
};

class FakeTtsStream final : public TtsStream {
 public:
  FakeTtsStream(const FakeTtsProvider& provider, FakeTtsProvider::Options options,
                std::shared_ptr<FakeTtsProvider::Stats> stats, core::Executor& executor,
                TtsEventHandler on_event)
      : provider_(provider),
        options_(options),
        stats_(std::move(stats)),
        state_(std::make_shared<TtsState>()) {
    state_->executor = &executor;
    state_->on_event = std::move(on_event);
  }
  ~FakeTtsStream() override { close(); }

  void push_text(TtsContextId context, std::string_view text) override {
    stats_->texts.emplace_back(text);
    pending_[context] += std::string(text) + " ";
  }

  void flush(TtsContextId context) override {
    const std::string text = std::move(pending_[context]);
    pending_.erase(context);
    const std::size_t total = provider_.samples_for(text);
    const auto chunk =
        static_cast<std::size_t>(options_.chunk.count() * options_.sample_rate / 1000);
    std::vector<TtsEvent> events;
    if (options_.fail) {
      events.push_back(TtsEvent{
          TtsEvent::Kind::kError, context, {}, 0, 0, core::Error::unavailable("synthesis failed")});
    } else {
      for (std::size_t at = 0; at < total; at += chunk) {
        TtsEvent audio{TtsEvent::Kind::kAudio, context, {}, options_.sample_rate, 0, {}};
        const std::size_t n = std::min(chunk, total - at);
        audio.samples.resize(n);
        for (std::size_t i = 0; i < n; ++i)
          audio.samples[i] = tone_sample(at + i, options_.sample_rate);
        events.push_back(std::move(audio));
      }
      events.push_back(
          TtsEvent{TtsEvent::Kind::kDone, context, {}, options_.sample_rate, text.size(), {}});
    }
    auto task = [state = state_, context, events = std::move(events)]() mutable {
      for (auto& e : events) {
        if (!state->open || state->cancelled.contains(context)) return;
        state->on_event(std::move(e));
      }
    };
    if (options_.first_byte.count() > 0) {
      state_->executor->post_after(options_.first_byte, std::move(task));
    } else {
      state_->executor->post(std::move(task));
    }
  }

  void cancel(TtsContextId context) override {
    ++stats_->cancels;
    pending_.erase(context);
    state_->cancelled.insert(context);
  }

  void close() override { state_->open = false; }

 private:
  const FakeTtsProvider& provider_;
  FakeTtsProvider::Options options_;
  std::shared_ptr<FakeTtsProvider::Stats> stats_;
  std::shared_ptr<TtsState> state_;
  std::map<TtsContextId, std::string> pending_;
};

}  // namespace

core::Result<std::unique_ptr<SttStream>> FakeSttProvider::open_stream(const SttOptions& options,
                                                                      core::Executor& events_on,
                                                                      SttEventHandler on_event) {
  stats_->expected_phrases = options.expected_phrases;
  return std::unique_ptr<SttStream>(std::make_unique<FakeSttStream>(
      shared_script_, stats_, options_, options.sample_rate, events_on, std::move(on_event)));
}

std::size_t FakeTtsProvider::samples_for(std::string_view text) const {
  const auto words = split_words(text).size();
  return words * static_cast<std::size_t>(options_.per_word.count() * options_.sample_rate / 1000);
}

core::Result<std::unique_ptr<TtsStream>> FakeTtsProvider::open_stream(const TtsOptions& options,
                                                                      core::Executor& events_on,
                                                                      TtsEventHandler on_event) {
  (void)options;
  return std::unique_ptr<TtsStream>(
      std::make_unique<FakeTtsStream>(*this, options_, stats_, events_on, std::move(on_event)));
}

}  // namespace ovos::providers::testing
