#include "telephony/multipart_form.h"

#include <gtest/gtest.h>

namespace ovos::telephony {
namespace {

// An Exotel StatusCallback as a multipart/form-data body (fields from
// https://developer.exotel.com/api/statuscallback).
constexpr std::string_view kType = "multipart/form-data; boundary=----exo7MA4YWxkTrZu0gW";
const std::string kBody =
    "------exo7MA4YWxkTrZu0gW\r\n"
    "Content-Disposition: form-data; name=\"CallSid\"\r\n\r\n"
    "b6cfaf0e1ac2b9fde2ad7a0a0b3f15a9\r\n"
    "------exo7MA4YWxkTrZu0gW\r\n"
    "Content-Disposition: form-data; name=\"Status\"\r\n\r\n"
    "completed\r\n"
    "------exo7MA4YWxkTrZu0gW\r\n"
    "Content-Disposition: form-data; name=\"CustomField\"\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "line one\r\nline two\r\n"
    "------exo7MA4YWxkTrZu0gW\r\n"
    "Content-Disposition: form-data; name=\"RecordingFile\"; filename=\"a.wav\"\r\n\r\n"
    "RIFF....\r\n"
    "------exo7MA4YWxkTrZu0gW--\r\n";

TEST(MultipartFormTest, ReadsTheTextFieldsInOrderAndSkipsFiles) {
  auto params = parse_multipart_form(kType, kBody);
  ASSERT_TRUE(params.ok()) << params.error().message;
  ASSERT_EQ(params->size(), 3u);
  EXPECT_EQ(*form_value(*params, "CallSid"), "b6cfaf0e1ac2b9fde2ad7a0a0b3f15a9");
  EXPECT_EQ(*form_value(*params, "Status"), "completed");
  EXPECT_EQ(*form_value(*params, "CustomField"), "line one\r\nline two");
  EXPECT_EQ(form_value(*params, "RecordingFile"), nullptr);
}

TEST(MultipartFormTest, AQuotedBoundaryAndAnEmptyBodyOfParts) {
  auto quoted =
      parse_multipart_form(R"(multipart/form-data; boundary="----exo7MA4YWxkTrZu0gW")", kBody);
  ASSERT_TRUE(quoted.ok()) << quoted.error().message;
  EXPECT_EQ(quoted->size(), 3u);
  auto empty = parse_multipart_form("multipart/form-data; boundary=x", "--x--\r\n");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(MultipartFormTest, RefusesBodiesItCannotRead) {
  for (const auto& [type, body] : std::vector<std::pair<std::string, std::string>>{
           {"multipart/form-data", kBody},                           // no boundary
           {"multipart/form-data; boundary=other", kBody},           // wrong boundary
           {std::string(kType), kBody.substr(0, kBody.size() / 2)},  // cut short
           {"multipart/form-data; boundary=x",
            "--x\r\nContent-Disposition: form-data\r\n\r\nv\r\n--x--"},  // no name
           {"multipart/form-data; boundary=x", "--x\r\nno blank line\r\n--x--"},
       }) {
    auto params = parse_multipart_form(type, body);
    ASSERT_FALSE(params.ok()) << type << " | " << body;
    EXPECT_EQ(params.error().code, core::ErrorCode::kInvalidArgument);
  }
}

TEST(MultipartFormTest, EncodesWhatItReadsBack) {
  const FormParams params{{"from", "+919876543210"},
                          {"streamurl", "wss://voice.example.com/v1/telephony/exotel/media/t"},
                          {"statuscallbackevents[]", "terminal"},
                          {"statuscallbackevents[]", "answered"},
                          {"customfield", "two\r\nlines"},
                          {"empty", ""}};
  const auto body = encode_multipart_form(params, "ovos-b0undary");
  ASSERT_TRUE(body.ok()) << body.error().message;
  EXPECT_TRUE(
      body->starts_with("--ovos-b0undary\r\nContent-Disposition: form-data; "
                        "name=\"from\"\r\n\r\n+919876543210\r\n"))
      << *body;
  EXPECT_TRUE(body->ends_with("\r\n--ovos-b0undary--\r\n")) << *body;
  const auto back = parse_multipart_form("multipart/form-data; boundary=ovos-b0undary", *body);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, params);
}

TEST(MultipartFormTest, RefusesWhatItCannotEncode) {
  EXPECT_FALSE(encode_multipart_form({{"a", "x--b--y"}}, "b--").ok());
  EXPECT_FALSE(encode_multipart_form({{"a\"b", "x"}}, "b").ok());
  EXPECT_FALSE(encode_multipart_form({{"a\nb", "x"}}, "b").ok());
  EXPECT_FALSE(encode_multipart_form({{"a", "x"}}, "").ok());
  EXPECT_FALSE(encode_multipart_form({{"a", "x"}}, std::string(71, 'b')).ok());
}

TEST(MultipartFormTest, WebhookFormsTakeEitherEncodingAndNothingElse) {
  auto url_encoded = parse_webhook_form("application/x-www-form-urlencoded", "Status=busy&a=b");
  ASSERT_TRUE(url_encoded.ok());
  EXPECT_EQ(*form_value(*url_encoded, "Status"), "busy");
  auto untyped = parse_webhook_form("", "Status=busy");
  ASSERT_TRUE(untyped.ok());
  auto multipart = parse_webhook_form(kType, kBody);
  ASSERT_TRUE(multipart.ok());
  EXPECT_EQ(*form_value(*multipart, "Status"), "completed");
  auto json = parse_webhook_form("application/json", R"({"Status":"busy"})");
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.error().code, core::ErrorCode::kUnsupportedMediaType);
}

}  // namespace
}  // namespace ovos::telephony
