#pragma once

// Small URL helpers the cloud speech vendors share: base URLs from credentials, query values.

#include <map>
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

/// What a call's stored key gives one vendor: its `api_key` and the vendor's API base URL.
struct VendorAccess {
  std::string api_key;
  std::string base_url;  // normalised by http_base or websocket_base
};

/// Which API of the vendor `vendor_access` finds the base URL of.
enum class VendorApi { kHttp, kWebSocket };

/// The stored `api_key` and `base_url` (else `default_base`), the base normalised for `api`.
/// A missing key is kUnauthenticated "<vendor>: credentials.api_key is missing"; a malformed
/// base is kInvalidArgument naming `credentials.base_url`.
[[nodiscard]] core::Result<VendorAccess> vendor_access(
    std::string_view vendor, const std::map<std::string, std::string>& credentials,
    std::string_view default_base, VendorApi api);

}  // namespace ovos::providers::speech
