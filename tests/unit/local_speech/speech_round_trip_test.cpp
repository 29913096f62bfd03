// Real speech end to end: flite's rms voice (16 kHz) speaks, pocketsphinx listens.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <set>
#include <thread>

#include "core/word_errors.h"
#include "unit/local_speech/speech_fixture.h"

namespace ovos::providers::local {
namespace {

constexpr std::size_t kChunk = 320;  // 20 ms at 16 kHz

struct Decoded {
  std::string text;
  std::size_t partials = 0;                 // chunks after which partial() had a hypothesis
  double first_partial_s = -1;              // audio time of the first partial
  std::optional<std::string> last_partial;  // before end_utterance()
  double wall_s = 0;
};

Decoded decode(PocketsphinxRecognizer& recognizer, std::span<const std::int16_t> pcm) {
  Decoded out;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(recognizer.start_utterance().ok());
  for (std::size_t at = 0; at < pcm.size(); at += kChunk) {
    const auto chunk = pcm.subspan(at, std::min(kChunk, pcm.size() - at));
    EXPECT_TRUE(recognizer.process(chunk).ok());
    if (auto partial = recognizer.partial()) {
      if (out.partials++ == 0) out.first_partial_s = static_cast<double>(at + chunk.size()) / 16000;
      out.last_partial = std::move(partial);
    }
  }
  auto text = recognizer.end_utterance();
  EXPECT_TRUE(text.ok());
  out.text = text.ok() ? *text : "";
  out.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

using core::word_errors;

class SpeechRoundTrip : public SpeechTest {};

TEST_F(SpeechRoundTrip, OpenRecognitionOfAgentSentences) {
  const std::vector<std::string> sentences = {
      "Hello, thank you for calling. How can I help you today?",
      "I would like to book an appointment for next Tuesday morning.",
      "Your appointment is confirmed. We will send you a reminder.",
      "Can I have your name and phone number, please?",
      "Thank you for your time. Have a nice day.",
  };
  std::size_t errors = 0;
  std::size_t words = 0;
  double audio_s = 0;
  double wall_s = 0;
  for (const auto& sentence : sentences) {
    const auto& pcm = speech(sentence);
    const Decoded decoded = decode(recognizer(), pcm);
    const auto ref = phrase_words(sentence);
    const std::size_t e = word_errors(ref, phrase_words(decoded.text));
    errors += e;
    words += ref.size();
    audio_s += static_cast<double>(pcm.size()) / 16000;
    wall_s += decoded.wall_s;
    std::cout << "[ info ] \"" << decoded.text << "\" (" << e << " errors)\n";
  }
  const double wer = static_cast<double>(errors) / static_cast<double>(words);
  std::cout << "[ metric ] open WER " << 100 * wer << "% (" << errors << "/" << words << "), RTF "
            << wall_s / audio_s << ", ps_init " << recognizer().init_seconds() << " s\n";
  EXPECT_LT(wer, 0.25);
}

TEST_F(SpeechRoundTrip, GrammarRecognizesEachExpectedPhraseExactly) {
  const std::vector<std::string> phrases = {"yes", "no", "book an appointment",
                                            "cancel my appointment", "talk to a person"};
  const auto kept = recognizer().set_expected_phrases(phrases);
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  ASSERT_EQ(*kept, phrases);
  ASSERT_EQ(recognizer().mode(), SearchMode::kGrammar);
  std::size_t exact = 0;
  for (const auto& phrase : phrases) {
    const Decoded decoded = decode(recognizer(), speech(phrase));
    EXPECT_EQ(decoded.text, phrase);
    exact += decoded.text == phrase ? 1 : 0;
  }
  std::cout << "[ metric ] grammar: " << exact << "/" << phrases.size() << " exact\n";
  // An utterance outside the grammar still comes out in the grammar's words (or as nothing).
  const Decoded other = decode(recognizer(), speech("Yes please, I want to cancel it."));
  std::cout << "[ info ] out of grammar -> \"" << other.text << "\"\n";
  const std::set<std::string> vocabulary = {"yes", "no",   "book", "an", "appointment", "cancel",
                                            "my",  "talk", "to",   "a",  "person"};
  for (const auto& word : phrase_words(other.text))
    EXPECT_TRUE(vocabulary.contains(word)) << word;
  // Back to open mode: the grammar no longer constrains.
  ASSERT_TRUE(recognizer().clear_expected_phrases().ok());
  const Decoded open = decode(recognizer(), speech("Have a nice day."));
  EXPECT_EQ(open.text, "have a nice day");
}

TEST_F(SpeechRoundTrip, PartialHypothesesArriveBeforeTheEnd) {
  const auto& pcm = speech("I would like to book an appointment for next Tuesday morning.");
  const Decoded decoded = decode(recognizer(), pcm);
  const double duration = static_cast<double>(pcm.size()) / 16000;
  std::cout << "[ metric ] first partial after " << decoded.first_partial_s << " s of " << duration
            << " s\n";
  ASSERT_GT(decoded.partials, 10U);
  EXPECT_LT(decoded.first_partial_s, duration / 2);
  ASSERT_TRUE(decoded.last_partial.has_value());
  EXPECT_FALSE(decoded.text.empty());
  EXPECT_FALSE(recognizer().partial().has_value());  // none once the utterance ended
}

TEST_F(SpeechRoundTrip, KeywordSpottingFindsTheKeywordInALongerSentence) {
  const auto kept = recognizer().set_keywords({{"appointment", 1e-20}});
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  const Decoded heard =
      decode(recognizer(), speech("Hello, I would like to book an appointment for next Tuesday."));
  std::cout << "[ info ] keyword -> \"" << heard.text << "\"\n";
  EXPECT_EQ(recognizer().last_keywords(), (std::vector<std::string>{"appointment"}));
  EXPECT_EQ(heard.text, "appointment");
  EXPECT_TRUE(heard.last_partial.has_value());  // detected while the audio was still coming

  const Decoded absent = decode(recognizer(), speech("Thank you for your time. Have a nice day."));
  std::cout << "[ info ] no keyword -> \"" << absent.text << "\"\n";
  EXPECT_TRUE(recognizer().last_keywords().empty());
}

TEST_F(SpeechRoundTrip, NoiseDoesNotSpoilTheNextUtterance) {
  // A fresh decoder, whose channel estimate is still the model's initial one.
  auto fresh = PocketsphinxRecognizer::create();
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  std::vector<std::int16_t> noise(3 * 16000);
  std::uint32_t state = 12345;
  for (auto& sample : noise) {
    state = state * 1664525U + 1013904223U;
    sample = static_cast<std::int16_t>(static_cast<int>(state >> 20) - 2048);
  }
  ASSERT_EQ(decode(*fresh, noise).text, "");
  // Had the noise moved the channel estimate, this sentence would come out with 9 errors.
  const std::string sentence = "Hello, thank you for calling. How can I help you today?";
  const Decoded decoded = decode(*fresh, speech(sentence));
  std::cout << "[ info ] after noise -> \"" << decoded.text << "\"\n";
  EXPECT_LE(word_errors(phrase_words(sentence), phrase_words(decoded.text)), 3U);
}

TEST_F(SpeechRoundTrip, DecodersRunInParallelOnTheirOwnThreads) {
  auto second = PocketsphinxRecognizer::create();
  ASSERT_TRUE(second.ok()) << second.error().message;
  const auto& pcm = speech("I would like to book an appointment for next Tuesday morning.");
  std::string first_text;
  std::string second_text;
  std::thread other([&] { second_text = decode(*second, pcm).text; });
  first_text = decode(recognizer(), pcm).text;
  other.join();
  EXPECT_EQ(first_text, "i would like to book an appointment for next tuesday morning");
  EXPECT_EQ(second_text, first_text);
}

TEST_F(SpeechRoundTrip, FastTuningStillRecognizes) {
  // Another decoder with the fast preset, for its real-time factor.
  PocketsphinxConfig config;
  config.tuning = PocketsphinxTuning::fast();
  auto fast = PocketsphinxRecognizer::create(config);
  ASSERT_TRUE(fast.ok()) << fast.error().message;
  const auto& pcm = speech("Can I have your name and phone number, please?");
  const Decoded decoded = decode(*fast, pcm);
  std::cout << "[ metric ] fast tuning RTF "
            << decoded.wall_s / (static_cast<double>(pcm.size()) / 16000) << ": \"" << decoded.text
            << "\"\n";
  EXPECT_LE(word_errors(phrase_words("Can I have your name and phone number, please?"),
                        phrase_words(decoded.text)),
            3U);
  const UtteranceTiming timing = fast->last_utterance_timing();
  EXPECT_NEAR(timing.audio_seconds, static_cast<double>(pcm.size()) / 16000, 0.05);
}

}  // namespace
}  // namespace ovos::providers::local
