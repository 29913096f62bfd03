#include "agents/knowledge/bm25_index.h"

#include <gtest/gtest.h>

#include "agents/knowledge/tokenizer.h"

namespace ovos::agents::knowledge {
namespace {

using Terms = std::vector<std::string>;

TEST(TokenizerTest, LowercasesAnyScriptDropsStopwordsAndApostrophes) {
  EXPECT_EQ(tokenize("The CAT sat on the mat."), (Terms{"cat", "sat", "mat"}));
  EXPECT_EQ(tokenize("Don't STOP \xe2\x80\x94 caf\xc3\xa9 Stra\xc3\x9f"
                     "e na\xc3\xafve it\xe2\x80\x99s"),  // "it's" -> "its", a stopword
            (Terms{"dont", "stop", "caf\xc3\xa9",
                   "stra\xc3\x9f"
                   "e",
                   "na\xc3\xafve"}));
  EXPECT_EQ(tokenize("\xce\x91\xce\x98\xce\x97\xce\x9d\xce\x91 "
                     "\xd0\x9c\xd0\x9e\xd0\xa1\xd0\x9a\xd0\x92\xd0\x90"),
            (Terms{"\xce\xb1\xce\xb8\xce\xb7\xce\xbd\xce\xb1",
                   "\xd0\xbc\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0"}));
  EXPECT_EQ(tokenize("v2.5 costs $30, dogs' toys"), (Terms{"v2", "5", "cost", "30", "dog", "toy"}));
  // Japanese: one term per character.
  EXPECT_EQ(tokenize("\xe6\x9d\xb1\xe4\xba\xac tower"),
            (Terms{"\xe6\x9d\xb1", "\xe4\xba\xac", "tower"}));
  // Malformed bytes split terms and never reach the output.
  EXPECT_EQ(tokenize("ab\xff"
                     "cd"),
            (Terms{"ab", "cd"}));
  EXPECT_EQ(tokenize(std::string(100, 'x')).at(0).size(), 64U);
  EXPECT_TRUE(tokenize("the of and, a!").empty());
}

TEST(TokenizerTest, HarmanStemmerReducesPlurals) {
  EXPECT_EQ(stem("policies"), "policy");
  EXPECT_EQ(stem("returns"), "return");
  EXPECT_EQ(stem("boxes"), "boxe");
  EXPECT_EQ(stem("status"), "status");
  EXPECT_EQ(stem("class"), "class");
  EXPECT_EQ(stem("toes"), "toe");  // -oes keeps its e: only the s goes
  EXPECT_EQ(stem("agrees"), "agree");
  EXPECT_EQ(stem("bus"), "bus");                    // too short
  EXPECT_EQ(stem("caf\xc3\xa9s"), "caf\xc3\xa9s");  // ASCII only
  EXPECT_TRUE(is_stopword("the"));
  EXPECT_FALSE(is_stopword("cat"));
}

// A corpus small enough to score by hand. After tokenizing:
//   D0 [cat sat mat]  D1 [dog chase cat]  D2 [bird]  D3 [cat cat cat mat mouse]
// N = 4, avgdl = 12 / 4 = 3. k1 = 1.2, b = 0.75.
//   idf(cat)  = ln(1 + (4 - 3 + 0.5) / (3 + 0.5)) = ln(10/7) = 0.356675
//   idf(mat)  = ln(1 + (4 - 2 + 0.5) / (2 + 0.5)) = ln(2)    = 0.693147
//   idf(bird) = ln(1 + (4 - 1 + 0.5) / (1 + 0.5)) = ln(10/3) = 1.203973
// A document of average length with tf 1 scores exactly idf (2.2 / (1 + 1.2)).
//   D3 for cat:  tf 3, |D| 5: 3 * 2.2 / (3 + 1.2 * (0.25 + 0.75 * 5/3)) = 6.6 / 4.8 = 1.375
//   D2 for bird: tf 1, |D| 1: 2.2 / (1 + 1.2 * (0.25 + 0.75 / 3))       = 2.2 / 1.6 = 1.375
//   D3 for mat:  tf 1, |D| 5: 2.2 / (1 + 1.8)                                       = 0.785714
class Bm25HandExample : public ::testing::Test {
 protected:
  void SetUp() override {
    EXPECT_EQ(index.add_text("The cat sat on the mat."), 0U);
    EXPECT_EQ(index.add_text("Dogs chase cats!"), 1U);
    EXPECT_EQ(index.add_text("A bird."), 2U);
    EXPECT_EQ(index.add_text("Cat, CAT, cat and a mat for the mouse"), 3U);
  }
  Bm25Index index;
};

TEST_F(Bm25HandExample, ScoresMatchTheFormula) {
  const auto cat = index.search_text("cat", 10);
  ASSERT_EQ(cat.size(), 3U);
  EXPECT_EQ(cat[0].doc, 3U);
  EXPECT_NEAR(cat[0].score, 0.356675 * 1.375, 1e-6);
  EXPECT_EQ(cat[1].doc, 0U);  // D0 and D1 tie: lower number first
  EXPECT_NEAR(cat[1].score, 0.356675, 1e-6);
  EXPECT_EQ(cat[2].doc, 1U);
  EXPECT_NEAR(cat[2].score, 0.356675, 1e-6);

  const auto bird = index.search_text("birds?", 10);
  ASSERT_EQ(bird.size(), 1U);
  EXPECT_EQ(bird[0].doc, 2U);
  EXPECT_NEAR(bird[0].score, 1.203973 * 1.375, 1e-6);

  // Two terms add up; D0 (short, has both) passes D3 (three cats, longer).
  const auto cat_mat = index.search_text("the cat on a mat", 10);
  ASSERT_EQ(cat_mat.size(), 3U);
  EXPECT_EQ(cat_mat[0].doc, 0U);
  EXPECT_NEAR(cat_mat[0].score, 0.356675 + 0.693147, 1e-6);
  EXPECT_EQ(cat_mat[1].doc, 3U);
  EXPECT_NEAR(cat_mat[1].score, 0.356675 * 1.375 + 0.693147 * 0.785714, 1e-6);
}

TEST_F(Bm25HandExample, RepeatedQueryTermsCountOnceAndKLimits) {
  EXPECT_NEAR(index.search_text("cat cat cat", 1).at(0).score, 0.356675 * 1.375, 1e-6);
  EXPECT_EQ(index.search_text("cat", 2).size(), 2U);
  EXPECT_TRUE(index.search_text("zebra", 5).empty());
  EXPECT_TRUE(index.search_text("the", 5).empty());
  EXPECT_TRUE(index.search_text("cat", 0).empty());
  EXPECT_EQ(index.document_frequency("cat"), 3U);
  EXPECT_EQ(index.size(), 4U);
  EXPECT_TRUE(Bm25Index().search_text("cat", 3).empty());
}

TEST(Bm25IndexTest, ParametersChangeTheLengthPenalty) {
  Bm25Index no_length({.k1 = 1.2, .b = 0.0});
  (void)no_length.add_text("cat");
  (void)no_length.add_text("cat dog bird fish");
  const auto hits = no_length.search_text("cat", 2);
  ASSERT_EQ(hits.size(), 2U);
  EXPECT_DOUBLE_EQ(hits[0].score, hits[1].score);  // b = 0: length does not matter
}

}  // namespace
}  // namespace ovos::agents::knowledge
