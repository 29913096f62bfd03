#include "providers/local/synthesis_text.h"

#include <gtest/gtest.h>

#include <string>

#include "providers/local/language.h"

namespace ovos::providers::local {
namespace {

std::string joined(const std::vector<std::string_view>& pieces) {
  std::string out;
  for (const auto piece : pieces)
    out += piece;
  return out;
}

TEST(SplitForSynthesis, ShortTextIsOnePiece) {
  EXPECT_EQ(split_for_synthesis("Hello there.", 100),
            (std::vector<std::string_view>{"Hello there."}));
  EXPECT_TRUE(split_for_synthesis("", 100).empty());
}

TEST(SplitForSynthesis, CutsAfterSentencesThenSpacesAndKeepsEveryByte) {
  const std::string text = "One two three. Four five six seven eight nine ten eleven.";
  const auto pieces = split_for_synthesis(text, 20);
  EXPECT_EQ(joined(pieces), text);
  ASSERT_GE(pieces.size(), 3U);
  EXPECT_EQ(pieces[0], "One two three.");   // the sentence end, in the second half
  EXPECT_EQ(pieces[1], " Four five six ");  // no sentence end in reach: the last space
  for (const auto piece : pieces)
    EXPECT_LE(piece.size(), 20U);
  const auto words = split_for_synthesis("aaaa bbbb cccc dddd", 10);
  EXPECT_EQ(words, (std::vector<std::string_view>{"aaaa bbbb ", "cccc dddd"}));
}

TEST(SplitForSynthesis, NeverCutsInsideACodePoint) {
  std::string text;
  for (int i = 0; i < 50; ++i)
    text += "\u00e9\u20ac";  // 2 + 3 bytes, no spaces
  const auto pieces = split_for_synthesis(text, 16);
  EXPECT_EQ(joined(pieces), text);
  for (const auto piece : pieces) {
    EXPECT_LE(piece.size(), 16U);
    EXPECT_NE(static_cast<unsigned char>(piece.front()) & 0xC0U, 0x80U);
  }
}

TEST(IsEnglish, AcceptsEnglishTagsOnly) {
  for (const std::string_view tag : {"", "en", "EN", "en-US", "en_GB"})
    EXPECT_TRUE(is_english(tag)) << tag;
  for (const std::string_view tag : {"de", "fr-FR", "eng", "e", "es"})
    EXPECT_FALSE(is_english(tag)) << tag;
}

}  // namespace
}  // namespace ovos::providers::local
