#include "telephony/webhook_url.h"

namespace ovos::telephony {
namespace {

bool is_scheme(std::string_view text) {
  if (text.empty()) return false;
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!alpha(text.front())) return false;
  for (const char c : text) {
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

}  // namespace

UrlParts split_url(std::string_view url) {
  UrlParts parts;
  if (const std::size_t hash = url.find('#'); hash != std::string_view::npos) {
    parts.fragment = url.substr(hash + 1);
    parts.has_fragment = true;
    url = url.substr(0, hash);
  }
  if (const std::size_t mark = url.find('?'); mark != std::string_view::npos) {
    parts.query = url.substr(mark + 1);
    parts.has_query = true;
    url = url.substr(0, mark);
  }
  const std::size_t sep = url.find("://");
  if (sep != std::string_view::npos && is_scheme(url.substr(0, sep))) {
    parts.scheme = url.substr(0, sep);
    url = url.substr(sep + 3);
    const std::size_t slash = url.find('/');
    parts.authority = url.substr(0, slash);
    url = slash == std::string_view::npos ? std::string_view() : url.substr(slash);
  }
  parts.path = url;
  return parts;
}

Authority split_authority(std::string_view authority) {
  Authority out;
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    out.userinfo = authority.substr(0, at + 1);
    authority = authority.substr(at + 1);
  }
  const std::size_t bracket = authority.rfind(']');
  const std::size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    out.host = authority.substr(0, colon);
    out.port = authority.substr(colon + 1);
    out.has_port = true;
  } else {
    out.host = authority;
  }
  return out;
}

}  // namespace ovos::telephony
