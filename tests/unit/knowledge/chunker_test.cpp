#include "agents/knowledge/chunker.h"

#include <gtest/gtest.h>

#include "core/utf8.h"

namespace ovos::agents::knowledge {
namespace {

// "Sentence number N is here." padded to about `length` characters.
std::string sentence(int n, std::size_t length = 60) {
  std::string s = "Sentence number " + std::to_string(n) + " is here";
  while (s.size() + 1 < length)
    s += " and more";
  return s + ".";
}

// The code-point substring [begin, end) of `text`.
std::string code_points(std::string_view text, std::size_t begin, std::size_t end) {
  std::string out;
  std::size_t index = 0;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t length = core::decode_utf8(text, i, cp);
    if (index >= begin && index < end) out.append(text.substr(i, length));
    i += length;
    ++index;
  }
  return out;
}

void expect_offsets_match(std::string_view text, const std::vector<TextChunk>& chunks) {
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(chunks[i].ordinal, static_cast<int>(i));
    EXPECT_EQ(code_points(text, chunks[i].start_char, chunks[i].end_char), chunks[i].text);
    if (i > 0) {
      EXPECT_GT(chunks[i].start_char, chunks[i - 1].start_char);
    }
  }
}

TEST(ChunkerTest, ShortTextIsOneChunk) {
  const auto chunks = chunk_text("Hello there. How are you?");
  ASSERT_EQ(chunks.size(), 1U);
  EXPECT_EQ(chunks[0].text, "Hello there. How are you?");
  EXPECT_EQ(chunks[0].start_char, 0U);
  EXPECT_EQ(chunks[0].end_char, 25U);
  EXPECT_TRUE(chunk_text("").empty());
  EXPECT_TRUE(chunk_text(" \n\n ").empty());
}

TEST(ChunkerTest, WholeSentencesUpToTheTargetWithOneSentenceOverlap) {
  std::string text;
  for (int i = 0; i < 40; ++i)
    text += (i ? " " : "") + sentence(i);
  const auto chunks = chunk_text(text);  // target 800: a dozen sentences each
  ASSERT_GE(chunks.size(), 3U);
  expect_offsets_match(text, chunks);
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_LE(core::utf8_length(chunks[i].text), 800U);
    EXPECT_TRUE(chunks[i].text.starts_with("Sentence number ")) << chunks[i].text;
    EXPECT_TRUE(chunks[i].text.ends_with(".")) << chunks[i].text;
    if (i + 1 < chunks.size()) {
      // The last sentence of a chunk opens the next one.
      const auto last = chunks[i].text.rfind("Sentence number ");
      EXPECT_TRUE(chunks[i + 1].text.starts_with(chunks[i].text.substr(last)));
    }
  }
  EXPECT_EQ(chunks[0].text.substr(0, sentence(0).size()), sentence(0));
  EXPECT_TRUE(chunks.back().text.ends_with(sentence(39)));
}

TEST(ChunkerTest, EndsAtAParagraphBreakOnceLongEnough) {
  std::string first;
  for (int i = 0; i < 9; ++i)
    first += (i ? " " : "") + sentence(i);  // 548 characters: past 60% of 800
  const std::string text = first + "\n\nSecond paragraph starts. " + sentence(99);
  const auto chunks = chunk_text(text);
  ASSERT_EQ(chunks.size(), 2U);
  EXPECT_EQ(chunks[0].text, first);
  EXPECT_EQ(chunks[1].text, "Second paragraph starts. " + sentence(99));  // no overlap across
  expect_offsets_match(text, chunks);
  // A short paragraph joins the next one instead.
  const auto joined = chunk_text("Short one.\n\nAnother short one.");
  ASSERT_EQ(joined.size(), 1U);
  EXPECT_EQ(joined[0].text, "Short one.\n\nAnother short one.");
}

TEST(ChunkerTest, LongSentencesAreCutAtSpacesAndUnspacedTextAnywhere) {
  std::string words;
  for (int i = 0; i < 300; ++i)
    words += "word" + std::to_string(i) + " ";
  const auto chunks = chunk_text(words, {.target_chars = 100});
  ASSERT_GT(chunks.size(), 15U);
  for (const auto& chunk : chunks) {
    EXPECT_LE(core::utf8_length(chunk.text), 100U);
    EXPECT_FALSE(chunk.text.starts_with(" "));
    EXPECT_FALSE(chunk.text.ends_with(" "));
  }
  expect_offsets_match(words, chunks);
  // 250 "é" without spaces: cut at code points, never inside one.
  std::string accents;
  for (int i = 0; i < 250; ++i)
    accents += "\xc3\xa9";
  const auto cut = chunk_text(accents, {.target_chars = 100});
  ASSERT_EQ(cut.size(), 3U);
  EXPECT_EQ(core::utf8_length(cut[0].text), 100U);
  EXPECT_EQ(core::utf8_length(cut[2].text), 50U);
  expect_offsets_match(accents, cut);
}

TEST(ChunkerTest, OffsetsCountCodePointsAndLineBreaksEndSentences) {
  const std::string text =
      "Caf\xc3\xa9 menu:\n- espresso \xe2\x82\xac"
      "2\n- latte \xe2\x82\xac"
      "3";
  const auto chunks = chunk_text(text);
  ASSERT_EQ(chunks.size(), 1U);
  EXPECT_EQ(chunks[0].end_char, core::utf8_length(text));
  // CJK full stops end sentences without a space.
  const auto cjk =
      chunk_text("\xe4\xbd\xa0\xe5\xa5\xbd\xe3\x80\x82\xe5\x86\x8d\xe8\xa7\x81\xe3\x80\x82",
                 {.target_chars = 16});
  ASSERT_EQ(cjk.size(), 1U);
  EXPECT_EQ(cjk[0].end_char, 6U);
}

}  // namespace
}  // namespace ovos::agents::knowledge
