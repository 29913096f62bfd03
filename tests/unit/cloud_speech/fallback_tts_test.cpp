// A cloud synthesizer that fails is replaced by a local voice: the failed piece is spoken again
// by the fallback, and after failures in a row the call stops asking the cloud.

#include "providers/speech/fallback_tts.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/executor.h"
#include "tts_wrapper_support.h"

namespace ovos::providers::speech {
namespace {

using namespace std::chrono_literals;
using Kind = TtsEvent::Kind;

using testing::ScriptedTts;

class FallbackTtsTest : public testing::TtsWrapperHarness {
 protected:
  void make(std::size_t audio_before_failing = 0) {
    auto cloud = std::make_unique<ScriptedTts>("flaky", audio_before_failing);
    primary_ = cloud.get();
    provider_ = std::make_unique<FallbackTtsProvider>(std::move(cloud), local_);
    TtsOptions options;
    options.voice = "a-cloud-voice";
    options.sample_rate = 16000;
    open(*provider_, options);
  }

  ScriptedTts* primary_ = nullptr;  // speaks at 8 kHz; the local voice at 16 kHz
  std::unique_ptr<FallbackTtsProvider> provider_;
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

class FallbackTtsApologyTest : public testing::TtsWrapperHarness {
 protected:
  EnglishOnlyTts english_{local_};
  FallbackTtsProvider provider_{std::make_unique<ScriptedTts>("flaky"), english_};
};

TEST_F(FallbackTtsApologyTest, InALanguageTheLocalVoiceCannotSpeakItApologisesOncePerRun) {
  TtsOptions options;
  options.language = "hi";
  options.sample_rate = 16000;
  open(provider_, options);
  say(1, "fail: namaste");
  say(2, "fail: dobara");
  say(3, "theek hai");
  say(4, "fail: phir se");
  ASSERT_NE(end_of(4), nullptr);
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);   // the apology, instead of silence
  EXPECT_EQ(end_of(2)->kind, Kind::kError);  // the same run of failures: said once
  EXPECT_EQ(end_of(3)->kind, Kind::kDone);
  EXPECT_EQ(end_of(4)->kind, Kind::kDone);  // a new run
  EXPECT_EQ(local_.stats().texts,
            (std::vector<std::string>{"Sorry, I had a problem answering that.",
                                      "Sorry, I had a problem answering that."}));
}

}  // namespace
}  // namespace ovos::providers::speech
