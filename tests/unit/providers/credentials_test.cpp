#include "providers/credentials.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <random>
#include <string>

namespace ovos::providers {
namespace {

const ProviderInfo& provider(std::string_view name) {
  const ProviderInfo* info = find_provider(name);
  if (info == nullptr) throw std::runtime_error("no provider " + std::string(name));
  return *info;
}

std::vector<core::FieldError> errors_of(std::string_view provider_name, std::string_view json) {
  const auto result = validate_credentials(provider(provider_name), boost::json::parse(json));
  if (result.ok()) return {};
  EXPECT_EQ(result.error().code, core::ErrorCode::kValidation);
  EXPECT_EQ(result.error().message, "credentials are invalid");
  return result.error().fields;
}

// Removes the masking marks, leaving only the characters of the secret that are shown.
std::string revealed(std::string masked) {
  for (std::string_view mark : {"••••", "…"}) {
    for (auto pos = masked.find(mark); pos != std::string::npos; pos = masked.find(mark)) {
      masked.erase(pos, mark.size());
    }
  }
  return masked;
}

TEST(MaskSecret, ShowsPrefixAndSuffixOfLongSecrets) {
  EXPECT_EQ(mask_secret("sk-abcdefghijklmnopqrstuvwxyz"), "sk-…wxyz");
  EXPECT_EQ(mask_secret("0123456789abcdef"), "012…cdef");
  EXPECT_EQ(mask_secret("0123456789abcde"), "••••de");
  EXPECT_EQ(mask_secret("01234567"), "••••67");
  EXPECT_EQ(mask_secret("0123456"), "••••");
  EXPECT_EQ(mask_secret(""), "••••");
  EXPECT_EQ(mask_secret("ключ-секрет-очень-длинный"), "••••") << "non-ASCII is never cut";
}

TEST(MaskSecret, NeverRevealsMoreThanSevenCharactersNorTheMiddle) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> printable(0x21, 0x7e);
  for (std::size_t length = 0; length <= 200; ++length) {
    std::string secret;
    for (std::size_t i = 0; i < length; ++i) {
      secret.push_back(static_cast<char>(printable(rng)));
    }
    const std::string masked = mask_secret(secret);
    const std::string shown = revealed(masked);
    ASSERT_LE(shown.size(), 7u) << masked;
    ASSERT_LT(shown.size() * 2, length + 1)
        << "shows half or more of a " << length << "-char secret";
    // What is shown is a prefix of at most 3 plus a suffix of at most 4: never the middle.
    bool explained = false;
    for (std::size_t head = 0; head <= std::min<std::size_t>(3, shown.size()); ++head) {
      const std::size_t tail = shown.size() - head;
      if (tail > 4 || head + tail > length) continue;
      if (shown == secret.substr(0, head) + secret.substr(length - tail)) explained = true;
    }
    EXPECT_TRUE(explained) << "length " << length << " masked " << masked;
  }
}

TEST(MaskCredentials, MasksSecretsAndUnknownFieldsOnly) {
  const auto masked = mask_credentials(
      provider("twilio"),
      boost::json::parse(
          R"({"account_sid":"AC0123456789abcdef","auth_token":"0123456789abcdefXYZW",)"
          R"("extra":"do-not-show-this-value","odd":42})")
          .as_object());
  EXPECT_EQ(masked.at("account_sid"), "AC0123456789abcdef");
  EXPECT_EQ(masked.at("auth_token"), "012…XYZW");
  EXPECT_EQ(masked.at("extra"), "do-…alue");
  EXPECT_EQ(masked.at("odd"), "••••");

  const auto azure =
      mask_credentials(provider("azuretts"),
                       boost::json::parse(R"({"api_key":"short","region":"eastus"})").as_object());
  EXPECT_EQ(azure.at("api_key"), "••••");
  EXPECT_EQ(azure.at("region"), "eastus");
}

TEST(ValidateCredentials, AcceptsCompleteCredentials) {
  EXPECT_TRUE(errors_of("openai", R"({"api_key":"sk-x"})").empty());
  EXPECT_TRUE(errors_of("openai", R"({"api_key":"sk-x","base_url":"https://api.example.com/v1",)"
                                  R"("organization":""})")
                  .empty());
  EXPECT_TRUE(errors_of("vllm", R"({"base_url":"http://gpu-box:8000/v1"})").empty());
  EXPECT_TRUE(errors_of("polly", R"({"access_key_id":"AKIA","secret_access_key":"s"})").empty());
  EXPECT_TRUE(errors_of("flite", "{}").empty());
}

TEST(ValidateCredentials, MissingRequiredField) {
  const auto errors = errors_of("twilio", R"({"account_sid":"AC1"})");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], (core::FieldError{"$.credentials.auth_token", "is required"}));
}

TEST(ValidateCredentials, EmptyRequiredField) {
  const auto errors = errors_of("openai", R"({"api_key":""})");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], (core::FieldError{"$.credentials.api_key", "must not be empty"}));
}

TEST(ValidateCredentials, UnknownField) {
  auto errors = errors_of("anthropic", R"({"api_key":"k","apikey":"k"})");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], (core::FieldError{"$.credentials.apikey",
                                         "unknown field 'apikey'; allowed fields: api_key"}));
  errors = errors_of("espeak", R"({"odd key":"x"})");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], (core::FieldError{R"($.credentials["odd key"])",
                                         "unknown field 'odd key'; espeak takes no credentials"}));
}

TEST(ValidateCredentials, LongUnknownKeyIsClippedInTheMessage) {
  const std::string key(5000, 'x');
  const auto errors = errors_of("groq", R"({"api_key":"k",")" + key + R"(":"v"})");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "$.credentials." + key);
  EXPECT_EQ(errors[0].message,
            "unknown field '" + std::string(60, 'x') + "…'; allowed fields: api_key");
}

TEST(ValidateCredentials, NonStringValue) {
  const auto errors = errors_of("twilio", R"({"account_sid":12,"auth_token":null})");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0], (core::FieldError{"$.credentials.account_sid", "must be a string"}));
  EXPECT_EQ(errors[1], (core::FieldError{"$.credentials.auth_token", "must be a string"}));
}

TEST(ValidateCredentials, TooLongValue) {
  const std::string json = R"({"api_key":")" + std::string(kMaxCredentialLength + 1, 'k') + R"("})";
  const auto errors = errors_of("groq", json);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            (core::FieldError{"$.credentials.api_key", "must be at most 4096 characters long"}));
  EXPECT_TRUE(
      errors_of("groq", R"({"api_key":")" + std::string(kMaxCredentialLength, 'k') + R"("})")
          .empty());
}

TEST(ValidateCredentials, UrlFieldsMustBeHttp) {
  const auto errors = errors_of("custom", R"({"base_url":"ftp://x"})");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            (core::FieldError{"$.credentials.base_url", "must be an http:// or https:// URL"}));
}

TEST(ValidateCredentials, NotAnObject) {
  for (std::string_view json : {"[]", "\"sk-x\"", "null", "3"}) {
    const auto errors = errors_of("openai", json);
    ASSERT_EQ(errors.size(), 1u) << json;
    EXPECT_EQ(errors[0], (core::FieldError{"$.credentials", "must be an object"}));
  }
}

TEST(ValidateCredentials, CollectsEveryError) {
  const auto errors = errors_of("exotel", R"({"api_key":"","api_token":7,"x":"y"})");
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0], (core::FieldError{"$.credentials.api_key", "must not be empty"}));
  EXPECT_EQ(errors[1], (core::FieldError{"$.credentials.api_token", "must be a string"}));
  EXPECT_EQ(errors[2].path, "$.credentials.x");
  EXPECT_EQ(errors[3], (core::FieldError{"$.credentials.account_sid", "is required"}));
}

}  // namespace
}  // namespace ovos::providers
