#include "net/http_request_text.h"

#include <algorithm>

namespace ovos::net::detail {
namespace {

/// RFC 9110 token characters (method and header names).
bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

bool safe_value(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool has_header(const HttpClientRequest& request, std::string_view name) {
  return std::any_of(request.headers.begin(), request.headers.end(),
                     [&](const HttpHeader& h) { return iequals(h.name, name); });
}

}  // namespace

core::Result<std::string> format_http_request(const HttpClientRequest& request,
                                              const HttpUrl& url) {
  if (!is_token(request.method)) return core::Error::invalid("invalid HTTP method");
  for (const auto& h : request.headers) {
    if (!is_token(h.name) || !safe_value(h.value)) {
      return core::Error::invalid("invalid HTTP header '" + h.name + "'");
    }
    if (iequals(h.name, "content-length") || iequals(h.name, "transfer-encoding")) {
      return core::Error::invalid("the client sets " + h.name + " itself");
    }
  }
  std::string out;
  out.reserve(256 + request.body.size());
  out += request.method + " " + url.target + " HTTP/1.1\r\n";
  if (!has_header(request, "host")) out += "Host: " + url.host_header() + "\r\n";
  if (!has_header(request, "user-agent")) out += "User-Agent: openvoiceos\r\n";
  for (const auto& h : request.headers)
    out += h.name + ": " + h.value + "\r\n";
  const bool body_expected =
      request.method == "POST" || request.method == "PUT" || request.method == "PATCH";
  if (!request.body.empty() || body_expected) {
    out += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  }
  out += "\r\n";
  out += request.body;
  return out;
}

}  // namespace ovos::net::detail
