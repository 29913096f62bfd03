#include "engine/sentence_chunker.h"

#include <gtest/gtest.h>

#include <random>

#include "core/utf8.h"

namespace ovos::engine {
namespace {

using Pieces = std::vector<std::string>;

// Breaks at every sentence end, so each rule shows in isolation.
constexpr ChunkerOptions kEvery{.first_chunk_min_chars = 1, .min_chars = 1, .max_chars = 250};

Pieces feed(SentenceChunker& chunker, const std::vector<std::string_view>& tokens) {
  Pieces out;
  for (const std::string_view token : tokens)
    for (std::string& piece : chunker.push(token))
      out.push_back(std::move(piece));
  for (std::string& piece : chunker.flush())
    out.push_back(std::move(piece));
  return out;
}

Pieces chunk(std::string_view text, ChunkerOptions options = kEvery) {
  SentenceChunker chunker(options);
  return feed(chunker, {text});
}

Pieces chunk_bytewise(std::string_view text, ChunkerOptions options = kEvery) {
  SentenceChunker chunker(options);
  std::vector<std::string_view> tokens;
  for (std::size_t i = 0; i < text.size(); ++i)
    tokens.push_back(text.substr(i, 1));
  return feed(chunker, tokens);
}

TEST(SentenceChunker, SplitsAtSentenceEndsFollowedByWhitespace) {
  EXPECT_EQ(chunk("Hello there. How are you? Fine! Good… Bye."),
            (Pieces{"Hello there.", "How are you?", "Fine!", "Good…", "Bye."}));
  EXPECT_EQ(chunk("Really?! Yes."), (Pieces{"Really?!", "Yes."}));
}

TEST(SentenceChunker, PeriodAtBufferEndIsNotABreakYet) {
  SentenceChunker chunker(kEvery);
  EXPECT_TRUE(chunker.push("It costs 3.").empty());
  EXPECT_TRUE(chunker.push("5 dollars.").empty());
  EXPECT_TRUE(chunker.push(" ").empty()) << "the next word decides";
  EXPECT_EQ(chunker.push("Then"), (Pieces{"It costs 3.5 dollars."}));
  EXPECT_EQ(chunker.flush(), (Pieces{"Then"}));
}

TEST(SentenceChunker, NeverSplitsAbbreviations) {
  for (const std::string_view abbreviation :
       {"Mr.",  "Mrs.", "Ms.",  "Dr.",  "Prof.", "St.",  "Jr.", "Sr.", "vs.",  "etc.", "e.g.",
        "i.e.", "a.m.", "p.m.", "U.S.", "Inc.",  "Ltd.", "No.", "MR.", "E.G.", "dr."}) {
    const std::string text = "See " + std::string(abbreviation) + " Smith today. Next";
    EXPECT_EQ(chunk(text), (Pieces{"See " + std::string(abbreviation) + " Smith today.", "Next"}))
        << abbreviation;
  }
}

TEST(SentenceChunker, NeverSplitsInitials) {
  EXPECT_EQ(chunk("I read J. K. Rowling. It was good."),
            (Pieces{"I read J. K. Rowling.", "It was good."}));
  EXPECT_EQ(chunk("Born in the U.S.A. He left."), (Pieces{"Born in the U.S.A. He left."}));
}

TEST(SentenceChunker, NeverSplitsNumbersAmountsTimesAndDates) {
  EXPECT_EQ(chunk("Pi is 3.14 today. It costs $4.99. We owe 1,000.50 now. Ok"),
            (Pieces{"Pi is 3.14 today.", "It costs $4.99.", "We owe 1,000.50 now.", "Ok"}));
  EXPECT_EQ(chunk("Meet at 10:30 or 10.30 am. On 23.11.2026. Ok"),
            (Pieces{"Meet at 10:30 or 10.30 am.", "On 23.11.2026.", "Ok"}));
}

TEST(SentenceChunker, NeverSplitsOrdinals) {
  EXPECT_EQ(chunk("Wir kommen am 3. Oktober an. Danke."),
            (Pieces{"Wir kommen am 3. Oktober an.", "Danke."}));
  EXPECT_EQ(chunk("Den 17. maj firar vi. Ja."), (Pieces{"Den 17. maj firar vi.", "Ja."}));
  EXPECT_EQ(chunk("Sie wurde 2. Siegerin. Gut."), (Pieces{"Sie wurde 2. Siegerin.", "Gut."}));
}

TEST(SentenceChunker, NeverSplitsEmailsUrlsAndVersions) {
  EXPECT_EQ(chunk("Mail ada@example.com. Or see https://example.com/a.b?c=d now. Ok"),
            (Pieces{"Mail ada@example.com.", "Or see https://example.com/a.b?c=d now.", "Ok"}));
  EXPECT_EQ(chunk("Visit www.example.com today. Run v1.2.3 now. Ok"),
            (Pieces{"Visit www.example.com today.", "Run v1.2.3 now.", "Ok"}));
}

TEST(SentenceChunker, KeepsEllipsesInsideASentence) {
  EXPECT_EQ(chunk("I was thinking... maybe not. Well… why not? Hmm... Fine."),
            (Pieces{"I was thinking... maybe not.", "Well… why not?", "Hmm...", "Fine."}));
}

TEST(SentenceChunker, KeepsClosingQuotesAndBracketsWithTheSentence) {
  EXPECT_EQ(chunk("He said \"Hi.\" Then he left."), (Pieces{"He said \"Hi.\"", "Then he left."}));
  EXPECT_EQ(chunk("(It works.) She said „Ja.” Ok"),
            (Pieces{"(It works.)", "She said „Ja.”", "Ok"}));
  EXPECT_EQ(chunk("He said \"Hi.\" then left."), (Pieces{"He said \"Hi.\" then left."}));
}

TEST(SentenceChunker, TrimsWhitespaceAndNeverEmitsEmptyPieces) {
  EXPECT_EQ(chunk("  Hello.   \n\n  \t World.  \n "), (Pieces{"Hello.", "World."}));
  EXPECT_TRUE(chunk(" \n\t ").empty());
  EXPECT_TRUE(chunk("").empty());
}

TEST(SentenceChunker, FirstPieceEndsAtTheFirstLongEnoughClause) {
  SentenceChunker chunker;
  EXPECT_TRUE(chunker.push("Sure, ").empty()) << "shorter than first_chunk_min_chars";
  EXPECT_EQ(chunker.push("I can help with that, gladly. "),
            (Pieces{"Sure, I can help with that,"}));
  EXPECT_EQ(chunk("Well — let me check; one moment.", {}),
            (Pieces{"Well — let me check;", "one moment."}));
  EXPECT_EQ(chunk("Absolutely right:  here it is.", {}),
            (Pieces{"Absolutely right:", "here it is."}));
}

TEST(SentenceChunker, LaterPiecesEndOnlyAtSentenceEndsOnceLongEnough) {
  const std::string text =
      "Hello there, friend. Yes. No, wait, the weather is fine today. It is sunny and warm "
      "outside, for sure.";
  EXPECT_EQ(chunk(text, {}),
            (Pieces{"Hello there,", "friend. Yes. No, wait, the weather is fine today.",
                    "It is sunny and warm outside, for sure."}));
}

TEST(SentenceChunker, BreaksAtNewlines) {
  EXPECT_EQ(chunk("First line\nSecond line\n"), (Pieces{"First line", "Second line"}));
  EXPECT_EQ(chunk("Mr.\nSmith"), (Pieces{"Mr.", "Smith"}));
}

TEST(SentenceChunker, ForcesABreakAtTheLastSpaceBeforeMaxChars) {
  const ChunkerOptions options{.first_chunk_min_chars = 100, .min_chars = 100, .max_chars = 10};
  EXPECT_EQ(chunk("aaa bbb ccc ddd eee", options), (Pieces{"aaa bbb", "ccc ddd", "eee"}));
  EXPECT_EQ(chunk("abcdefghijklmnop", options), (Pieces{"abcdefghij", "klmnop"}))
      << "no space: break at max_chars";
  EXPECT_EQ(chunk("aaaa bbbbb ccc", options), (Pieces{"aaaa bbbbb", "ccc"}))
      << "exactly max_chars fits";
}

TEST(SentenceChunker, NeverCutsInsideACodePoint) {
  const ChunkerOptions options{.first_chunk_min_chars = 100, .min_chars = 100, .max_chars = 5};
  const std::string text = "ééééééé😀😀😀😀 €€ über";
  for (const Pieces& pieces : {chunk(text, options), chunk_bytewise(text, options)}) {
    EXPECT_EQ(pieces, (Pieces{"ééééé", "éé😀😀😀", "😀 €€", "über"}));
    for (const std::string& piece : pieces) {
      EXPECT_LE(core::utf8_length(piece), 5U) << piece;
      for (std::size_t i = 0; i < piece.size();) {
        char32_t cp = 0;
        const std::size_t n = core::decode_utf8(piece, i, cp);
        ASSERT_GT(n, 0U) << piece;
        i += n;
      }
    }
  }
}

TEST(SentenceChunker, SameOutputForAnyTokenSplit) {
  const std::vector<std::string> texts = {
      "Sure, I can help with that! Dr. Smith arrives at 10:30 a.m. on 23.11.2026. The fee is "
      "$4.99, or 1,000.50 in total… \"Great.\" Write to ada@example.com or see "
      "https://example.com/a.b?c=d. Version v1.2.3 is out. Am 3. Oktober? J. K. Rowling said "
      "hi... then left.\nNew line here. Ünïcödé ẞtraße — 😀 emoji 😀😀.",
      std::string(600, 'x') + " tail. " + std::string(30, 'y') + "? End",
  };
  std::mt19937 rng(20261123);
  for (const ChunkerOptions options :
       {ChunkerOptions{}, kEvery,
        ChunkerOptions{.first_chunk_min_chars = 5, .min_chars = 20, .max_chars = 30}}) {
    for (const std::string& text : texts) {
      const Pieces expected = chunk(text, options);
      EXPECT_EQ(chunk_bytewise(text, options), expected);
      for (int round = 0; round < 50; ++round) {
        std::vector<std::string_view> tokens;
        std::uniform_int_distribution<std::size_t> size(1, round % 2 == 0 ? 4 : 40);
        for (std::size_t i = 0; i < text.size();) {
          const std::size_t n = std::min(size(rng), text.size() - i);
          tokens.push_back(std::string_view(text).substr(i, n));
          i += n;
        }
        SentenceChunker chunker(options);
        ASSERT_EQ(feed(chunker, tokens), expected) << "round " << round;
      }
    }
  }
}

TEST(SentenceChunker, FlushReturnsTheRemainderAndResetDropsIt) {
  SentenceChunker chunker(kEvery);
  EXPECT_EQ(chunker.push("One. Two"), (Pieces{"One."}));
  EXPECT_EQ(chunker.flush(), (Pieces{"Two"}));
  EXPECT_TRUE(chunker.flush().empty());
  EXPECT_TRUE(chunker.push("Cut off mid").empty());
  chunker.reset();
  EXPECT_TRUE(chunker.flush().empty());
  EXPECT_EQ(feed(chunker, {"Fresh start. ", "Ok"}), (Pieces{"Fresh start.", "Ok"}));
}

}  // namespace
}  // namespace ovos::engine

namespace ovos::engine {
namespace {

// The answer engine_bench streams (docs/benchmarks.md): with the default options and word
// tokens, the first piece leaves at the first clause past the minimum, as soon as the token
// after it shows the comma ends a clause; nothing splits inside "Dr.", "3:30 p.m.", "$45.50" or
// the e-mail address.
TEST(SentenceChunker, TheBenchAnswerInWordTokens) {
  const std::string_view answer =
      "Sure, Dr. Smith can see you at 3:30 p.m. on Friday, the 14th. The visit costs $45.50, and "
      "you can pay by card. If you need a receipt, write to billing@clinic.example.com and we "
      "will send it the same day. Is there anything else I can help you with?";
  SentenceChunker chunker;
  Pieces pieces;
  int first_after = 0;
  int tokens = 0;
  for (std::size_t start = 0; start < answer.size();) {
    std::size_t end = answer.find(' ', start + 1);
    if (end == std::string_view::npos) end = answer.size();
    ++tokens;
    for (std::string& piece : chunker.push(answer.substr(start, end - start))) {
      if (pieces.empty()) first_after = tokens;
      pieces.push_back(std::move(piece));
    }
    start = end;
  }
  for (std::string& piece : chunker.flush())
    pieces.push_back(std::move(piece));
  EXPECT_EQ(pieces,
            (Pieces{"Sure, Dr. Smith can see you at 3:30 p.m. on Friday,",
                    "the 14th. The visit costs $45.50, and you can pay by card.",
                    "If you need a receipt, write to billing@clinic.example.com and we will "
                    "send it the same day.",
                    "Is there anything else I can help you with?"}));
  EXPECT_EQ(first_after, 12);  // "Friday," is the 11th token; the 12th confirms the clause
}

}  // namespace
}  // namespace ovos::engine
