#include "agents/knowledge/document_text.h"

#include <gtest/gtest.h>

#include "agents/knowledge/pdf_text.h"
#include "agents/knowledge/plain_text.h"
#include "unit/knowledge/test_pdf.h"

namespace ovos::agents::knowledge {
namespace {

using core::ErrorCode;
using testing::make_pdf;

template <typename T>
ErrorCode code_of(const core::Result<T>& result) {
  EXPECT_FALSE(result.ok());
  return result.ok() ? ErrorCode::kInternal : result.error().code;
}

TEST(DocumentTypeTest, AcceptsTheThreeTypesWithParametersAndAnyCase) {
  EXPECT_EQ(*document_type("text/plain"), DocumentType::kPlainText);
  EXPECT_EQ(*document_type("Text/Plain; charset=UTF-8"), DocumentType::kPlainText);
  EXPECT_EQ(*document_type("text/plain;charset=\"utf-8\""), DocumentType::kPlainText);
  EXPECT_EQ(*document_type("text/plain; charset=us-ascii"), DocumentType::kPlainText);
  EXPECT_EQ(*document_type("text/markdown"), DocumentType::kMarkdown);
  EXPECT_EQ(*document_type("text/x-markdown; charset=utf-8"), DocumentType::kMarkdown);
  EXPECT_EQ(*document_type("application/pdf"), DocumentType::kPdf);
  EXPECT_EQ(media_type(DocumentType::kMarkdown), "text/markdown");
}

TEST(DocumentTypeTest, RefusesOtherTypesAndCharsetsAsUnsupported) {
  for (const char* type : {"", "application/json", "text/html", "image/png",
                           "application/octet-stream", "text/plainx"}) {
    SCOPED_TRACE(type);
    EXPECT_EQ(code_of(document_type(type)), ErrorCode::kUnsupportedMediaType);
  }
  const auto latin1 = document_type("text/plain; charset=iso-8859-1");
  ASSERT_EQ(code_of(latin1), ErrorCode::kUnsupportedMediaType);
  EXPECT_NE(latin1.error().message.find("UTF-8"), std::string::npos);
  EXPECT_NE(document_type("text/html")
                .error()
                .message.find("text/plain, text/markdown or "
                              "application/pdf"),
            std::string::npos);
}

TEST(PlainTextTest, ChecksUtf8StrictlyWithTheOffset) {
  EXPECT_TRUE(check_utf8("plain ascii", "body").ok());
  EXPECT_TRUE(check_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "body").ok());
  struct Case {
    std::string text;
    std::size_t offset;
  };
  for (const auto& [text, offset] : std::vector<Case>{
           {"ab\xff", 2},                    // not a lead byte
           {"abc\xc3", 3},                   // cut short
           {"\xc0\xaf", 0},                  // overlong '/'
           {"x\xe0\x80\xaf", 1},             // overlong, 3 bytes
           {"\xed\xa0\x80", 0},              // UTF-16 surrogate
           {"ok \xf4\x90\x80\x80", 3},       // past U+10FFFF
           {std::string("nul\0ok", 6), 99},  // NUL is valid UTF-8 (dropped later)
       }) {
    const auto result = check_utf8(text, "body");
    if (offset == 99) {
      EXPECT_TRUE(result.ok());
      continue;
    }
    ASSERT_FALSE(result.ok()) << offset;
    EXPECT_EQ(result.error().code, ErrorCode::kValidation);
    EXPECT_NE(result.error().message.find("offset " + std::to_string(offset)), std::string::npos)
        << result.error().message;
    EXPECT_EQ(result.error().fields.at(0).path, "body");
  }
  EXPECT_EQ(repair_utf8("a\xff"
                        "b\xc3"),
            "a\xef\xbf\xbd"
            "b\xef\xbf\xbd");
}

TEST(PlainTextTest, NormalizesLineEndsSpacesAndControls) {
  EXPECT_EQ(
      normalize_text("\xef\xbb\xbf  Hello\t\tworld  \r\nnext\rline\n\n\n\n\nPara\x01graph  \n"),
      "Hello world\nnext\nline\n\nParagraph");
  EXPECT_EQ(normalize_text("a\xc2\xa0\xe2\x80\x83"
                           "b"),
            "a b");  // no-break and em spaces
  EXPECT_EQ(normalize_text(" \n \n\t"), "");
  EXPECT_EQ(normalize_text(std::string("x\0y", 3)), "xy");
}

TEST(ExtractTextTest, PlainTextIsCheckedNormalizedAndCounted) {
  const auto text = extract_text(DocumentType::kPlainText, "Caf\xc3\xa9 opens at 9.\r\n\r\nBye.");
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(text->text, "Caf\xc3\xa9 opens at 9.\n\nBye.");
  EXPECT_EQ(text->characters, 22U);
  EXPECT_EQ(code_of(extract_text(DocumentType::kPlainText, "bad \xff byte")),
            ErrorCode::kValidation);
  const auto empty = extract_text(DocumentType::kPlainText, " \n\t ");
  ASSERT_EQ(code_of(empty), ErrorCode::kValidation);
  EXPECT_EQ(empty.error().message, "the document has no text");
}

TEST(ExtractTextTest, LimitsBytesAndCharacters) {
  ExtractLimits limits;
  limits.max_bytes = 10;
  EXPECT_EQ(code_of(extract_text(DocumentType::kPlainText, "01234567890", limits)),
            ErrorCode::kTooLarge);
  EXPECT_TRUE(extract_text(DocumentType::kPlainText, "0123456789", limits).ok());
  limits.max_bytes = 100;
  limits.max_characters = 3;
  const auto result = extract_text(DocumentType::kPlainText, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(
      code_of(extract_text(DocumentType::kPlainText, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", limits)),
      ErrorCode::kTooLarge);
}

TEST(ExtractTextTest, MarkdownIsStripped) {
  const auto text = extract_text(DocumentType::kMarkdown,
                                 "# Returns\n\nYou may **return** items within *30 days*.\n");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->text, "Returns\n\nYou may return items within 30 days.");
}

TEST(PdfTextTest, ReadsEveryPageInOrder) {
  const auto pdf =
      make_pdf({"Opening hours are nine to five.", "Caf\\351 au lait costs (3) euros."});
  const auto text = extract_text(DocumentType::kPdf, pdf);
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(text->pages, 2);
  EXPECT_EQ(text->text, "Opening hours are nine to five.\n\nCaf\xc3\xa9 au lait costs (3) euros.");
}

TEST(PdfTextTest, RefusesDamagedEncryptedAndTextlessFilesClearly) {
  const auto pdf = make_pdf({"Some text on the page."});
  const auto truncated = extract_text(DocumentType::kPdf, pdf.substr(0, pdf.size() / 2));
  ASSERT_EQ(code_of(truncated), ErrorCode::kValidation);
  EXPECT_NE(truncated.error().message.find("damaged"), std::string::npos);

  const auto not_pdf = extract_text(DocumentType::kPdf, "GIF89a this is no PDF");
  ASSERT_EQ(code_of(not_pdf), ErrorCode::kValidation);
  EXPECT_NE(not_pdf.error().message.find("not a PDF"), std::string::npos);

  const auto encrypted =
      extract_text(DocumentType::kPdf, make_pdf({"secret"}, {.encrypted = true}));
  ASSERT_EQ(code_of(encrypted), ErrorCode::kValidation);
  EXPECT_NE(encrypted.error().message.find("encrypted"), std::string::npos);

  const auto scanned = extract_text(DocumentType::kPdf, make_pdf({"", ""}));
  ASSERT_EQ(code_of(scanned), ErrorCode::kValidation);
  EXPECT_NE(scanned.error().message.find("no text layer"), std::string::npos);
  EXPECT_EQ(scanned.error().fields.at(0).path, "body");
}

TEST(PdfTextTest, LimitsPages) {
  const auto pdf = make_pdf({"one", "two", "three"});
  const auto limited = pdf_to_text(pdf, 2);
  ASSERT_EQ(code_of(limited), ErrorCode::kTooLarge);
  EXPECT_NE(limited.error().message.find("3 pages"), std::string::npos);
  EXPECT_TRUE(pdf_to_text(pdf, 3).ok());
}

}  // namespace
}  // namespace ovos::agents::knowledge
