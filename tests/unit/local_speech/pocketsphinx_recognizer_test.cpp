#include "providers/local/pocketsphinx_recognizer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "core/logging.h"
#include "unit/local_speech/speech_fixture.h"

namespace ovos::providers::local {
namespace {

// Feeds `pcm` in 20 ms chunks as one utterance and returns the final hypothesis.
std::string recognize(PocketsphinxRecognizer& recognizer, std::span<const std::int16_t> pcm) {
  EXPECT_TRUE(recognizer.start_utterance().ok());
  for (std::size_t at = 0; at < pcm.size(); at += 320)
    EXPECT_TRUE(
        recognizer.process(pcm.subspan(at, std::min<std::size_t>(320, pcm.size() - at))).ok());
  auto text = recognizer.end_utterance();
  EXPECT_TRUE(text.ok());
  return text.ok() ? *text : std::string();
}

std::size_t word_count(const std::string& text) {
  return phrase_words(text).size();
}

TEST(NormalizeHypothesis, DropsFillersAndPronunciationMarks) {
  EXPECT_EQ(normalize_hypothesis("<s> BOOK <sil> an [NOISE] appointment(2) </s>"),
            "book an appointment");
  EXPECT_EQ(normalize_hypothesis("  +SPN+ yes  "), "yes");
  EXPECT_EQ(normalize_hypothesis(""), "");
  EXPECT_EQ(normalize_hypothesis("<sil> [NOISE]"), "");
}

TEST(PhraseWords, LowercasesAndSplitsOnPunctuation) {
  EXPECT_EQ(phrase_words("Book an appointment, please!"),
            (std::vector<std::string>{"book", "an", "appointment", "please"}));
  EXPECT_EQ(phrase_words("I don't know 'quoted'"),
            (std::vector<std::string>{"i", "don't", "know", "quoted"}));
  EXPECT_TRUE(phrase_words(" ,.;").empty());
}

TEST(PocketsphinxRecognizer, RefusesOtherSampleRates) {
  PocketsphinxConfig config;
  config.sample_rate = 8000;
  const auto recognizer = PocketsphinxRecognizer::create(config);
  ASSERT_FALSE(recognizer.ok());
  EXPECT_EQ(recognizer.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(recognizer.error().message.find("16000"), std::string::npos);
  EXPECT_NE(recognizer.error().message.find("resample"), std::string::npos);
}

TEST(PocketsphinxRecognizer, ReportsMissingModels) {
  PocketsphinxConfig bad_hmm;
  bad_hmm.acoustic_model = "/nonexistent/en-us";
  auto r = PocketsphinxRecognizer::create(bad_hmm);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kNotFound);
  EXPECT_NE(r.error().message.find("/nonexistent/en-us"), std::string::npos);

  PocketsphinxConfig bad_lm;
  bad_lm.language_model = "/nonexistent.lm.bin";
  r = PocketsphinxRecognizer::create(bad_lm);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("language model"), std::string::npos);

  PocketsphinxConfig bad_dict;
  bad_dict.dictionary = "/nonexistent.dict";
  r = PocketsphinxRecognizer::create(bad_dict);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("dictionary"), std::string::npos);
}

TEST(PocketsphinxRecognizer, ReportsACorruptLanguageModelWithoutPrinting) {
  const auto path = std::filesystem::temp_directory_path() / "ovos_local_speech_bad.lm";
  std::ofstream(path) << "this is not a language model\n";
  PocketsphinxConfig config;
  config.language_model = path.string();
  testing::internal::CaptureStderr();
  const auto r = PocketsphinxRecognizer::create(config);
  const std::string printed = testing::internal::GetCapturedStderr();
  std::filesystem::remove(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInternal);
  std::cout << "[ info ] corrupt LM: " << r.error().message << "\n";
  EXPECT_EQ(printed, "");
}

class PocketsphinxSession : public SpeechTest {};

TEST_F(PocketsphinxSession, CallsOutOfOrderAreErrors) {
  auto& r = recognizer();
  const std::vector<std::int16_t> pcm(320, 0);
  auto processed = r.process(pcm);
  ASSERT_FALSE(processed.ok());
  EXPECT_NE(processed.error().message.find("start_utterance"), std::string::npos);
  EXPECT_FALSE(r.end_utterance().ok());
  EXPECT_FALSE(r.partial().has_value());

  ASSERT_TRUE(r.start_utterance().ok());
  EXPECT_TRUE(r.in_utterance());
  EXPECT_FALSE(r.start_utterance().ok());
  EXPECT_FALSE(r.set_expected_phrases({"yes"}).ok());
  EXPECT_FALSE(r.set_keywords({{"yes", {}}}).ok());
  EXPECT_FALSE(r.clear_expected_phrases().ok());
  EXPECT_TRUE(r.process({}).ok());
  ASSERT_TRUE(r.end_utterance().ok());
  EXPECT_FALSE(r.in_utterance());
}

TEST_F(PocketsphinxSession, KnowsDictionaryWords) {
  EXPECT_TRUE(recognizer().knows_word("appointment"));
  EXPECT_TRUE(recognizer().knows_word("Yes"));
  EXPECT_FALSE(recognizer().knows_word("zzyzxqv"));
}

TEST_F(PocketsphinxSession, GrammarDropsUnknownWordsAndFallsBackToOpen) {
  std::vector<std::string> warnings;
  core::set_log_sink([&warnings](std::string_view line) { warnings.emplace_back(line); });
  auto kept = recognizer().set_expected_phrases(
      {"Yes!", "yes", "book an appointment with Zzyzxqv", "qqxxzz", ""});
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  EXPECT_EQ(*kept, (std::vector<std::string>{"yes", "book an appointment with"}));
  EXPECT_EQ(recognizer().mode(), SearchMode::kGrammar);

  kept = recognizer().set_expected_phrases({"I don't know", "o'clock"});
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  EXPECT_EQ(*kept, (std::vector<std::string>{"i don't know", "o'clock"}));

  kept = recognizer().set_expected_phrases({"qqxxzz zzyzxqv"});
  core::set_log_sink(nullptr);
  ASSERT_TRUE(kept.ok());
  EXPECT_TRUE(kept->empty());
  EXPECT_EQ(recognizer().mode(), SearchMode::kOpen);
  std::size_t not_in_dictionary = 0;
  for (const auto& line : warnings)
    not_in_dictionary += line.find("word_not_in_dictionary") != std::string::npos ? 1 : 0;
  EXPECT_EQ(not_in_dictionary, 4U);
}

TEST_F(PocketsphinxSession, KeywordsNeedDictionaryWordsAndValidThresholds) {
  core::set_log_sink([](std::string_view) {});
  EXPECT_FALSE(recognizer().set_keywords({}).ok());
  EXPECT_FALSE(recognizer().set_keywords({{"zzyzxqv", {}}}).ok());
  EXPECT_FALSE(recognizer().set_keywords({{"yes", 2.0}}).ok());
  EXPECT_EQ(recognizer().mode(), SearchMode::kOpen);
  const auto kept = recognizer().set_keywords({{"Hello there", 1e-10}, {"zzyzxqv", {}}});
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  core::set_log_sink(nullptr);
  EXPECT_EQ(*kept, (std::vector<std::string>{"hello there"}));
  EXPECT_EQ(recognizer().mode(), SearchMode::kKeyword);
}

TEST_F(PocketsphinxSession, SilenceGivesNothing) {
  const std::vector<std::int16_t> silence(2 * 16000, 0);
  const std::string text = recognize(recognizer(), silence);
  std::cout << "[ info ] silence -> \"" << text << "\"\n";
  EXPECT_LE(word_count(text), 1U);
}

TEST_F(PocketsphinxSession, WhiteNoiseGivesLittle) {
  std::vector<std::int16_t> noise(3 * 16000);
  std::uint32_t state = 12345;
  for (auto& sample : noise) {
    state = state * 1664525U + 1013904223U;
    sample = static_cast<std::int16_t>(static_cast<int>(state >> 20) - 2048);  // about -36 dBFS
  }
  const std::string text = recognize(recognizer(), noise);
  std::cout << "[ info ] white noise -> \"" << text << "\"\n";
  EXPECT_LE(word_count(text), 3U);
}

}  // namespace
}  // namespace ovos::providers::local
