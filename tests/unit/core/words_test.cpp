#include "core/words.h"

#include <gtest/gtest.h>

namespace ovos::core {
namespace {

using Words = std::vector<std::string>;

TEST(LowerWordsTest, LowerCasesAndSplitsAtEverythingButWordCharacters) {
  EXPECT_EQ(lower_words("Don't STOP... now,please!"), (Words{"don't", "stop", "now", "please"}));
  EXPECT_EQ(lower_words("  \n\t "), Words{});
}

TEST(LowerWordsTest, UTF8BytesStayInsideWordsUnchanged) {
  EXPECT_EQ(lower_words("CAFÉ crème"), (Words{"cafÉ", "crème"}));
}

TEST(LowerWordsTest, TheCallerSaysWhichCharactersJoinWords) {
  EXPECT_EQ(lower_words("uh-huh, yeah"), (Words{"uh", "huh", "yeah"}));
  EXPECT_EQ(lower_words("uh-huh, yeah", "'-"), (Words{"uh-huh", "yeah"}));
  EXPECT_EQ(lower_words("it's", ""), (Words{"it", "s"}));
}

}  // namespace
}  // namespace ovos::core
