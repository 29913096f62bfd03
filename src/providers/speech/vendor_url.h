#pragma once

// Small URL helpers the cloud speech vendors share: base URLs from credentials, query values.

#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::providers::speech {

/// `value` percent-encoded for a URL query (RFC 3986: everything but unreserved characters).
[[nodiscard]] std::string query_escape(std::string_view value);

/// A vendor's base URL for its WebSocket API: https:// becomes wss://, http:// ws://, ws:// and
/// wss:// are kept; a trailing '/' is dropped. Anything else is kInvalidArgument naming
/// `credentials.base_url`.
[[nodiscard]] core::Result<std::string> websocket_base(std::string_view base_url);

/// A vendor's base URL for its HTTP API: http:// or https://, without a trailing '/'.
/// wss:// becomes https://, ws:// http://; anything else is kInvalidArgument.
[[nodiscard]] core::Result<std::string> http_base(std::string_view base_url);

}  // namespace ovos::providers::speech
