#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::net {

/// The parts of a ws:// or wss:// URL that a client needs to connect.
struct WebSocketUrl {
  bool tls = false;
  std::string host;  // name or IP address, without brackets
  std::uint16_t port = 0;
  std::string target;  // path and query, never empty ("/" at least)

  /// Host header value: host, bracketed when IPv6, with ":port" unless the default one.
  [[nodiscard]] std::string host_header() const;
  /// scheme://host:port/path without the query, which may hold a key: safe to log.
  [[nodiscard]] std::string redacted() const;
};

/// Parses "ws://host[:port][/path][?query]" (scheme case-insensitive, IPv6 in brackets).
/// User info and fragments are refused.
[[nodiscard]] core::Result<WebSocketUrl> parse_websocket_url(std::string_view url);

}  // namespace ovos::net
