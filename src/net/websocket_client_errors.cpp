#include <charconv>

#include "net/websocket_client.h"  // declares what this file defines

namespace ovos::net {
namespace {

constexpr std::string_view kRefused = " refused the WebSocket upgrade: HTTP ";
constexpr std::size_t kBodyShown = 300;

core::ErrorCode code_for_status(int status) {
  switch (status) {
    case 401:
      return core::ErrorCode::kUnauthenticated;
    case 403:
      return core::ErrorCode::kPermissionDenied;
    case 404:
      return core::ErrorCode::kNotFound;
    case 429:
      return core::ErrorCode::kRateLimited;
    case 408:
      return core::ErrorCode::kUnavailable;
    default:
      return status >= 500 ? core::ErrorCode::kUnavailable : core::ErrorCode::kInvalidArgument;
  }
}

/// The start of a response body on one line, for an error message.
std::string body_excerpt(std::string_view body) {
  std::string out;
  for (const char c : body.substr(0, kBodyShown)) {
    out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  if (body.size() > kBodyShown) out += "...";
  return out;
}

}  // namespace

core::Error websocket_handshake_error(std::string_view where, int status, std::string_view body) {
  std::string message = std::string(where) + std::string(kRefused) + std::to_string(status);
  if (!body.empty()) message += ": " + body_excerpt(body);
  return core::Error{code_for_status(status), std::move(message), {}};
}

std::optional<int> websocket_handshake_status(const core::Error& error) {
  const auto at = error.message.find(kRefused);
  if (at == std::string::npos) return std::nullopt;
  const char* begin = error.message.data() + at + kRefused.size();
  const char* end = error.message.data() + error.message.size();
  int status = 0;
  const auto [ptr, ec] = std::from_chars(begin, end, status);
  if (ec != std::errc() || ptr == begin) return std::nullopt;
  return status;
}

}  // namespace ovos::net
