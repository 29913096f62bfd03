#include "core/utf8.h"

#include <gtest/gtest.h>

#include "core/word_errors.h"

namespace ovos::core {
namespace {

TEST(Utf8, DecodesEncodesAndCounts) {
  const std::string text = "aé€😀";
  std::vector<char32_t> points;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = decode_utf8(text, i, cp);
    ASSERT_GT(n, 0U);
    points.push_back(cp);
    i += n;
  }
  EXPECT_EQ(points, (std::vector<char32_t>{U'a', U'é', U'€', U'😀'}));
  std::string back;
  for (const char32_t cp : points)
    append_utf8(cp, back);
  EXPECT_EQ(back, text);
  EXPECT_EQ(utf8_length(text), 4U);
}

TEST(Utf8, RefusesMalformedSequences) {
  char32_t cp = 0;
  EXPECT_EQ(decode_utf8("\xff", 0, cp), 0U);
  EXPECT_EQ(decode_utf8("\xe2\x82", 0, cp), 0U) << "cut short";
  EXPECT_EQ(decode_utf8("\xc3(", 0, cp), 0U) << "bad continuation";
  EXPECT_EQ(decode_utf8("abc", 3, cp), 0U) << "past the end";
}

TEST(WordErrors, CountsSubstitutionsInsertionsAndDeletions) {
  using W = std::vector<std::string>;
  EXPECT_EQ(word_errors(W{"a", "b", "c"}, W{"a", "b", "c"}), 0U);
  EXPECT_EQ(word_errors(W{"a", "b", "c"}, W{"a", "x", "c"}), 1U);
  EXPECT_EQ(word_errors(W{"a", "b", "c"}, W{"a", "c"}), 1U);
  EXPECT_EQ(word_errors(W{"a", "b", "c"}, W{"a", "b", "c", "d", "e"}), 2U);
  EXPECT_EQ(word_errors(W{"a", "b"}, W{}), 2U);
}

}  // namespace
}  // namespace ovos::core
