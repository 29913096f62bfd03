#include "net/http_url.h"

#include "net/http_types.h"
#include "net/websocket_url.h"

namespace ovos::net {
namespace {

// The grammar is the WebSocket one with other scheme names, so parsing is shared with it.
WebSocketUrl as_websocket(const HttpUrl& url) {
  return WebSocketUrl{url.tls, url.host, url.port, url.target};
}

std::string with_scheme(const HttpUrl& url, std::string_view text) {
  // text starts with "ws://" or "wss://"; swap it for "http://" or "https://".
  return (url.tls ? "https" : "http") + std::string(text.substr(text.find("://")));
}

}  // namespace

std::string HttpUrl::host_header() const {
  return as_websocket(*this).host_header();
}

std::string HttpUrl::redacted() const {
  return with_scheme(*this, as_websocket(*this).redacted());
}

std::string HttpUrl::origin() const {
  const std::string r = redacted();
  return r.substr(0, r.find('/', r.find("://") + 3));
}

core::Result<HttpUrl> parse_http_url(std::string_view url) {
  const auto scheme_end = url.find("://");
  const auto scheme = url.substr(0, scheme_end == std::string_view::npos ? 0 : scheme_end);
  const bool tls = iequals(scheme, "https");
  if (scheme_end == std::string_view::npos || (!tls && !iequals(scheme, "http"))) {
    return core::Error::invalid("invalid HTTP URL: expected http:// or https://");
  }
  auto parsed = parse_websocket_url((tls ? "wss" : "ws") + std::string(url.substr(scheme_end)));
  if (!parsed.ok()) {
    std::string message = std::move(parsed).error().message;
    const std::string_view kind = "WebSocket";
    if (const auto at = message.find(kind); at != std::string::npos) {
      message.replace(at, kind.size(), "HTTP");
    }
    return core::Error::invalid(std::move(message));
  }
  return HttpUrl{tls, std::move(parsed->host), parsed->port, std::move(parsed->target)};
}

}  // namespace ovos::net
