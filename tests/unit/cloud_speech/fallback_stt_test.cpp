// A cloud recogniser that fails hands the call to the local one: the utterance in progress is
// heard again, a pending finalize is answered, and the call never sees the error.

#include "providers/speech/fallback_stt.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/executor.h"
#include "providers/testing/fake_providers.h"

namespace ovos::providers::speech {
namespace {

using namespace std::chrono_literals;
using Kind = SttEvent::Kind;

/// Fails (kError) at the `fail_at`-th push_audio, or at finalize() when `fail_at` is 0; before
/// that each finalize() reports "cloud".
class BrokenStt final : public SttProvider {
 public:
  explicit BrokenStt(int fail_at, bool refuse_open = false)
      : fail_at_(fail_at), refuse_open_(refuse_open) {}
  [[nodiscard]] std::string_view name() const override { return "broken"; }
  [[nodiscard]] core::Result<std::unique_ptr<SttStream>> open_stream(
      const SttOptions&, core::Executor& events_on, SttEventHandler on_event) override {
    if (refuse_open_) return core::Error::invalid("no such language");
    class Stream final : public SttStream {
     public:
      Stream(int fail_at, core::Executor& executor, SttEventHandler handler)
          : fail_at_(fail_at), executor_(executor), handler_(std::move(handler)) {}
      void push_audio(std::span<const std::int16_t>) override {
        if (++pushes_ == fail_at_) fail();
      }
      void finalize() override {
        if (fail_at_ == 0) {
          fail();
          return;
        }
        emit({Kind::kFinal, "cloud", 0.9, 0.1, {}});
      }
      void close() override { *open_ = false; }

     private:
      void fail() { emit({Kind::kError, "", 0, 0, core::Error::unavailable("cloud gone")}); }
      void emit(SttEvent event) {
        executor_.post([open = open_, handler = handler_, event = std::move(event)] {
          if (*open) handler(event);
        });
      }
      int fail_at_;
      int pushes_ = 0;
      core::Executor& executor_;
      SttEventHandler handler_;
      std::shared_ptr<bool> open_ = std::make_shared<bool>(true);
    };
    return std::unique_ptr<SttStream>(std::make_unique<Stream>(fail_at_, events_on, on_event));
  }

 private:
  int fail_at_;
  bool refuse_open_;
};

class FallbackSttTest : public ::testing::Test {
 protected:
  void make(int fail_at, SttProvider* fallback = nullptr) {
    local_.script("what are your opening hours");
    provider_ = std::make_unique<FallbackSttProvider>(std::make_unique<BrokenStt>(fail_at),
                                                      fallback != nullptr ? *fallback : local_);
    SttOptions options;
    options.sample_rate = 16000;
    auto stream = provider_->open_stream(options, executor_,
                                         [this](SttEvent e) { events_.push_back(std::move(e)); });
    ASSERT_TRUE(stream.ok());
    stream_ = std::move(stream).value();
  }
  void push(int frames) {
    for (int i = 0; i < frames; ++i) {
      stream_->push_audio(std::vector<std::int16_t>(320, 100));
      executor_.run_ready();
    }
  }
  std::vector<std::string> finals() const {
    std::vector<std::string> out;
    for (const auto& e : events_)
      if (e.kind == Kind::kFinal) out.push_back(e.text);
    return out;
  }
  bool has_error() const {
    for (const auto& e : events_)
      if (e.kind == Kind::kError) return true;
    return false;
  }

  core::ManualClock clock_;
  core::ManualExecutor executor_{clock_};
  testing::FakeSttProvider local_;
  std::unique_ptr<FallbackSttProvider> provider_;
  std::unique_ptr<SttStream> stream_;
  std::vector<SttEvent> events_;
};

TEST_F(FallbackSttTest, AFailureMidUtteranceHandsTheWholeUtteranceToTheLocalRecogniser) {
  make(/*fail_at=*/3);
  push(5);
  stream_->finalize();
  executor_.advance(2s);
  EXPECT_FALSE(has_error());
  EXPECT_EQ(finals(), (std::vector<std::string>{"what are your opening hours"}));
  EXPECT_EQ(local_.stats().samples_pushed, 5U * 320);  // the first three again, then two more
  EXPECT_EQ(provider_->name(), "broken");
}

TEST_F(FallbackSttTest, AFinalizeTheCloudFailsIsAnsweredLocally) {
  make(/*fail_at=*/0);
  push(4);
  stream_->finalize();
  executor_.advance(2s);
  EXPECT_FALSE(has_error());
  EXPECT_EQ(finals(), (std::vector<std::string>{"what are your opening hours"}));
  EXPECT_EQ(local_.stats().samples_pushed, 4U * 320);
}

TEST_F(FallbackSttTest, WhatWasAlreadyFinalIsNotHeardAgain) {
  make(/*fail_at=*/6);
  push(2);
  stream_->finalize();  // "cloud"
  executor_.run_ready();
  push(4);  // the sixth push fails: only these four go to the local recogniser
  stream_->finalize();
  executor_.advance(2s);
  EXPECT_EQ(finals(), (std::vector<std::string>{"cloud", "what are your opening hours"}));
  EXPECT_EQ(local_.stats().samples_pushed, 4U * 320);
}

TEST_F(FallbackSttTest, WithoutAUsableFallbackTheErrorStands) {
  BrokenStt refuses(1, /*refuse_open=*/true);
  make(/*fail_at=*/1, &refuses);
  push(1);
  EXPECT_TRUE(has_error());
}

}  // namespace
}  // namespace ovos::providers::speech
