#include "net/websocket_url.h"

#include <cctype>
#include <charconv>

#include "net/http_types.h"

namespace ovos::net {
namespace {

core::Error bad_url(std::string_view why) {
  return core::Error::invalid("invalid WebSocket URL: " + std::string(why));
}

bool valid_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';
}

}  // namespace

std::string WebSocketUrl::host_header() const {
  std::string out = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != (tls ? 443 : 80)) out += ":" + std::to_string(port);
  return out;
}

std::string WebSocketUrl::redacted() const {
  std::string out = tls ? "wss://" : "ws://";
  out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
  out += ":" + std::to_string(port);
  out += target.substr(0, target.find('?'));
  return out;
}

core::Result<WebSocketUrl> parse_websocket_url(std::string_view url) {
  WebSocketUrl out;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return bad_url("expected ws:// or wss://");
  const auto scheme = url.substr(0, scheme_end);
  if (iequals(scheme, "wss")) {
    out.tls = true;
  } else if (!iequals(scheme, "ws")) {
    return bad_url("expected ws:// or wss://");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  if (rest.find('#') != std::string_view::npos) return bad_url("fragments are not allowed");
  const auto path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  out.target = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  if (out.target.front() == '?') out.target.insert(0, "/");
  if (authority.find('@') != std::string_view::npos) return bad_url("user info is not allowed");
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return bad_url("unclosed IPv6 address");
    out.host = std::string(authority.substr(1, close - 1));
    for (const char c : out.host) {
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') {
        return bad_url("bad IPv6 address");
      }
    }
    const auto after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') return bad_url("junk after the IPv6 address");
    if (!after.empty()) port_text = after.substr(1);
  } else {
    const auto colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    for (const char c : out.host) {
      if (!valid_host_char(c)) return bad_url("bad character in the host name");
    }
  }
  if (out.host.empty()) return bad_url("no host");
  out.port = out.tls ? 443 : 80;
  if (!port_text.empty() || authority.back() == ':') {
    unsigned value = 0;
    const auto* end = port_text.data() + port_text.size();
    const auto [ptr, ec] = std::from_chars(port_text.data(), end, value);
    if (ec != std::errc() || ptr != end || value == 0 || value > 65535) {
      return bad_url("bad port");
    }
    out.port = static_cast<std::uint16_t>(value);
  }
  return out;
}

}  // namespace ovos::net
