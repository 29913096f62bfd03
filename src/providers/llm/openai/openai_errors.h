#pragma once

// Maps OpenAI error bodies (`{"error":{"message","type","param","code"}}`) to core::Error.

#include <string_view>

#include "core/result.h"

namespace ovos::providers::openai {

/// The error for a non-2xx HTTP response: the code from the status (401 unauthenticated,
/// 403 permission denied, 429 rate limited, or permission denied when the quota is used up,
/// 408 and 5xx unavailable, 413 too large, other 4xx invalid argument) and the vendor's message
/// when the body carries one.
[[nodiscard]] core::Error parse_error_body(int status, std::string_view body);

/// The error for an `error` object that arrives inside a 200 stream, classified by its `type`
/// and `code` (no HTTP status to go by).
[[nodiscard]] core::Error stream_error(std::string_view type, std::string_view code,
                                       std::string_view message);

}  // namespace ovos::providers::openai
