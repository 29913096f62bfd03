// LocalSttProvider on a real compute pool, fed flite's speech; events come back through a pumped
// ManualExecutor. The suite shares one provider with a single decoder (ps_init is slow).
#include "providers/local/local_stt_provider.h"

#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "audio/resampler.h"
#include "core/word_errors.h"
#include "providers/local/flite_synthesizer.h"
#include "unit/local_speech/executor_pump.h"

namespace ovos::providers::local {
namespace {

using Kind = SttEvent::Kind;

constexpr std::string_view kBooking =
    "I would like to book an appointment for next Tuesday morning.";
constexpr std::string_view kName = "Can I have your name and phone number, please?";

// Everything a stream reported, in order, with a sequence number shared by all recorders.
struct Recorder {
  struct Entry {
    SttEvent event;
    std::size_t sequence;
  };
  std::vector<Entry> entries;
  std::size_t* clock = nullptr;

  SttEventHandler handler() {
    return [this](SttEvent event) {
      entries.push_back({std::move(event), clock != nullptr ? (*clock)++ : entries.size()});
    };
  }
  [[nodiscard]] std::size_t count(Kind kind) const {
    std::size_t n = 0;
    for (const auto& e : entries)
      n += e.event.kind == kind ? 1 : 0;
    return n;
  }
  [[nodiscard]] const Entry* first(Kind kind) const {
    for (const auto& e : entries)
      if (e.event.kind == kind) return &e;
    return nullptr;
  }
  [[nodiscard]] std::vector<const SttEvent*> finals() const {
    std::vector<const SttEvent*> out;
    for (const auto& e : entries)
      if (e.event.kind == Kind::kFinal) out.push_back(&e.event);
    return out;
  }
};

std::size_t errors(std::string_view reference, const std::string& hypothesis) {
  return core::word_errors(phrase_words(reference), phrase_words(hypothesis));
}

class LocalSttProviderTest : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    compute_ = std::make_unique<core::ComputePool>(2, 256);
    provider_ = std::make_unique<LocalSttProvider>(*compute_, PocketsphinxConfig{}, 1);
    auto synth = FliteSynthesizer::create("rms");
    ASSERT_TRUE(synth.ok());
    synthesizer_ = std::make_unique<FliteSynthesizer>(std::move(synth).value());
  }
  static void TearDownTestSuite() {
    compute_.reset();  // runs what is queued, joins
    provider_.reset();
    synthesizer_.reset();
  }

 protected:
  void TearDown() override {
    // Every stream of the test gave its decoder back.
    EXPECT_TRUE(executor_.pump_until(
        [] { return provider_->decoders().idle() == provider_->decoders().created(); }));
  }

  std::unique_ptr<SttStream> open(Recorder& recorder, SttOptions options = {}) {
    recorder.clock = &sequence_;
    auto stream = provider_->open_stream(options, executor_, recorder.handler());
    EXPECT_TRUE(stream.ok()) << stream.error().message;
    return stream.ok() ? std::move(stream).value() : nullptr;
  }

  /// `text` spoken by flite's rms voice at 16 kHz.
  static const std::vector<std::int16_t>& speech(std::string_view text) {
    static std::map<std::string, std::vector<std::int16_t>, std::less<>> cache;
    auto it = cache.find(text);
    if (it == cache.end()) {
      auto pcm = synthesizer_->synthesize_all(text);
      EXPECT_TRUE(pcm.ok());
      it = cache
               .emplace(std::string(text),
                        pcm.ok() ? std::move(pcm).value() : std::vector<std::int16_t>{})
               .first;
    }
    return it->second;
  }

  /// Pushes `pcm` in 20 ms chunks at `rate`, running ready events between chunks.
  void push(SttStream& stream, std::span<const std::int16_t> pcm, int rate = 16000) {
    const auto chunk = static_cast<std::size_t>(rate / 50);
    for (std::size_t at = 0; at < pcm.size(); at += chunk) {
      stream.push_audio(pcm.subspan(at, std::min(chunk, pcm.size() - at)));
      executor_.run_ready();
    }
  }

  bool wait_finals(const Recorder& recorder, std::size_t n) {
    return executor_.pump_until([&] { return recorder.count(Kind::kFinal) >= n; });
  }

  inline static std::unique_ptr<core::ComputePool> compute_;
  inline static std::unique_ptr<LocalSttProvider> provider_;
  inline static std::unique_ptr<FliteSynthesizer> synthesizer_;
  CountingExecutor executor_;
  std::size_t sequence_ = 0;
};

TEST_F(LocalSttProviderTest, FinalMatchesTheSpeechAndInterimsComeFirst) {
  Recorder recorder;
  auto stream = open(recorder);
  ASSERT_TRUE(stream);
  const auto& pcm = speech(kBooking);
  push(*stream, pcm);
  stream->finalize();
  ASSERT_TRUE(wait_finals(recorder, 1));
  ASSERT_EQ(recorder.count(Kind::kError), 0U);
  const SttEvent& final = *recorder.finals().front();
  std::cout << "[ info ] final \"" << final.text << "\" after " << recorder.count(Kind::kInterim)
            << " interims\n";
  EXPECT_LE(errors(kBooking, final.text), 1U);
  const double duration = static_cast<double>(pcm.size()) / 16000;
  EXPECT_NEAR(final.audio_seconds, duration, 0.01);
  const auto* interim = recorder.first(Kind::kInterim);
  ASSERT_NE(interim, nullptr);
  EXPECT_LT(interim->sequence, recorder.first(Kind::kFinal)->sequence);
  EXPECT_FALSE(interim->event.text.empty());
  // Throttled: at most one per 100 ms of audio, and each differs from the one before.
  EXPECT_LE(recorder.count(Kind::kInterim), static_cast<std::size_t>(duration * 10) + 1);
  std::string previous;
  for (const auto& e : recorder.entries) {
    if (e.event.kind != Kind::kInterim) continue;
    EXPECT_NE(e.event.text, previous);
    previous = e.event.text;
  }
  EXPECT_EQ(recorder.entries.back().event.kind, Kind::kFinal);
}

TEST_F(LocalSttProviderTest, ExpectedPhrasesSwitchTheNextUtteranceToAGrammar) {
  Recorder recorder;
  auto stream = open(recorder);
  ASSERT_TRUE(stream);
  stream->set_expected_phrases(
      {"Yes", "No", "Book an appointment", "Cancel my appointment", "Talk to a person"});
  push(*stream, speech("Cancel my appointment."));
  stream->finalize();
  // Unknown words: the phrase made only of them is dropped, the others stay.
  stream->set_expected_phrases({"xyzzyq plugh", "yes", "no"});
  push(*stream, speech("No."));
  stream->finalize();
  // Nothing known at all: open recognition.
  stream->set_expected_phrases({"xyzzyq plugh"});
  push(*stream, speech("Have a nice day."));
  stream->finalize();
  stream->set_expected_phrases({});
  push(*stream, speech(kBooking));
  stream->finalize();
  ASSERT_TRUE(wait_finals(recorder, 4));
  const auto finals = recorder.finals();
  EXPECT_EQ(finals[0]->text, "cancel my appointment");
  EXPECT_EQ(finals[1]->text, "no");
  EXPECT_EQ(finals[2]->text, "have a nice day");
  EXPECT_LE(errors(kBooking, finals[3]->text), 1U) << finals[3]->text;
}

TEST_F(LocalSttProviderTest, FinalizeWithoutAudioGivesAnEmptyFinal) {
  Recorder recorder;
  auto stream = open(recorder);
  ASSERT_TRUE(stream);
  stream->finalize();
  ASSERT_TRUE(wait_finals(recorder, 1));
  EXPECT_EQ(recorder.finals()[0]->text, "");
  EXPECT_EQ(recorder.finals()[0]->audio_seconds, 0);
  // After speech, in order: its final, then an empty one.
  push(*stream, speech("Yes please."));
  stream->finalize();
  stream->finalize();
  ASSERT_TRUE(wait_finals(recorder, 3));
  const auto finals = recorder.finals();
  EXPECT_EQ(finals[1]->text, "yes please");
  EXPECT_EQ(finals[2]->text, "");
  EXPECT_EQ(recorder.count(Kind::kError), 0U);
}

TEST_F(LocalSttProviderTest, NothingIsDeliveredAfterCloseWhileDecoding) {
  // Closed from inside the handler at the first interim, while the task is mid-utterance.
  Recorder recorder;
  recorder.clock = &sequence_;
  std::unique_ptr<SttStream> stream;
  std::size_t delivered = 0;
  auto opened = provider_->open_stream({}, executor_, [&](SttEvent event) {
    ++delivered;
    EXPECT_EQ(event.kind, Kind::kInterim);
    stream->close();
  });
  ASSERT_TRUE(opened.ok());
  stream = std::move(opened).value();
  const auto& pcm = speech(kBooking);
  stream->push_audio(pcm);  // one push: several seconds to decode
  stream->finalize();
  ASSERT_TRUE(executor_.pump_until([&] { return delivered > 0; }));
  stream->push_audio(pcm);  // ignored
  stream->finalize();
  stream.reset();
  // Destroyed as well: the task still running must give the decoder back and post nothing.
  ASSERT_TRUE(executor_.pump_until([] { return provider_->decoders().idle() == 1; }));
  executor_.pump_for(std::chrono::milliseconds(50));
  EXPECT_EQ(delivered, 1U);

  // Closed from outside, then destroyed at once, with the decode task running.
  Recorder other;
  auto second = open(other);
  ASSERT_TRUE(second);
  second->push_audio(pcm);
  ASSERT_TRUE(executor_.pump_until([&] { return other.count(Kind::kInterim) > 0; }));
  second->close();
  const std::size_t at_close = other.entries.size();
  second.reset();
  ASSERT_TRUE(executor_.pump_until([] { return provider_->decoders().idle() == 1; }));
  executor_.pump_for(std::chrono::milliseconds(50));
  EXPECT_EQ(other.entries.size(), at_close);
}

TEST_F(LocalSttProviderTest, TwoStreamsTakeTurnsWithOneDecoder) {
  Recorder first;
  Recorder second;
  auto a = open(first);
  auto b = open(second);
  ASSERT_TRUE(a && b);
  const auto& pa = speech(kBooking);
  const auto& pb = speech(kName);
  for (std::size_t at = 0; at < std::max(pa.size(), pb.size()); at += 320) {
    if (at < pa.size())
      a->push_audio(std::span(pa).subspan(at, std::min<std::size_t>(320, pa.size() - at)));
    if (at < pb.size())
      b->push_audio(std::span(pb).subspan(at, std::min<std::size_t>(320, pb.size() - at)));
    executor_.run_ready();
  }
  a->finalize();
  b->finalize();
  ASSERT_TRUE(wait_finals(first, 1));
  ASSERT_TRUE(wait_finals(second, 1));
  const std::string& ta = first.finals()[0]->text;
  const std::string& tb = second.finals()[0]->text;
  std::cout << "[ info ] \"" << ta << "\" / \"" << tb << "\"\n";
  EXPECT_LE(errors(kBooking, ta), 1U);
  EXPECT_LE(errors(kName, tb), 2U);
  EXPECT_EQ(provider_->decoders().created(), 1U);
  // The second waited: it heard nothing until the first gave the decoder back.
  const auto* b_first = second.entries.empty() ? nullptr : &second.entries.front();
  ASSERT_NE(b_first, nullptr);
  EXPECT_GT(b_first->sequence, first.first(Kind::kFinal)->sequence);
}

/// `pcm16` as telephone-rate audio.
std::vector<std::int16_t> to_8k(const std::vector<std::int16_t>& pcm16) {
  auto down = audio::Resampler::create(16000, 8000);
  EXPECT_TRUE(down.ok());
  std::vector<std::int16_t> pcm8 = down->process(pcm16);
  const auto tail = down->flush();
  pcm8.insert(pcm8.end(), tail.begin(), tail.end());
  return pcm8;
}

TEST_F(LocalSttProviderTest, EightKilohertzAudioIsResampled) {
  // The first 8 kHz stream has no channel estimate for narrow-band audio (the model's default
  // gives "when you" for this sentence): its first utterance is decoded again with its own.
  const auto pcm8 = to_8k(speech(kBooking));
  SttOptions options;
  options.sample_rate = 8000;
  Recorder recorder;
  auto stream = open(recorder, options);
  ASSERT_TRUE(stream);
  push(*stream, pcm8, 8000);
  stream->finalize();
  ASSERT_TRUE(wait_finals(recorder, 1));
  const SttEvent& final = *recorder.finals().front();
  std::cout << "[ info ] 8 kHz: \"" << final.text << "\"\n";
  EXPECT_LE(errors(kBooking, final.text), 2U);
  EXPECT_NEAR(final.audio_seconds, static_cast<double>(pcm8.size()) / 8000, 0.01);
  stream.reset();

  // The next 8 kHz caller starts from the estimate the first one left.
  Recorder next;
  auto second = open(next, options);
  ASSERT_TRUE(second);
  push(*second, to_8k(speech(kName)), 8000);
  second->finalize();
  ASSERT_TRUE(wait_finals(next, 1));
  std::cout << "[ info ] 8 kHz, next caller: \"" << next.finals()[0]->text << "\"\n";
  EXPECT_LE(errors(kName, next.finals()[0]->text), 2U);
}

TEST_F(LocalSttProviderTest, RejectsWhatItCannotRecognise) {
  Recorder recorder;
  SttOptions options;
  options.sample_rate = 11025;
  auto bad_rate = provider_->open_stream(options, executor_, recorder.handler());
  ASSERT_FALSE(bad_rate.ok());
  EXPECT_EQ(bad_rate.error().code, core::ErrorCode::kInvalidArgument);
  options = {};
  options.language = "de-DE";
  auto german = provider_->open_stream(options, executor_, recorder.handler());
  ASSERT_FALSE(german.ok());
  EXPECT_EQ(german.error().code, core::ErrorCode::kInvalidArgument);
  options.language = "en-GB";
  EXPECT_TRUE(provider_->open_stream(options, executor_, recorder.handler()).ok());
  EXPECT_EQ(provider_->name(), "pocketsphinx");
}

// Its own provider: one decoder, a buffer of half a second.
TEST(LocalSttProviderBuffer, AudioWaitingForADecoderIsCappedOldestFirst) {
  core::ComputePool compute(2, 64);
  LocalSttProvider provider(compute, PocketsphinxConfig{}, 1, {.max_buffered_seconds = 0.5});
  CountingExecutor executor;
  Recorder first;
  Recorder second;
  auto a = provider.open_stream({}, executor, first.handler());
  auto b = provider.open_stream({}, executor, second.handler());
  ASSERT_TRUE(a.ok() && b.ok());
  const std::vector<std::int16_t> some(3200, 0);  // 0.2 s
  (*a)->push_audio(some);                         // asks first: gets the decoder
  for (int i = 0; i < 100; ++i)                   // 2 s while waiting
    (*b)->push_audio(std::span(some).first(320));
  auto* stream_b = dynamic_cast<LocalSttStream*>(b->get());
  ASSERT_NE(stream_b, nullptr);
  EXPECT_EQ(stream_b->dropped_samples(), 32000U - 8000U);
  (*a)->finalize();
  (*b)->finalize();
  ASSERT_TRUE(executor.pump_until([&] { return second.count(Kind::kFinal) == 1; }));
  EXPECT_DOUBLE_EQ(second.finals()[0]->audio_seconds, 0.5);
  EXPECT_EQ(first.finals().size(), 1U);
}

}  // namespace
}  // namespace ovos::providers::local
