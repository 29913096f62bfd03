#include <gtest/gtest.h>

#include "providers/llm/anthropic/anthropic_protocol.h"

namespace ovos::providers::anthropic {
namespace {

using core::ErrorCode;

std::string body(std::string_view type, std::string_view message) {
  return R"({"type": "error", "error": {"type": ")" + std::string(type) + R"(", "message": ")" +
         std::string(message) + R"("}, "request_id": "req_011CSHoEeqs5C35K2UUqR7Fy"})";
}

// Status codes and error types of Anthropic's "Errors" page (docs.claude.com/en/api/errors),
// in its error shape {"type":"error","error":{"type","message"},"request_id"}.
TEST(AnthropicErrorsTest, StatusAndBodyMapToAnErrorWithTheVendorsMessage) {
  struct Case {
    int status;
    std::string_view type;
    ErrorCode code;
  };
  for (const Case& c : {
           Case{400, "invalid_request_error", ErrorCode::kInvalidArgument},
           Case{401, "authentication_error", ErrorCode::kUnauthenticated},
           Case{403, "permission_error", ErrorCode::kPermissionDenied},
           Case{404, "not_found_error", ErrorCode::kInvalidArgument},
           Case{413, "request_too_large", ErrorCode::kTooLarge},
           Case{422, "invalid_request_error", ErrorCode::kInvalidArgument},
           Case{429, "rate_limit_error", ErrorCode::kRateLimited},
           Case{500, "api_error", ErrorCode::kUnavailable},
           Case{529, "overloaded_error", ErrorCode::kUnavailable},
       }) {
    const auto error = parse_error_body(c.status, body(c.type, "The vendor says why."));
    EXPECT_EQ(error.code, c.code) << c.status;
    EXPECT_EQ(error.message, "HTTP " + std::to_string(c.status) + " " + std::string(c.type) +
                                 ": The vendor says why.");
  }
  const auto documented = parse_error_body(404, R"json({
    "type": "error",
    "error": {"type": "not_found_error", "message": "The requested resource could not be found."},
    "request_id": "req_011CSHoEeqs5C35K2UUqR7Fy"})json");
  EXPECT_EQ(documented.message,
            "HTTP 404 not_found_error: The requested resource could not be found.");
}

TEST(AnthropicErrorsTest, BodyThatIsNotJsonIsQuoted) {
  const auto error = parse_error_body(502, "<html>Bad gateway</html>");
  EXPECT_EQ(error.code, ErrorCode::kUnavailable);
  EXPECT_EQ(error.message, "HTTP 502: <html>Bad gateway</html>");
  EXPECT_EQ(parse_error_body(503, "").message, "HTTP 503: no body");
}

TEST(AnthropicErrorsTest, StreamErrorTypes) {
  EXPECT_EQ(stream_error("overloaded_error", "Overloaded").code, ErrorCode::kUnavailable);
  EXPECT_EQ(stream_error("api_error", "boom").code, ErrorCode::kUnavailable);
  EXPECT_EQ(stream_error("rate_limit_error", "slow down").code, ErrorCode::kRateLimited);
  EXPECT_EQ(stream_error("invalid_request_error", "bad").code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(stream_error("brand_new_error", "?").code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace ovos::providers::anthropic
