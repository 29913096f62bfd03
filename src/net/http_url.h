#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::net {

/// The parts of an http:// or https:// URL that a client needs to send a request.
struct HttpUrl {
  bool tls = false;
  std::string host;  // name or IP address, without brackets
  std::uint16_t port = 0;
  std::string target;  // path and query, never empty ("/" at least)

  /// Host header value: host, bracketed when IPv6, with ":port" unless the default one.
  [[nodiscard]] std::string host_header() const;
  /// scheme://host:port/path without the query, which may hold a key: safe to log.
  [[nodiscard]] std::string redacted() const;
  /// "scheme://host:port": what pooled connections are shared by.
  [[nodiscard]] std::string origin() const;
};

/// Parses "http://host[:port][/path][?query]" or https (same rules as parse_websocket_url).
[[nodiscard]] core::Result<HttpUrl> parse_http_url(std::string_view url);

}  // namespace ovos::net
