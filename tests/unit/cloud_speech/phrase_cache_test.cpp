// The phrase cache in front of a synthesizer: a phrase spoken completely once is answered from
// memory afterwards, per voice, rate and account; cancelled, failed and long phrases are not kept.

#include "providers/speech/phrase_cache.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/executor.h"
#include "providers/testing/fake_providers.h"

namespace ovos::providers::speech {
namespace {

using namespace std::chrono_literals;
using Kind = TtsEvent::Kind;

class PhraseCacheTest : public ::testing::Test {
 protected:
  void make(testing::FakeTtsProvider::Options options = {}) {
    auto fake = std::make_unique<testing::FakeTtsProvider>(options);
    fake_ = fake.get();
    provider_ = std::make_unique<CachingTtsProvider>(std::move(fake), cache_);
  }
  TtsOptions options(std::string key = "k1") {
    TtsOptions o;
    o.credentials = {{"api_key", std::move(key)}};
    o.voice = "nova";
    o.sample_rate = 16000;
    return o;
  }
  std::unique_ptr<TtsStream> open(const TtsOptions& o) {
    auto stream = provider_->open_stream(o, executor_,
                                         [this](TtsEvent e) { events_.push_back(std::move(e)); });
    EXPECT_TRUE(stream.ok());
    return std::move(stream).value();
  }
  void say(TtsStream& stream, TtsContextId context, std::string_view text) {
    stream.push_text(context, text);
    stream.flush(context);
  }
  std::vector<std::int16_t> audio_of(TtsContextId context) const {
    std::vector<std::int16_t> out;
    for (const auto& e : events_)
      if (e.context == context && e.kind == Kind::kAudio)
        out.insert(out.end(), e.samples.begin(), e.samples.end());
    return out;
  }
  bool done(TtsContextId context) const {
    for (const auto& e : events_)
      if (e.context == context && e.kind == Kind::kDone) return true;
    return false;
  }

  core::ManualClock clock_;
  core::ManualExecutor executor_{clock_};
  std::shared_ptr<PhraseCache> cache_ = std::make_shared<PhraseCache>();
  testing::FakeTtsProvider* fake_ = nullptr;
  std::unique_ptr<CachingTtsProvider> provider_;
  std::vector<TtsEvent> events_;
};

TEST_F(PhraseCacheTest, APhraseSpokenOnceIsAnsweredFromMemoryInTheNextCall) {
  make();
  auto first = open(options());
  say(*first, 1, "Hello, how can I help?");
  executor_.advance(2s);
  ASSERT_TRUE(done(1));
  const auto spoken = audio_of(1);
  ASSERT_FALSE(spoken.empty());
  EXPECT_EQ(cache_->size(), 1U);
  first->close();

  auto second = open(options());
  say(*second, 7, "Hello, how can I help?");
  EXPECT_FALSE(done(7));  // never inside flush()
  executor_.run_ready();
  EXPECT_EQ(audio_of(7), spoken);
  ASSERT_TRUE(done(7));
  EXPECT_EQ(events_.back().characters, 22U);
  EXPECT_EQ(fake_->stats().texts, (std::vector<std::string>{"Hello, how can I help?"}));
  EXPECT_EQ(provider_->name(), "fake-tts");
}

TEST_F(PhraseCacheTest, AnotherAccountVoiceOrRateIsAnotherPhrase) {
  make();
  auto stream = open(options());
  say(*stream, 1, "Hi.");
  executor_.advance(2s);
  TtsOptions other_key = options("k2");
  TtsOptions other_voice = options();
  other_voice.voice = "alloy";
  TtsOptions other_rate = options();
  other_rate.sample_rate = 8000;
  for (const TtsOptions& o : {other_key, other_voice, other_rate}) {
    auto again = open(o);
    say(*again, 2, "Hi.");
    executor_.advance(2s);
  }
  EXPECT_EQ(fake_->stats().texts.size(), 4U);
  EXPECT_EQ(cache_->size(), 4U);
}

TEST_F(PhraseCacheTest, CancelledFailedAndLongPhrasesAreNotKept) {
  make();
  auto stream = open(options());
  say(*stream, 1, "Cut short.");
  stream->cancel(1);
  executor_.advance(2s);
  say(*stream, 2, std::string(201, 'a'));
  executor_.advance(60s);
  EXPECT_TRUE(done(2));
  EXPECT_EQ(cache_->size(), 0U);

  testing::FakeTtsProvider::Options failing;
  failing.fail = true;
  make(failing);
  auto broken = open(options());
  say(*broken, 3, "Nope.");
  executor_.advance(2s);
  EXPECT_EQ(cache_->size(), 0U);
}

TEST_F(PhraseCacheTest, NothingIsDeliveredAfterClose) {
  make();
  auto stream = open(options());
  say(*stream, 1, "Once.");
  executor_.advance(2s);
  events_.clear();
  auto second = open(options());
  say(*second, 2, "Once.");
  second->close();
  executor_.run_ready();
  EXPECT_TRUE(events_.empty());
}

TEST(PhraseCache, EvictsTheLeastRecentlyUsedBeyondItsBytes) {
  PhraseCache cache(/*max_bytes=*/400);
  TtsOptions o;
  const auto a = cache.key("p", o, "a");
  const auto b = cache.key("p", o, "b");
  const auto c = cache.key("p", o, "c");
  cache.store(a, {std::vector<std::int16_t>(100), 16000});
  cache.store(b, {std::vector<std::int16_t>(100), 16000});
  EXPECT_NE(cache.find(a), nullptr);  // a is now the most recent
  cache.store(c, {std::vector<std::int16_t>(100), 16000});
  EXPECT_EQ(cache.bytes(), 400U);
  EXPECT_NE(cache.find(a), nullptr);
  EXPECT_EQ(cache.find(b), nullptr);
  EXPECT_NE(cache.find(c), nullptr);
  EXPECT_TRUE(cache.key("p", o, "").empty());
}

}  // namespace
}  // namespace ovos::providers::speech
