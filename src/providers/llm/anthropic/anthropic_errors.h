#pragma once

// Maps Anthropic error bodies (`{"type":"error","error":{"type","message"}}`) to core::Error.

#include <string_view>

#include "core/result.h"

namespace ovos::providers::anthropic {

/// The error for a non-2xx HTTP response: the code from the status (401 unauthenticated,
/// 403 permission denied, 429 rate limited, 413 too large, 408, 5xx and 529 "overloaded"
/// unavailable, other 4xx invalid argument) and the vendor's message when the body carries one.
[[nodiscard]] core::Error parse_error_body(int status, std::string_view body);

/// The error for an `error` event inside a 200 stream, classified by the vendor's error type
/// (`overloaded_error`, `rate_limit_error`, ...).
[[nodiscard]] core::Error stream_error(std::string_view type, std::string_view message);

}  // namespace ovos::providers::anthropic
