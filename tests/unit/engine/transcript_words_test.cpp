#include "engine/transcript_words.h"

#include <gtest/gtest.h>

namespace ovos::engine {
namespace {

TEST(InterruptionWordsTest, BackchannelsDoNotCount) {
  const InterruptionWords words({"yeah", "uh-huh", "okay"});
  EXPECT_EQ(words.count("yeah"), 0);
  EXPECT_EQ(words.count("Yeah, uh-huh. OKAY!"), 0);
  EXPECT_EQ(words.count("yeah wait a second"), 3);
}

TEST(InterruptionWordsTest, WordsKeepApostrophesAndHyphensAndSplitElsewhere) {
  const InterruptionWords words({"don't", "uh-huh"});
  EXPECT_EQ(words.count("Don't"), 0);
  EXPECT_EQ(words.count("uh-huh"), 0);
  EXPECT_EQ(words.count("uh huh"), 2) << "split words are not the backchannel";
  EXPECT_EQ(words.count("stop...now,please"), 3);
  EXPECT_EQ(words.count("  \n "), 0);
  EXPECT_EQ(words.count("café au lait"), 3) << "bytes of UTF-8 stay inside words";
}

TEST(TrimTextTest, RemovesSpacesTabsAndNewlinesAround) {
  EXPECT_EQ(trim_text(" \t hello there\n"), "hello there");
  EXPECT_EQ(trim_text("\n\t "), "");
  EXPECT_EQ(trim_text("a"), "a");
}

}  // namespace
}  // namespace ovos::engine
