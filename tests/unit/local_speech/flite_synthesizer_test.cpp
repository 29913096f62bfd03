#include "providers/local/flite_synthesizer.h"

#include <gtest/gtest.h>

#include <iostream>
#include <stdexcept>
#include <thread>

namespace ovos::providers::local {
namespace {

constexpr std::string_view kSentence = "Hello, I can book an appointment for you on Tuesday.";

double seconds(std::size_t samples, int rate) {
  return static_cast<double>(samples) / rate;
}

TEST(SanitizeTextForFlite, KeepsAsciiAndCollapsesWhitespace) {
  EXPECT_EQ(sanitize_text_for_flite("  Hello,\tworld!\n\nIt's 3 pm.  "),
            "Hello, world! It's 3 pm.");
  EXPECT_EQ(sanitize_text_for_flite(""), "");
  EXPECT_EQ(sanitize_text_for_flite("a\x01\x7f"
                                    "b"),
            "a b");
}

TEST(SanitizeTextForFlite, TransliteratesLatinAndDropsWhatFliteCannotSay) {
  EXPECT_EQ(sanitize_text_for_flite("Caf\u00e9 na\u00efve Stra\u00dfe \u0141\u00f3d\u017a"),
            "Cafe naive Strasse Lodz");
  EXPECT_EQ(sanitize_text_for_flite("\u201cIt\u2019s\u201d \u2013 ok\u2026"), "\"It's\" - ok...");
  EXPECT_EQ(sanitize_text_for_flite("5\u20ac or 20\u00b0"), "5 euros or 20 degrees");
  EXPECT_EQ(sanitize_text_for_flite("hi \u4f60\u597d \U0001F600 there"), "hi there");
  EXPECT_EQ(sanitize_text_for_flite("bad \xff\xfe utf8 \xc3"), "bad utf8");
}

TEST(SplitSentences, SplitsAfterSentencePunctuationAndCapsLength) {
  EXPECT_EQ(split_sentences("Hi there. How are you? Fine; thanks! 3.5 pm"),
            (std::vector<std::string>{"Hi there.", "How are you?", "Fine;", "thanks!", "3.5 pm"}));
  EXPECT_TRUE(split_sentences("").empty());
  const auto pieces = split_sentences("one two three four five six", 10);
  ASSERT_GE(pieces.size(), 3U);
  for (const auto& piece : pieces)
    EXPECT_LE(piece.size(), 11U) << piece;
  EXPECT_EQ(split_sentences("abcdefghijklmnop", 5).size(), 4U);  // no space: hard cut
}

TEST(FliteSynthesizer, RejectsUnknownVoice) {
  const auto synth = FliteSynthesizer::create("hal9000");
  ASSERT_FALSE(synth.ok());
  EXPECT_EQ(synth.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(synth.error().message.find("hal9000"), std::string::npos);
}

TEST(FliteSynthesizer, EveryVoiceSpeaks16kHz) {
  for (const auto name : FliteSynthesizer::voices()) {
    auto synth = FliteSynthesizer::create(name);
    ASSERT_TRUE(synth.ok()) << name;
    EXPECT_EQ(synth->voice(), name);
    EXPECT_EQ(synth->sample_rate(), 16000);
    const auto pcm = synth->synthesize_all(kSentence);
    ASSERT_TRUE(pcm.ok()) << pcm.error().message;
    const double duration = seconds(pcm->size(), synth->sample_rate());
    EXPECT_GT(duration, 1.5) << name;
    EXPECT_LT(duration, 8.0) << name;
    const auto& stats = synth->last_stats();
    EXPECT_EQ(stats.samples, pcm->size());
    EXPECT_FALSE(stats.stopped);
    EXPECT_GT(stats.first_audio_ms, 0.0);
    EXPECT_LE(stats.first_audio_ms, stats.total_ms);
    std::cout << "[ metric ] flite " << name << ": time to first audio " << stats.first_audio_ms
              << " ms, RTF " << stats.total_ms / 1000.0 / duration << "\n";
  }
}

TEST(FliteSynthesizer, StreamsChunksAsTheyAreMade) {
  auto synth = FliteSynthesizer::create();
  ASSERT_TRUE(synth.ok());
  std::size_t chunks = 0;
  std::size_t samples = 0;
  const auto result = synth->synthesize(kSentence, [&](std::span<const std::int16_t> chunk) {
    ++chunks;
    samples += chunk.size();
    EXPECT_FALSE(chunk.empty());
    return true;
  });
  ASSERT_TRUE(result.ok());
  EXPECT_GT(chunks, 20U);  // about 20 ms each, not one block at the end
  EXPECT_EQ(samples, synth->last_stats().samples);
}

TEST(FliteSynthesizer, StopsWhenTheSinkSaysSo) {
  auto synth = FliteSynthesizer::create();
  ASSERT_TRUE(synth.ok());
  const std::string text = std::string(kSentence) + " Is there anything else? Goodbye now.";
  const auto full = synth->synthesize_all(text);
  ASSERT_TRUE(full.ok());
  std::size_t chunks = 0;
  std::size_t samples = 0;
  const auto result = synth->synthesize(text, [&](std::span<const std::int16_t> chunk) {
    samples += chunk.size();
    return ++chunks < 3;
  });
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(chunks, 3U);  // no call after the sink said stop, not even for later sentences
  EXPECT_TRUE(synth->last_stats().stopped);
  EXPECT_LT(samples, full->size() / 10);
}

TEST(FliteSynthesizer, RethrowsAnExceptionFromTheSink) {
  auto synth = FliteSynthesizer::create("kal16");
  ASSERT_TRUE(synth.ok());
  EXPECT_THROW(
      (void)synth->synthesize(
          kSentence, [](std::span<const std::int16_t>) -> bool { throw std::runtime_error("x"); }),
      std::runtime_error);
  // The synthesizer is still usable afterwards.
  EXPECT_TRUE(synth->synthesize_all("Still here.").ok());
}

TEST(FliteSynthesizer, NothingToSayGivesNoAudio) {
  auto synth = FliteSynthesizer::create();
  ASSERT_TRUE(synth.ok());
  for (const std::string_view text : {"", "   ", "... !!! ???", "\u4f60\u597d \U0001F600"}) {
    const auto pcm = synth->synthesize_all(text);
    ASSERT_TRUE(pcm.ok()) << text;
    EXPECT_TRUE(pcm->empty()) << text;
    EXPECT_EQ(synth->last_stats().first_audio_ms, 0.0);
  }
}

TEST(FliteSynthesizer, SpeaksNonAsciiTextItCanTransliterate) {
  auto synth = FliteSynthesizer::create("kal16");
  ASSERT_TRUE(synth.ok());
  const auto pcm = synth->synthesize_all("Caf\u00e9 \u4f60\u597d cr\u00e8me br\u00fbl\u00e9e \xff");
  ASSERT_TRUE(pcm.ok());
  EXPECT_GT(seconds(pcm->size(), 16000), 0.5);
}

TEST(FliteSynthesizer, RefusesVeryLongText) {
  auto synth = FliteSynthesizer::create("kal16");
  ASSERT_TRUE(synth.ok());
  const std::string text(FliteSynthesizer::kMaxTextBytes + 1, 'a');
  const auto pcm = synth->synthesize_all(text);
  ASSERT_FALSE(pcm.ok());
  EXPECT_EQ(pcm.error().code, core::ErrorCode::kTooLarge);
  EXPECT_NE(pcm.error().message.find("5000"), std::string::npos);
}

TEST(FliteSynthesizer, SpeaksTextUpToTheLimit) {
  auto synth = FliteSynthesizer::create("kal16");
  ASSERT_TRUE(synth.ok());
  std::string text;
  while (text.size() + 60 < FliteSynthesizer::kMaxTextBytes)
    text += "This sentence is one of many in a long answer. ";
  std::size_t samples = 0;
  std::size_t chunks = 0;
  const auto result = synth->synthesize(text, [&](std::span<const std::int16_t> chunk) {
    samples += chunk.size();
    ++chunks;
    return true;
  });
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_GT(seconds(samples, 16000), 200.0);
  EXPECT_GT(chunks, 1000U);
  std::cout << "[ metric ] flite kal16, " << text.size() << " chars: first audio after "
            << synth->last_stats().first_audio_ms << " ms of " << synth->last_stats().total_ms
            << " ms\n";
}

TEST(FliteSynthesizer, InstancesOnSeveralThreadsGiveTheSameAudio) {
  auto reference_synth = FliteSynthesizer::create("kal16");
  ASSERT_TRUE(reference_synth.ok());
  const auto reference = reference_synth->synthesize_all(kSentence);
  ASSERT_TRUE(reference.ok());
  std::vector<std::vector<std::int16_t>> outputs(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < outputs.size(); ++t) {
    threads.emplace_back([&outputs, t] {
      auto synth = FliteSynthesizer::create(t % 2 == 0 ? "kal16" : "rms");
      if (!synth.ok()) return;
      for (int round = 0; round < 3; ++round) {
        auto pcm = synth->synthesize_all(kSentence);
        if (pcm.ok() && t % 2 == 0) outputs[t] = std::move(pcm).value();
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(outputs[0], *reference);
  EXPECT_EQ(outputs[2], *reference);
}

TEST(FliteSynthesizer, MovesKeepTheVoiceRegistered) {
  auto created = FliteSynthesizer::create("slt");
  ASSERT_TRUE(created.ok());
  FliteSynthesizer first = std::move(created).value();
  FliteSynthesizer second = std::move(first);
  auto other = FliteSynthesizer::create("slt");
  ASSERT_TRUE(other.ok());
  second = std::move(other).value();
  const auto pcm = second.synthesize_all("Moved.");
  ASSERT_TRUE(pcm.ok());
  EXPECT_FALSE(pcm->empty());
}

}  // namespace
}  // namespace ovos::providers::local
