// An agent's second provider comes before the local engines: a piece its first synthesizer
// fails is spoken by the second (with its own voice and key), and only when that fails too by
// the local voice; a first recogniser that fails hands the call to the second one.

#include "providers/speech/backup_providers.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/executor.h"
#include "providers/speech/fallback_stt.h"
#include "providers/speech/fallback_tts.h"
#include "tts_wrapper_support.h"

namespace ovos::providers::speech {
namespace {

using namespace std::chrono_literals;
using Kind = TtsEvent::Kind;

using testing::ScriptedTts;

class BackupTtsTest : public testing::TtsWrapperHarness {
 protected:
  BackupTtsTest() {
    auto first = std::make_unique<ScriptedTts>("first");
    auto second = std::make_unique<ScriptedTts>("second");
    first_ = first.get();
    second_ = second.get();
    // As the registry holds them: each cloud voice with the local voice behind it.
    first_registered_ = std::make_unique<FallbackTtsProvider>(std::move(first), local_);
    second_registered_ = std::make_unique<FallbackTtsProvider>(std::move(second), local_);
    TtsOptions backup;
    backup.voice_id = "second-voice";
    backup.language = "en";
    backup.credentials = {{"api_key", "second-key"}};
    chain_ = std::make_unique<BackupTtsProvider>(*first_registered_, *second_registered_, backup);
  }
  void open() {
    TtsOptions options;
    options.voice_id = "first-voice";
    options.sample_rate = 8000;
    options.credentials = {{"api_key", "first-key"}};
    TtsWrapperHarness::open(*chain_, options);
  }

  ScriptedTts* first_ = nullptr;
  ScriptedTts* second_ = nullptr;
  std::unique_ptr<TtsProvider> first_registered_;
  std::unique_ptr<TtsProvider> second_registered_;
  std::unique_ptr<BackupTtsProvider> chain_;
};

TEST_F(BackupTtsTest, TheSecondVoiceSpeaksWhatTheFirstFailsBeforeTheLocalVoice) {
  open();
  say(1, "Hello.");
  first_->failing = true;
  say(2, "Second voice.");
  ASSERT_NE(end_of(2), nullptr);
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(end_of(2)->kind, Kind::kDone);
  EXPECT_EQ(second_->texts, (std::vector<std::string>{"Second voice."}));
  EXPECT_TRUE(local_.stats().texts.empty());  // the local voice was not needed
  // The second voice was opened with its own voice and key, at the call's rate.
  ASSERT_EQ(second_->opened.size(), 1U);
  EXPECT_EQ(second_->opened[0].voice_id, "second-voice");
  EXPECT_EQ(second_->opened[0].credentials.at("api_key"), "second-key");
  EXPECT_EQ(second_->opened[0].sample_rate, 8000);
  EXPECT_EQ(chain_->name(), "first");
}

TEST_F(BackupTtsTest, WhenBothCloudVoicesFailTheLocalVoiceSpeaks) {
  open();
  first_->failing = true;
  second_->failing = true;
  say(1, "Nobody in the cloud.");
  ASSERT_NE(end_of(1), nullptr);
  EXPECT_EQ(end_of(1)->kind, Kind::kDone);
  EXPECT_EQ(second_->texts, (std::vector<std::string>{"Nobody in the cloud."}));
  EXPECT_EQ(local_.stats().texts, (std::vector<std::string>{"Nobody in the cloud."}));
}

TEST_F(BackupTtsTest, AfterTwoFailuresInARowOnlyTheSecondVoiceIsAsked) {
  open();
  first_->failing = true;
  say(1, "one");
  say(2, "two");
  first_->failing = false;  // too late: the call has moved on
  say(3, "three");
  EXPECT_EQ(first_->texts, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(second_->texts, (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(end_of(3)->kind, Kind::kDone);
}

/// A recogniser that answers each finalize() with its name, or fails there while `failing`.
class NamedStt final : public SttProvider {
 public:
  explicit NamedStt(std::string name) : name_(std::move(name)) {}
  [[nodiscard]] std::string_view name() const override { return name_; }
  [[nodiscard]] core::Result<std::unique_ptr<SttStream>> open_stream(
      const SttOptions& options, core::Executor& events_on, SttEventHandler on_event) override {
    opened.push_back(options);
    class Stream final : public SttStream {
     public:
      Stream(NamedStt& owner, core::Executor& executor, SttEventHandler handler)
          : owner_(owner), executor_(executor), handler_(std::move(handler)) {}
      void push_audio(std::span<const std::int16_t> samples) override {
        owner_.samples += samples.size();
      }
      void finalize() override {
        SttEvent event;
        if (owner_.failing) {
          event.kind = SttEvent::Kind::kError;
          event.error = core::Error::unavailable("gone");
        } else {
          event.kind = SttEvent::Kind::kFinal;
          event.text = owner_.name_;
        }
        executor_.post([handler = handler_, event, alive = alive_] {
          if (*alive) handler(event);
        });
      }
      void close() override { *alive_ = false; }

     private:
      NamedStt& owner_;
      core::Executor& executor_;
      SttEventHandler handler_;
      std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    };
    return std::unique_ptr<SttStream>(
        std::make_unique<Stream>(*this, events_on, std::move(on_event)));
  }
  bool failing = false;
  std::size_t samples = 0;
  std::vector<SttOptions> opened;

 private:
  std::string name_;
};

TEST(BackupSttTest, TheSecondRecogniserHearsTheUtteranceBeforePocketsphinxWould) {
  core::ManualClock clock;
  core::ManualExecutor executor{clock};
  NamedStt local("local");
  auto first = std::make_unique<NamedStt>("first");
  auto second = std::make_unique<NamedStt>("second");
  NamedStt* first_raw = first.get();
  NamedStt* second_raw = second.get();
  FallbackSttProvider first_registered(std::move(first), local);
  FallbackSttProvider second_registered(std::move(second), local);
  SttOptions backup;
  backup.language = "hi";
  backup.model = "hi-general-v2-8khz";
  backup.credentials = {{"api_key", "second-key"}};
  BackupSttProvider chain(first_registered, second_registered, backup);

  std::vector<std::string> finals;
  SttOptions options;
  options.sample_rate = 8000;
  options.expected_phrases = {"yes", "no"};
  auto stream = chain.open_stream(options, executor, [&finals](SttEvent e) {
    finals.push_back(e.kind == SttEvent::Kind::kFinal ? e.text : "error");
  });
  ASSERT_TRUE(stream.ok());
  (*stream)->push_audio(std::vector<std::int16_t>(800, 1));
  (*stream)->finalize();
  executor.advance(1s);
  first_raw->failing = true;
  (*stream)->push_audio(std::vector<std::int16_t>(400, 1));
  (*stream)->finalize();
  executor.advance(1s);
  EXPECT_EQ(finals, (std::vector<std::string>{"first", "second"}));
  ASSERT_EQ(second_raw->opened.size(), 1U);
  EXPECT_EQ(second_raw->opened[0].model, "hi-general-v2-8khz");
  EXPECT_EQ(second_raw->opened[0].credentials.at("api_key"), "second-key");
  EXPECT_EQ(second_raw->opened[0].sample_rate, 8000);
  EXPECT_EQ(second_raw->opened[0].expected_phrases, (std::vector<std::string>{"yes", "no"}));
  EXPECT_EQ(second_raw->samples, 400U);  // the utterance in progress, heard again
  EXPECT_TRUE(local.opened.empty());     // pocketsphinx's turn had not come
}

}  // namespace
}  // namespace ovos::providers::speech
