#include "providers/speech/http_status_error.h"

#include <string>

#include "core/utf8.h"

namespace ovos::providers::speech {

core::Error http_status_error(std::string_view vendor, int status, std::string_view detail) {
  using core::ErrorCode;
  ErrorCode code = ErrorCode::kInvalidArgument;
  if (status == 401) code = ErrorCode::kUnauthenticated;
  if (status == 403) code = ErrorCode::kPermissionDenied;
  if (status == 429) code = ErrorCode::kRateLimited;
  if (status == 408 || status >= 500) code = ErrorCode::kUnavailable;
  if (status == 413) code = ErrorCode::kTooLarge;
  std::string message = std::string(vendor) + ": HTTP " + std::to_string(status);
  if (!detail.empty()) message += ": " + core::clip_utf8(detail, 200);
  return {code, std::move(message), {}};
}

}  // namespace ovos::providers::speech
