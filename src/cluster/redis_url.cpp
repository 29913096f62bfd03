#include "cluster/redis_url.h"

#include <charconv>

namespace ovos::cluster {
namespace {

core::Error bad(std::string why) {
  return core::Error::validation("bad Redis URL: " + why, {{"OVOS_REDIS_URL", why}});
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

core::Result<std::string> percent_decode(std::string_view text, std::string_view what) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    const int hi = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
    const int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) return bad("a bad %-escape in the " + std::string(what));
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

core::Result<int> number(std::string_view text, int low, int high, std::string_view what) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < low || value > high) {
    return bad("the " + std::string(what) + " must be a number from " + std::to_string(low) +
               " to " + std::to_string(high));
  }
  return value;
}

}  // namespace

core::Result<RedisAddress> parse_redis_url(std::string_view url) {
  constexpr std::string_view kScheme = "redis://";
  if (url.starts_with("rediss://")) {
    return bad("rediss:// (TLS) is not supported: Debian 12's hiredis has no TLS");
  }
  if (!url.starts_with(kScheme)) return bad("it must start with redis://");
  std::string_view rest = url.substr(kScheme.size());
  RedisAddress address;
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    const std::string_view db = rest.substr(slash + 1);
    if (!db.empty()) {
      OVOS_ASSIGN_OR_RETURN(address.database, number(db, 0, 1023, "database"));
    }
  }
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const auto colon = userinfo.find(':');
    OVOS_ASSIGN_OR_RETURN(address.user, percent_decode(userinfo.substr(0, colon), "user"));
    if (colon != std::string_view::npos) {
      OVOS_ASSIGN_OR_RETURN(address.password,
                            percent_decode(userinfo.substr(colon + 1), "password"));
    }
  }
  std::string_view host = authority;
  if (authority.starts_with('[')) {  // [::1]:6379
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return bad("an IPv6 host without its ']'");
    host = authority.substr(1, close - 1);
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(':')) return bad("text after the IPv6 host");
      OVOS_ASSIGN_OR_RETURN(address.port, number(after.substr(1), 1, 65535, "port"));
    }
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    OVOS_ASSIGN_OR_RETURN(address.port, number(authority.substr(colon + 1), 1, 65535, "port"));
  }
  if (host.empty()) return bad("no host");
  address.host = std::string(host);
  return address;
}

}  // namespace ovos::cluster
