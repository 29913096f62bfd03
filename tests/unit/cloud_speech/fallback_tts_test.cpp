// A cloud synthesizer that fails is replaced by a local voice: the failed piece is spoken again
// by the fallback, and after failures in a row the call stops asking the cloud.

#include "providers/speech/fallback_tts.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/executor.h"
#include "providers/testing/fake_providers.h"

namespace ovos::providers::speech {
namespace {

using namespace std::chrono_literals;
using Kind = TtsEvent::Kind;

/// A synthesizer that fails the contexts whose text contains "fail", after speaking `audio`
/// samples of them first when `audio` > 0; the others it speaks as a 160-sample tone.
class FlakyTts final : public TtsProvider {
 public:
  explicit FlakyTts(std::size_t audio_before_failing = 0) : audio_(audio_before_failing) {}
  [[nodiscard]] std::string_view name() const override { return "flaky"; }
  [[nodiscard]] core::Result<std::unique_ptr<TtsStream>> open_stream(
      const TtsOptions&, core::Executor& events_on, TtsEventHandler on_event) override {
    class Stream final : public TtsStream {
     public:
      Stream(FlakyTts& owner, core::Executor& executor, TtsEventHandler handler)
          : owner_(owner), executor_(executor), handler_(std::move(handler)) {}
      void push_text(TtsContextId context, std::string_view text) override {
        owner_.texts.emplace_back(text);
        text_[context] += text;
      }
      void flush(TtsContextId context) override {
        const bool fail = text_[context].find("fail") != std::string::npos;
        executor_.post([this, context, fail, alive = alive_] {
          if (!*alive) return;
          if (!fail || owner_.audio_ > 0) {
            handler_({Kind::kAudio,
                      context,
                      std::vector<std::int16_t>(fail ? owner_.audio_ : 160, 5),
                      8000,
                      0,
                      {}});
          }
          if (!*alive) return;
          if (fail) {
            handler_({Kind::kError, context, {}, 0, 0, core::Error::unavailable("cloud down")});
          } else {
            handler_({Kind::kDone, context, {}, 8000, 3, {}});
          }
        });
      }
      void cancel(TtsContextId) override {}
      void close() override { *alive_ = false; }

     private:
      FlakyTts& owner_;
      core::Executor& executor_;
      TtsEventHandler handler_;
      std::map<TtsContextId, std::string> text_;
      std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    };
    return std::unique_ptr<TtsStream>(
        std::make_unique<Stream>(*this, events_on, std::move(on_event)));
  }
  std::vector<std::string> texts;

 private:
  std::size_t audio_;
};

class FallbackTtsTest : public ::testing::Test {
 protected:
  void make(std::size_t audio_before_failing = 0) {
    auto flaky = std::make_unique<FlakyTts>(audio_before_failing);
    primary_ = flaky.get();
    provider_ = std::make_unique<FallbackTtsProvider>(std::move(flaky), local_);
    TtsOptions options;
    options.voice = "a-cloud-voice";
    options.sample_rate = 16000;
    auto stream = provider_->open_stream(options, executor_,
                                         [this](TtsEvent e) { events_.push_back(std::move(e)); });
    ASSERT_TRUE(stream.ok());
    stream_ = std::move(stream).value();
  }
  void say(TtsContextId context, std::string_view text) {
    stream_->push_text(context, text);
    stream_->flush(context);
    executor_.advance(5s);
  }
  const TtsEvent* end_of(TtsContextId context) const {
    for (const auto& e : events_)
      if (e.context == context && e.kind != Kind::kAudio) return &e;
    return nullptr;
  }
  std::size_t audio_of(TtsContextId context, int rate) const {
    std::size_t n = 0;
    for (const auto& e : events_)
      if (e.context == context && e.kind == Kind::kAudio && e.sample_rate == rate)
        n += e.samples.size();
    return n;
  }

  core::ManualClock clock_;
  core::ManualExecutor executor_{clock_};
  testing::FakeTtsProvider local_;  // 16 kHz
  FlakyTts* primary_ = nullptr;
  std::unique_ptr<FallbackTtsProvider> provider_;
  std::unique_ptr<TtsStream> stream_;
  std::vector<TtsEvent> events_;
};

TEST_F(FallbackTtsTest, AFailedPieceIsSpokenByTheLocalVoice) {
  make();
  say(1, "Hello there.");
  say(2, "This will fail.");
  ASSERT_NE(end_of(2), nullptr);
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);  // the caller heard it, in the local voice
  EXPECT_EQ(audio_of(1, 8000), 160U);
  EXPECT_GT(audio_of(2, 16000), 0U);
  EXPECT_EQ(local_.stats().texts, (std::vector<std::string>{"This will fail."}));
  EXPECT_EQ(provider_->name(), "flaky");
}

TEST_F(FallbackTtsTest, AfterFailuresInARowTheCloudIsNoLongerAsked) {
  make();
  say(1, "fail one");
  say(2, "fail two");
  say(3, "Now local.");
  EXPECT_EQ(end_of(3)->kind, Kind::kDone);
  EXPECT_EQ(primary_->texts, (std::vector<std::string>{"fail one", "fail two"}));
  EXPECT_EQ(local_.stats().texts, (std::vector<std::string>{"fail one", "fail two", "Now local."}));
}

TEST_F(FallbackTtsTest, ASuccessBetweenFailuresKeepsTheCloud) {
  make();
  say(1, "fail one");
  say(2, "fine");
  say(3, "fail again");
  say(4, "cloud still");
  EXPECT_EQ(audio_of(4, 8000), 160U);
  EXPECT_EQ(primary_->texts.size(), 4U);
}

TEST_F(FallbackTtsTest, AFailureAfterSomeAudioIsNotSpokenTwice) {
  make(/*audio_before_failing=*/80);
  say(1, "fail halfway");
  ASSERT_NE(end_of(1), nullptr);
  EXPECT_EQ(end_of(1)->kind, Kind::kError);
  EXPECT_EQ(audio_of(1, 8000), 80U);
  EXPECT_TRUE(local_.stats().texts.empty());
}

TEST_F(FallbackTtsTest, NothingAfterClose) {
  make();
  stream_->push_text(1, "fail late");
  stream_->flush(1);
  stream_->close();
  executor_.advance(5s);
  EXPECT_TRUE(events_.empty());
}

/// The local voice, refusing other languages than English as flite does.
class EnglishOnlyTts final : public TtsProvider {
 public:
  explicit EnglishOnlyTts(TtsProvider& inner) : inner_(inner) {}
  [[nodiscard]] std::string_view name() const override { return "english-only"; }
  [[nodiscard]] core::Result<std::unique_ptr<TtsStream>> open_stream(
      const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) override {
    if (options.language != "en") return core::Error::invalid("English only");
    return inner_.open_stream(options, events_on, std::move(on_event));
  }

 private:
  TtsProvider& inner_;
};

TEST(FallbackTtsApologyTest, InALanguageTheLocalVoiceCannotSpeakItApologisesOncePerRun) {
  core::ManualClock clock;
  core::ManualExecutor executor{clock};
  testing::FakeTtsProvider local;
  EnglishOnlyTts english(local);
  auto flaky = std::make_unique<FlakyTts>();
  FallbackTtsProvider provider(std::move(flaky), english);
  TtsOptions options;
  options.language = "hi";
  options.sample_rate = 16000;
  std::vector<TtsEvent> events;
  auto stream =
      provider.open_stream(options, executor, [&events](TtsEvent e) { events.push_back(e); });
  ASSERT_TRUE(stream.ok());
  const auto say = [&](TtsContextId context, std::string_view text) {
    (*stream)->push_text(context, text);
    (*stream)->flush(context);
    executor.advance(5s);
  };
  const auto end_of = [&events](TtsContextId context) -> const TtsEvent* {
    for (const auto& e : events)
      if (e.context == context && e.kind != Kind::kAudio) return &e;
    return nullptr;
  };
  say(1, "fail: namaste");
  say(2, "fail: dobara");
  say(3, "theek hai");
  say(4, "fail: phir se");
  ASSERT_NE(end_of(4), nullptr);
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);   // the apology, instead of silence
  EXPECT_EQ(end_of(2)->kind, Kind::kError);  // the same run of failures: said once
  EXPECT_EQ(end_of(3)->kind, Kind::kDone);
  EXPECT_EQ(end_of(4)->kind, Kind::kDone);  // a new run
  EXPECT_EQ(local.stats().texts,
            (std::vector<std::string>{"Sorry, I had a problem answering that.",
                                      "Sorry, I had a problem answering that."}));
}

}  // namespace
}  // namespace ovos::providers::speech
