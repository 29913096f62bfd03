#pragma once

// The error of a speech vendor's non-2xx HTTP answer.

#include <string_view>

#include "core/result.h"

namespace ovos::providers::speech {

/// "<vendor>: HTTP <status>: <detail>" with the code of the status: 401 kUnauthenticated, 403
/// kPermissionDenied, 429 kRateLimited, 408 and 5xx kUnavailable, 413 kTooLarge, any other
/// kInvalidArgument. `detail` (the vendor's own words) is cut to 200 bytes.
[[nodiscard]] core::Error http_status_error(std::string_view vendor, int status,
                                            std::string_view detail);

}  // namespace ovos::providers::speech
