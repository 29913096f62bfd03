#include "agents/knowledge/markdown_text.h"

#include <gtest/gtest.h>

#include "agents/knowledge/plain_text.h"

namespace ovos::agents::knowledge {
namespace {

// markdown_to_text then normalize_text, as extraction does.
std::string strip(std::string_view markdown) {
  return normalize_text(markdown_to_text(markdown));
}

TEST(MarkdownTextTest, HeadingsLoseTheirMarksAndEndAParagraph) {
  EXPECT_EQ(strip("# Title\nBody text."), "Title\n\nBody text.");
  EXPECT_EQ(strip("### Closed heading ###\n"), "Closed heading");
  EXPECT_EQ(strip("Setext\n======\nNext"), "Setext\n\nNext");
  EXPECT_EQ(strip("#hashtag is not a heading"), "#hashtag is not a heading");
  EXPECT_EQ(strip("####### seven is not a heading"), "####### seven is not a heading");
}

TEST(MarkdownTextTest, EmphasisGoesButWordsAndArithmeticStay) {
  EXPECT_EQ(strip("This is **bold**, *italic*, __strong__ and _em_."),
            "This is bold, italic, strong and em.");
  EXPECT_EQ(strip("***both*** and ~~struck~~ text"), "both and struck text");
  EXPECT_EQ(strip("**Note:** read snake_case_names and 2 * 3 = 6, 5*3 too"),
            "Note: read snake_case_names and 2 * 3 = 6, 5*3 too");
  EXPECT_EQ(strip("a ~ b"), "a ~ b");
}

TEST(MarkdownTextTest, LinksAndImagesKeepTheirText) {
  EXPECT_EQ(strip("See [the docs](https://example.com/docs \"Docs\") now."), "See the docs now.");
  EXPECT_EQ(strip("![A red bike](bike.png) and [**bold link**][ref]"), "A red bike and bold link");
  EXPECT_EQ(strip("[ref]: https://example.com\nafter"), "after");
  EXPECT_EQ(strip("Mail <mailto:help@example.com> or <https://example.com>."),
            "Mail mailto:help@example.com or https://example.com.");
  EXPECT_EQ(strip("[not a link] stays"), "[not a link] stays");
  EXPECT_EQ(strip("[nested [brackets]](x.html)"), "nested [brackets]");
}

TEST(MarkdownTextTest, CodeKeepsItsTextVerbatim) {
  EXPECT_EQ(strip("Run `make **all**` now"), "Run make **all** now");
  EXPECT_EQ(strip("``a ` b`` end"), "a ` b end");
  EXPECT_EQ(strip("Before\n```cpp\nint *p = nullptr; // **not bold**\n# not a heading\n```\nAfter"),
            "Before\nint *p = nullptr; // **not bold**\n# not a heading\nAfter");
  EXPECT_EQ(strip("~~~~\n[x](y)\n~~~\nstill code\n~~~~\nout"), "[x](y)\n~~~\nstill code\nout");
  EXPECT_EQ(strip("unclosed `tick"), "unclosed `tick");
}

TEST(MarkdownTextTest, ListsQuotesRulesTablesAndHtml) {
  EXPECT_EQ(strip("- one\n* two\n+ three\n1. four\n2) five\n- [x] done\n- [ ] todo"),
            "one\ntwo\nthree\nfour\nfive\ndone\ntodo");
  EXPECT_EQ(strip("> quoted\n> > twice"), "quoted\ntwice");
  EXPECT_EQ(strip("above\n\n---\n\n***\n\nbelow"), "above\n\nbelow");
  EXPECT_EQ(strip("| Item | Price |\n|:-----|------:|\n| Tea | 2 |"), "Item | Price\nTea | 2");
  EXPECT_EQ(strip("Line<br/>break <b>bold</b> <!-- hidden --> 1 < 2 > 0"),
            "Linebreak bold 1 < 2 > 0");
  EXPECT_EQ(strip("-not a list"), "-not a list");
}

TEST(MarkdownTextTest, EscapesGiveTheCharacter) {
  EXPECT_EQ(strip("\\*not emphasis\\* and \\# not heading \\[x\\](y)"),
            "*not emphasis* and # not heading [x](y)");
}

}  // namespace
}  // namespace ovos::agents::knowledge
