#pragma once

// Helpers of the tests of the synthesizers that wrap others (fallback to the local voice, a
// backup voice): a scripted cloud voice and a fixture that speaks pieces on a manual executor.

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/executor.h"
#include "providers/testing/fake_providers.h"
#include "providers/tts.h"

namespace ovos::providers::testing {

/// A cloud synthesizer that fails every piece while `failing`, and the pieces whose text contains
/// "fail" always, after speaking `audio_before_failing` samples of them first; the other pieces it
/// speaks as 160 samples at 8 kHz. It records the options it was opened with and the text of each
/// flushed piece. Events are posted to the stream's executor; none after close().
class ScriptedTts final : public TtsProvider {
 public:
  explicit ScriptedTts(std::string name, std::size_t audio_before_failing = 0)
      : name_(std::move(name)), audio_before_failing_(audio_before_failing) {}
  [[nodiscard]] std::string_view name() const override { return name_; }
  [[nodiscard]] core::Result<std::unique_ptr<TtsStream>> open_stream(
      const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) override {
    opened.push_back(options);
    return std::unique_ptr<TtsStream>(
        std::make_unique<Stream>(*this, events_on, std::move(on_event)));
  }

  bool failing = false;
  std::vector<TtsOptions> opened;
  std::vector<std::string> texts;

 private:
  class Stream final : public TtsStream {
   public:
    Stream(ScriptedTts& owner, core::Executor& executor, TtsEventHandler handler)
        : owner_(owner), executor_(executor), handler_(std::move(handler)) {}
    void push_text(TtsContextId context, std::string_view text) override { text_[context] += text; }
    void flush(TtsContextId context) override {
      owner_.texts.push_back(text_[context]);
      const bool fail = owner_.failing || text_[context].find("fail") != std::string::npos;
      const std::size_t audio = fail ? owner_.audio_before_failing_ : 160;
      executor_.post([handler = handler_, context, fail, audio, alive = alive_] {
        using Kind = TtsEvent::Kind;
        if (!*alive) return;
        if (audio > 0)
          handler({Kind::kAudio, context, std::vector<std::int16_t>(audio, 3), 8000, 0, {}});
        if (!*alive) return;
        if (fail) {
          handler({Kind::kError, context, {}, 0, 0, core::Error::unavailable("cloud down")});
        } else {
          handler({Kind::kDone, context, {}, 8000, 4, {}});
        }
      });
    }
    void cancel(TtsContextId) override {}
    void close() override { *alive_ = false; }

   private:
    ScriptedTts& owner_;
    core::Executor& executor_;
    TtsEventHandler handler_;
    std::map<TtsContextId, std::string> text_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  };

  std::string name_;
  std::size_t audio_before_failing_;
};

/// A manual executor, the local voice (FakeTtsProvider, 16 kHz), and one stream opened on the
/// provider under test, whose events it keeps. The stream is closed in TearDown, before the
/// providers a fixture derived from this one owns.
class TtsWrapperHarness : public ::testing::Test {
 protected:
  void TearDown() override { stream_.reset(); }
  void open(TtsProvider& provider, const TtsOptions& options) {
    auto stream = provider.open_stream(options, executor_,
                                       [this](TtsEvent e) { events_.push_back(std::move(e)); });
    ASSERT_TRUE(stream.ok());
    stream_ = std::move(stream).value();
  }
  /// Speaks `text` as `context` and runs what that posted.
  void say(TtsContextId context, std::string_view text) {
    stream_->push_text(context, text);
    stream_->flush(context);
    executor_.advance(std::chrono::seconds(5));
  }
  /// The done or error event of `context`, or nullptr.
  [[nodiscard]] const TtsEvent* end_of(TtsContextId context) const {
    for (const auto& e : events_)
      if (e.context == context && e.kind != TtsEvent::Kind::kAudio) return &e;
    return nullptr;
  }
  /// How many samples of `context` came at `rate`.
  [[nodiscard]] std::size_t audio_of(TtsContextId context, int rate) const {
    std::size_t n = 0;
    for (const auto& e : events_)
      if (e.context == context && e.kind == TtsEvent::Kind::kAudio && e.sample_rate == rate)
        n += e.samples.size();
    return n;
  }

  core::ManualClock clock_;
  core::ManualExecutor executor_{clock_};
  FakeTtsProvider local_;
  std::unique_ptr<TtsStream> stream_;
  std::vector<TtsEvent> events_;
};

}  // namespace ovos::providers::testing
