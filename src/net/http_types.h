#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ovos::net {

/// One HTTP header; request header names are lowercased by the server.
struct HttpHeader {
  std::string name;
  std::string value;
};

/// A complete HTTP request as handlers see it: no Beast types, body fully read. Owned by the
/// connection that read it; handlers get it by reference for the duration of one call.
struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent: "/v1/agents?q=x"
  std::string path;    // percent-decoded path: "/v1/agents"
  std::string query;   // raw query string without '?': "q=x"
  std::vector<HttpHeader> headers;
  std::string body;
  std::string remote_address;  // client IP (X-Forwarded-For when the proxy is trusted)
  std::string request_id;

  /// First header with this (lowercase) name.
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const;
  /// Percent-decoded value of the first query parameter with this name.
  [[nodiscard]] std::optional<std::string> query_param(std::string_view name) const;
};

/// A response built by a handler. The server adds Date, Server, Content-Length, request id
/// and CORS headers.
struct HttpResponse {
  int status = 200;
  std::vector<HttpHeader> headers;
  std::string body;

  void set_header(std::string name, std::string value);
  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const;

  static HttpResponse text(int status, std::string body,
                           std::string content_type = "text/plain; charset=utf-8");
  static HttpResponse json(int status, std::string body);
};

/// Decodes %XX escapes (and '+' as space when `plus_as_space`). Returns nullopt on a bad escape.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text,
                                                        bool plus_as_space = false);

/// `path` as logs show it: a segment that is a signed token (a JWT: three base64url parts,
/// such as a phone call's media token) becomes "<token>", so no credential reaches a log.
[[nodiscard]] std::string path_for_log(std::string_view path);

/// Case-insensitive ASCII comparison, for header names and tokens.
[[nodiscard]] bool iequals(std::string_view a, std::string_view b);

}  // namespace ovos::net
