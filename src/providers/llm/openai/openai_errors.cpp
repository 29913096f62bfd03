#include "providers/llm/openai/openai_errors.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "core/utf8.h"
#include "providers/llm/json_fields.h"

namespace ovos::providers::openai {
namespace {

using llm::string_field;

/// At most 200 bytes of untrusted text, quoted in an error.
std::string clip(std::string_view text) {
  return core::clip_utf8(text, 200);
}

using core::Error;
using core::ErrorCode;

ErrorCode code_for_status(int status, std::string_view vendor_code) {
  if (status == 401) return ErrorCode::kUnauthenticated;
  if (status == 403) return ErrorCode::kPermissionDenied;
  // A spent quota also comes as 429, but waiting does not help.
  if (status == 429) {
    return vendor_code == "insufficient_quota" ? ErrorCode::kPermissionDenied
                                               : ErrorCode::kRateLimited;
  }
  if (status == 408 || status >= 500) return ErrorCode::kUnavailable;
  if (status == 413) return ErrorCode::kTooLarge;
  if (status >= 400) return ErrorCode::kInvalidArgument;
  return ErrorCode::kInternal;
}

}  // namespace

Error parse_error_body(int status, std::string_view body) {
  std::string message;
  std::string vendor_code;
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(body, ec);
  if (!ec && parsed.is_object()) {
    const auto* error = parsed.as_object().if_contains("error");
    if (error != nullptr && error->is_object()) {
      message = string_field(error->as_object(), "message");
      vendor_code = string_field(error->as_object(), "code");
      if (vendor_code.empty()) vendor_code = string_field(error->as_object(), "type");
    } else if (error != nullptr && error->is_string()) {
      message = std::string(error->as_string());
    }
  }
  if (message.empty()) message = body.empty() ? "no body" : clip(body);
  std::string text = "HTTP " + std::to_string(status);
  if (!vendor_code.empty()) text += " " + vendor_code;
  return {code_for_status(status, vendor_code), text + ": " + message, {}};
}

Error stream_error(std::string_view type, std::string_view code, std::string_view message) {
  ErrorCode kind = ErrorCode::kUnavailable;  // server_error and anything unknown: try again
  if (type == "invalid_request_error") kind = ErrorCode::kInvalidArgument;
  if (type == "authentication_error" || code == "invalid_api_key") {
    kind = ErrorCode::kUnauthenticated;
  }
  if (type == "rate_limit_error" || code == "rate_limit_exceeded") kind = ErrorCode::kRateLimited;
  if (type == "insufficient_quota" || code == "insufficient_quota") {
    kind = ErrorCode::kPermissionDenied;
  }
  std::string text = "stream error";
  if (!code.empty()) {
    text += " " + std::string(code);
  } else if (!type.empty()) {
    text += " " + std::string(type);
  }
  return {kind, text + ": " + std::string(message.empty() ? "no message" : message), {}};
}

}  // namespace ovos::providers::openai
