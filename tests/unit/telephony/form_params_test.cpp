// application/x-www-form-urlencoded parsing and encoding, and the lenient query decoding the
// carriers' SDKs sign with.
#include "telephony/form_params.h"

#include <gtest/gtest.h>

namespace ovos::telephony {
namespace {

FormParams parsed(std::string_view body) {
  auto result = parse_form(body);
  EXPECT_TRUE(result.ok()) << body << ": " << (result.ok() ? "" : result.error().message);
  return result.ok() ? std::move(result).value() : FormParams{};
}

TEST(FormParams, ParsesPairsInBodyOrder) {
  EXPECT_EQ(parsed("To=%2B18005551212&CallSid=CA123&Digits=1234"),
            (FormParams{{"To", "+18005551212"}, {"CallSid", "CA123"}, {"Digits", "1234"}}));
}

TEST(FormParams, PlusIsSpaceAndEscapedPlusIsPlus) {
  EXPECT_EQ(parsed("a=1+2&b=%2B1&c=%2b2"), (FormParams{{"a", "1 2"}, {"b", "+1"}, {"c", "+2"}}));
  EXPECT_EQ(parsed("name+x=v%20w"), (FormParams{{"name x", "v w"}}));
}

TEST(FormParams, EmptyValuesAndNamesWithoutEquals) {
  EXPECT_EQ(parsed("a=&b&c="), (FormParams{{"a", ""}, {"b", ""}, {"c", ""}}));
  EXPECT_EQ(parsed("=x"), (FormParams{{"", "x"}}));
  EXPECT_EQ(parsed("a=b=c"), (FormParams{{"a", "b=c"}}));
}

TEST(FormParams, EmptyPiecesAreSkipped) {
  EXPECT_EQ(parsed("a&&b"), (FormParams{{"a", ""}, {"b", ""}}));
  EXPECT_EQ(parsed("&a=1&"), (FormParams{{"a", "1"}}));
  EXPECT_TRUE(parsed("").empty());
  EXPECT_TRUE(parsed("&&&").empty());
}

TEST(FormParams, DuplicateNamesAreKeptAndFirstWins) {
  const FormParams params = parsed("Digits=1&Other=x&Digits=2");
  EXPECT_EQ(params, (FormParams{{"Digits", "1"}, {"Other", "x"}, {"Digits", "2"}}));
  ASSERT_NE(form_value(params, "Digits"), nullptr);
  EXPECT_EQ(*form_value(params, "Digits"), "1");
  EXPECT_EQ(form_value(params, "digits"), nullptr);  // names are case-sensitive
}

TEST(FormParams, BadEscapesAreInvalidArgument) {
  for (std::string_view body : {"a=%", "a=%2", "a=%zz", "a=%2g", "%=1", "a=1&b=%G0"}) {
    const auto result = parse_form(body);
    ASSERT_FALSE(result.ok()) << body;
    EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument) << body;
  }
}

TEST(FormParams, EscapesDecodeToRawBytes) {
  EXPECT_EQ(parsed("k=%00%FF%e2%82%ac"), (FormParams{{"k", std::string("\0\xFF\xE2\x82\xAC", 5)}}));
}

TEST(FormParams, EncodesTheWayFormsAreEncoded) {
  EXPECT_EQ(encode_form({{"To", "+1 800"}, {"Body", "a&b=c/d*e-f.g_h~"}}),
            "To=%2B1+800&Body=a%26b%3Dc%2Fd*e-f.g_h%7E");
  EXPECT_EQ(encode_form({}), "");
  EXPECT_EQ(encode_form({{"", ""}}), "=");
}

TEST(FormParams, EncodeThenParseGivesTheSamePairs) {
  const FormParams params = {
      {"a b", "+c&d=e%"}, {"", ""}, {"x", std::string("\0\x80\xFF", 3)}, {"a b", "second"}};
  EXPECT_EQ(parsed(encode_form(params)), params);
}

TEST(FormParams, LenientQueryKeepsBadEscapesAsWritten) {
  EXPECT_EQ(parse_query_lenient("a=%41%zz&b=%&c=1+2&d"),
            (FormParams{{"a", "A%zz"}, {"b", "%"}, {"c", "1 2"}, {"d", ""}}));
  EXPECT_EQ(parse_query_lenient("x=%%41&&y=%4"), (FormParams{{"x", "%A"}, {"y", "%4"}}));
}

}  // namespace
}  // namespace ovos::telephony
