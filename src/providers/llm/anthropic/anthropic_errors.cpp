#include "providers/llm/anthropic/anthropic_errors.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "core/utf8.h"
#include "providers/llm/json_fields.h"

namespace ovos::providers::anthropic {
namespace {

using llm::string_field;

/// At most 200 bytes of untrusted text, quoted in an error.
std::string clip(std::string_view text) {
  return core::clip_utf8(text, 200);
}

using core::Error;
using core::ErrorCode;

ErrorCode code_for_status(int status) {
  if (status == 401) return ErrorCode::kUnauthenticated;
  if (status == 403) return ErrorCode::kPermissionDenied;
  if (status == 429) return ErrorCode::kRateLimited;
  if (status == 413) return ErrorCode::kTooLarge;
  if (status == 408 || status >= 500) return ErrorCode::kUnavailable;  // 529: overloaded
  if (status >= 400) return ErrorCode::kInvalidArgument;
  return ErrorCode::kInternal;
}

}  // namespace

Error parse_error_body(int status, std::string_view body) {
  std::string message;
  std::string type;
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(body, ec);
  if (!ec && parsed.is_object()) {
    const auto* error = parsed.as_object().if_contains("error");
    if (error != nullptr && error->is_object()) {
      message = string_field(error->as_object(), "message");
      type = string_field(error->as_object(), "type");
    }
  }
  if (message.empty()) message = body.empty() ? "no body" : clip(body);
  std::string text = "HTTP " + std::to_string(status);
  if (!type.empty()) text += " " + type;
  return {code_for_status(status), text + ": " + message, {}};
}

Error stream_error(std::string_view type, std::string_view message) {
  ErrorCode kind = ErrorCode::kUnavailable;  // overloaded_error, api_error, anything new
  if (type == "invalid_request_error" || type == "not_found_error") {
    kind = ErrorCode::kInvalidArgument;
  }
  if (type == "authentication_error") kind = ErrorCode::kUnauthenticated;
  if (type == "permission_error" || type == "billing_error") kind = ErrorCode::kPermissionDenied;
  if (type == "rate_limit_error") kind = ErrorCode::kRateLimited;
  if (type == "request_too_large") kind = ErrorCode::kTooLarge;
  return {kind,
          "stream error " + std::string(type.empty() ? "unknown" : type) + ": " +
              std::string(message.empty() ? "no message" : message),
          {}};
}

}  // namespace ovos::providers::anthropic
