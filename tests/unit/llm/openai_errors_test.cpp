#include <gtest/gtest.h>

#include "providers/llm/openai/openai_protocol.h"

namespace ovos::providers::openai {
namespace {

using core::ErrorCode;

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Error bodies in the shape of OpenAI's error-codes guide ({"error":{message,type,param,code}}).
TEST(OpenAiErrorsTest, StatusAndBodyMapToAnErrorWithTheVendorsMessage) {
  const auto unauthenticated = parse_error_body(401, R"json({"error": {
      "message": "Incorrect API key provided: sk-abc. You can find your API key at https://platform.openai.com/account/api-keys.",
      "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}})json");
  EXPECT_EQ(unauthenticated.code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(contains(unauthenticated.message, "Incorrect API key provided"));
  EXPECT_TRUE(contains(unauthenticated.message, "HTTP 401 invalid_api_key"));

  const auto limited = parse_error_body(429, R"json({"error": {
      "message": "Rate limit reached for requests", "type": "requests",
      "param": null, "code": "rate_limit_exceeded"}})json");
  EXPECT_EQ(limited.code, ErrorCode::kRateLimited);
  EXPECT_TRUE(contains(limited.message, "Rate limit reached"));

  const auto quota = parse_error_body(429, R"json({"error": {
      "message": "You exceeded your current quota, please check your plan and billing details.",
      "type": "insufficient_quota", "param": null, "code": "insufficient_quota"}})json");
  EXPECT_EQ(quota.code, ErrorCode::kPermissionDenied);  // waiting does not help

  const auto server = parse_error_body(500, R"json({"error": {
      "message": "The server had an error while processing your request. Sorry about that!",
      "type": "server_error", "param": null, "code": null}})json");
  EXPECT_EQ(server.code, ErrorCode::kUnavailable);
  EXPECT_TRUE(contains(server.message, "The server had an error"));
  EXPECT_TRUE(contains(server.message, "server_error"));

  for (int status : {400, 404, 422}) {
    const auto invalid = parse_error_body(status, R"json({"error": {
        "message": "Invalid value for 'model'", "type": "invalid_request_error",
        "param": "model", "code": null}})json");
    EXPECT_EQ(invalid.code, ErrorCode::kInvalidArgument) << status;
    EXPECT_TRUE(contains(invalid.message, "Invalid value for 'model'"));
  }
  EXPECT_EQ(parse_error_body(403, "{}").code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(parse_error_body(503, "").code, ErrorCode::kUnavailable);
  EXPECT_EQ(parse_error_body(408, "").code, ErrorCode::kUnavailable);
}

// Azure OpenAI error bodies carry {"error":{"code","message"}}.
TEST(OpenAiErrorsTest, AzureBodies) {
  const auto missing = parse_error_body(404, R"json({"error": {"code": "DeploymentNotFound",
      "message": "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}})json");
  EXPECT_EQ(missing.code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(contains(missing.message, "DeploymentNotFound"));
  EXPECT_TRUE(contains(missing.message, "The API deployment for this resource does not exist"));

  const auto denied = parse_error_body(401, R"json({"error": {"code": "401",
      "message": "Access denied due to invalid subscription key or wrong API endpoint."}})json");
  EXPECT_EQ(denied.code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(contains(denied.message, "Access denied"));
}

TEST(OpenAiErrorsTest, BodyThatIsNotJsonIsQuotedClipped) {
  const std::string html = "<html><body>" + std::string(500, 'x') + "</body></html>";
  const auto error = parse_error_body(502, html);
  EXPECT_EQ(error.code, ErrorCode::kUnavailable);
  EXPECT_TRUE(contains(error.message, "HTTP 502: <html><body>xxx"));
  EXPECT_LT(error.message.size(), 260u);
  EXPECT_TRUE(contains(parse_error_body(500, "").message, "no body"));
}

}  // namespace
}  // namespace ovos::providers::openai
