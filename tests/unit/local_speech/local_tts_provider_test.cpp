// LocalTtsProvider on a real compute pool; events come back through a pumped ManualExecutor.
#include "providers/local/local_tts_provider.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "providers/local/flite_synthesizer.h"
#include "unit/local_speech/executor_pump.h"

namespace ovos::providers::local {
namespace {

using Kind = TtsEvent::Kind;

constexpr std::string_view kLong =
    "Thank you for calling the clinic, this is the automated assistant speaking. I can book, move "
    "or cancel an appointment, tell you our opening hours, or put you through to a person at the "
    "front desk. Please tell me in a few words what you would like to do today, and I will do my "
    "best to help you with it.";

// Everything a stream reported, in order.
struct Recorder {
  std::vector<TtsEvent> events;

  TtsEventHandler handler() {
    return [this](TtsEvent event) { events.push_back(std::move(event)); };
  }
  [[nodiscard]] std::size_t count(Kind kind, TtsContextId context) const {
    std::size_t n = 0;
    for (const auto& e : events)
      n += e.kind == kind && e.context == context ? 1 : 0;
    return n;
  }
  [[nodiscard]] std::vector<std::int16_t> audio(TtsContextId context) const {
    std::vector<std::int16_t> pcm;
    for (const auto& e : events) {
      if (e.kind == Kind::kAudio && e.context == context) {
        pcm.insert(pcm.end(), e.samples.begin(), e.samples.end());
      }
    }
    return pcm;
  }
};

class LocalTtsProviderTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    compute_ = std::make_unique<core::ComputePool>(2, 256);
    provider_ = std::make_unique<LocalTtsProvider>(*compute_);
  }
  static void TearDownTestSuite() {
    compute_.reset();  // runs what is queued, joins
    provider_.reset();
  }

 protected:
  std::unique_ptr<TtsStream> open(TtsOptions options = {}) {
    auto stream = provider_->open_stream(options, executor_, recorder_.handler());
    EXPECT_TRUE(stream.ok()) << stream.error().message;
    return stream.ok() ? std::move(stream).value() : nullptr;
  }
  /// What flite says for `text` in one call. Only kal16 (diphone) says it the same way every time:
  /// the clustergen voices add random noise.
  static std::vector<std::int16_t> reference(std::string_view text,
                                             std::string_view voice = "kal16") {
    auto synth = FliteSynthesizer::create(voice);
    EXPECT_TRUE(synth.ok());
    auto pcm = synth->synthesize_all(text);
    EXPECT_TRUE(pcm.ok());
    return pcm.ok() ? std::move(pcm).value() : std::vector<std::int16_t>{};
  }

  inline static std::unique_ptr<core::ComputePool> compute_;
  inline static std::unique_ptr<LocalTtsProvider> provider_;
  CountingExecutor executor_;
  Recorder recorder_;
};

TEST_F(LocalTtsProviderTest, SpeaksTwoContextsInOrderAndReportsCharacters) {
  TtsOptions options;
  options.voice = "kal16";
  auto stream = open(options);
  ASSERT_TRUE(stream);
  stream->push_text(1, "Hello there.");
  stream->push_text(1, "How are you today?");
  stream->flush(1);
  stream->push_text(2, "Goodbye.");
  stream->flush(2);
  ASSERT_TRUE(executor_.pump_until([&] { return recorder_.count(Kind::kDone, 2) == 1; }));

  const auto& events = recorder_.events;
  std::size_t done1 = events.size();
  std::size_t small = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const TtsEvent& e = events[i];
    ASSERT_NE(e.kind, Kind::kError) << e.error.message;
    if (i > 0) {
      EXPECT_GE(e.context, events[i - 1].context) << "contexts interleaved at " << i;
    }
    if (e.kind == Kind::kDone && e.context == 1) done1 = i;
    if (e.kind != Kind::kAudio) continue;
    EXPECT_EQ(e.sample_rate, 16000);
    EXPECT_LE(e.samples.size(), 640U);  // 40 ms
    small += e.samples.size() < 320 ? 1 : 0;
  }
  // Pieces under 20 ms: at most each text's first (sent at once) and last.
  EXPECT_LE(small, 6U);
  ASSERT_LT(done1, events.size());
  for (std::size_t i = done1 + 1; i < events.size(); ++i)
    EXPECT_NE(events[i].context, 1U);  // kDone came after the context's last audio
  EXPECT_EQ(events[done1].characters, std::string("Hello there.How are you today?").size());
  EXPECT_EQ(events.back().kind, Kind::kDone);
  EXPECT_EQ(events.back().characters, 8U);
  // Exactly what flite says for each text, nothing lost or reordered in the pieces.
  std::vector<std::int16_t> expected = reference("Hello there.");
  const auto second = reference("How are you today?");
  expected.insert(expected.end(), second.begin(), second.end());
  EXPECT_EQ(recorder_.audio(1), expected);
  EXPECT_EQ(recorder_.audio(2), reference("Goodbye."));
}

TEST_F(LocalTtsProviderTest, CancelStopsSynthesisAndNothingOfTheContextFollows) {
  auto stream = open();
  ASSERT_TRUE(stream);
  stream->push_text(1, kLong);
  stream->flush(1);
  stream->push_text(2, "Okay.");
  stream->flush(2);
  ASSERT_TRUE(executor_.pump_until([&] { return recorder_.count(Kind::kAudio, 1) > 0; }));
  stream->cancel(1);
  const std::size_t at_cancel = recorder_.events.size();
  stream->push_text(1, "Ignored after cancel.");
  stream->flush(1);
  ASSERT_TRUE(executor_.pump_until([&] { return recorder_.count(Kind::kDone, 2) == 1; }));
  executor_.pump_for(std::chrono::milliseconds(50));
  for (std::size_t i = at_cancel; i < recorder_.events.size(); ++i)
    EXPECT_EQ(recorder_.events[i].context, 2U) << "event of the cancelled context at " << i;
  EXPECT_EQ(recorder_.count(Kind::kDone, 1), 0U);
  // Synthesis stopped: had it gone on, the whole text (about 19 s, 477 pieces with rms) would
  // have been posted (and dropped on delivery).
  std::cout << "[ info ] posted " << executor_.posted() << " tasks\n";
  EXPECT_LT(executor_.posted(), 150U);
}

TEST_F(LocalTtsProviderTest, CancellingAQueuedContextDropsItsText) {
  TtsOptions options;
  options.voice = "kal16";
  auto stream = open(options);
  ASSERT_TRUE(stream);
  stream->push_text(1, kLong);
  stream->push_text(2, "Never spoken.");
  stream->flush(2);
  stream->cancel(2);  // still behind context 1
  stream->push_text(3, "Third.");
  stream->flush(3);
  ASSERT_TRUE(executor_.pump_until([&] { return recorder_.count(Kind::kAudio, 1) > 0; }));
  stream->cancel(1);
  ASSERT_TRUE(executor_.pump_until([&] { return recorder_.count(Kind::kDone, 3) == 1; }));
  EXPECT_EQ(recorder_.count(Kind::kAudio, 2) + recorder_.count(Kind::kDone, 2), 0U);
  EXPECT_EQ(recorder_.audio(3), reference("Third."));
}

TEST_F(LocalTtsProviderTest, ResamplesToTheRequestedRate) {
  const auto at16k = reference("Hello there.", "rms");
  for (const int rate : {8000, 22050, 24000, 48000}) {
    Recorder recorder;
    TtsOptions options;
    options.sample_rate = rate;
    auto stream = provider_->open_stream(options, executor_, recorder.handler());
    ASSERT_TRUE(stream.ok()) << stream.error().message;
    (*stream)->push_text(7, "Hello there.");
    (*stream)->flush(7);
    ASSERT_TRUE(executor_.pump_until([&] { return recorder.count(Kind::kDone, 7) == 1; }));
    const auto max_piece = static_cast<std::size_t>(rate / 25);  // 40 ms
    for (const auto& e : recorder.events) {
      if (e.kind != Kind::kAudio) continue;
      EXPECT_EQ(e.sample_rate, rate);
      EXPECT_LE(e.samples.size(), max_piece);
    }
    const double expected = static_cast<double>(at16k.size()) * rate / 16000;
    EXPECT_NEAR(static_cast<double>(recorder.audio(7).size()), expected, expected * 0.01) << rate;
  }
}

TEST_F(LocalTtsProviderTest, UnsupportedRateFallsBackToFlitesOwn) {
  TtsOptions options;
  options.sample_rate = 11025;
  auto stream = open(options);
  ASSERT_TRUE(stream);
  stream->push_text(1, "Hi.");
  stream->flush(1);
  ASSERT_TRUE(executor_.pump_until([&] { return recorder_.count(Kind::kDone, 1) == 1; }));
  ASSERT_GT(recorder_.count(Kind::kAudio, 1), 0U);
  EXPECT_EQ(recorder_.events.front().sample_rate, 16000);
}

TEST_F(LocalTtsProviderTest, RejectsUnknownVoiceNamingTheValidOnes) {
  TtsOptions options;
  options.voice = "hal9000";
  auto stream = provider_->open_stream(options, executor_, recorder_.handler());
  ASSERT_FALSE(stream.ok());
  EXPECT_EQ(stream.error().code, core::ErrorCode::kInvalidArgument);
  for (const std::string_view name : {"hal9000", "rms", "slt", "awb", "kal16"})
    EXPECT_NE(stream.error().message.find(name), std::string::npos) << stream.error().message;
  for (const std::string_view name : FliteSynthesizer::voices()) {
    options.voice = std::string(name);
    EXPECT_TRUE(provider_->open_stream(options, executor_, recorder_.handler()).ok()) << name;
  }
  options.voice.clear();
  options.language = "fr";
  EXPECT_FALSE(provider_->open_stream(options, executor_, recorder_.handler()).ok());
  EXPECT_EQ(provider_->name(), "flite");
}

TEST_F(LocalTtsProviderTest, TextOverFlitesLimitIsSplitNotRefused) {
  std::string text;
  while (text.size() <= FliteSynthesizer::kMaxTextBytes)
    text += "This is one more sentence of a very long answer. ";
  auto stream = open();
  ASSERT_TRUE(stream);
  stream->push_text(1, text);
  stream->flush(1);
  ASSERT_TRUE(executor_.pump_until([&] { return recorder_.count(Kind::kAudio, 1) > 0; }));
  stream->cancel(1);
  EXPECT_EQ(recorder_.count(Kind::kError, 1), 0U);
}

TEST_F(LocalTtsProviderTest, NothingIsDeliveredAfterCloseEvenFromTheHandler) {
  std::unique_ptr<TtsStream> stream;
  std::size_t delivered = 0;
  auto opened = provider_->open_stream({}, executor_, [&](TtsEvent event) {
    ++delivered;
    EXPECT_EQ(event.kind, Kind::kAudio);
    stream->close();  // from inside the handler
  });
  ASSERT_TRUE(opened.ok());
  stream = std::move(opened).value();
  stream->push_text(1, kLong);
  stream->flush(1);
  ASSERT_TRUE(executor_.pump_until([&] { return delivered > 0; }));
  stream->push_text(2, "After close.");
  stream->flush(2);
  stream.reset();
  executor_.pump_for(std::chrono::milliseconds(200));
  EXPECT_EQ(delivered, 1U);
}

}  // namespace
}  // namespace ovos::providers::local
