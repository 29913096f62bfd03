#include "providers/speech/vendor_url.h"

#include <array>
#include <span>
#include <utility>

namespace ovos::providers::speech {
namespace {

bool unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

/// Replaces the scheme of `url` by the one paired with it in `schemes` (from -> to).
core::Result<std::string> rebase(
    std::string_view url, std::span<const std::pair<std::string_view, std::string_view>> schemes) {
  while (!url.empty() && url.back() == '/')
    url.remove_suffix(1);
  for (const auto& [from, to] : schemes) {
    if (starts_with_nocase(url, from) && url.size() > from.size()) {
      return std::string(to) + std::string(url.substr(from.size()));
    }
  }
  return core::Error::invalid("credentials.base_url: not an http(s) or ws(s) URL");
}

}  // namespace

std::string query_escape(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (unreserved(c)) {
      out += c;
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    out += '%';
    out += kHex[byte >> 4];
    out += kHex[byte & 0x0f];
  }
  return out;
}

core::Result<std::string> websocket_base(std::string_view base_url) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kSchemes{{
      {"https://", "wss://"},
      {"http://", "ws://"},
      {"wss://", "wss://"},
      {"ws://", "ws://"},
  }};
  return rebase(base_url, kSchemes);
}

core::Result<std::string> http_base(std::string_view base_url) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kSchemes{{
      {"https://", "https://"},
      {"http://", "http://"},
      {"wss://", "https://"},
      {"ws://", "http://"},
  }};
  return rebase(base_url, kSchemes);
}

core::Result<VendorAccess> vendor_access(std::string_view vendor,
                                         const std::map<std::string, std::string>& credentials,
                                         std::string_view default_base, VendorApi api) {
  const auto key = credentials.find("api_key");
  if (key == credentials.end() || key->second.empty()) {
    return core::Error::unauthenticated(std::string(vendor) + ": credentials.api_key is missing");
  }
  const auto stored = credentials.find("base_url");
  const std::string_view base_url =
      stored == credentials.end() || stored->second.empty() ? default_base : stored->second;
  auto base = api == VendorApi::kHttp ? http_base(base_url) : websocket_base(base_url);
  if (!base.ok()) return std::move(base).error();
  return VendorAccess{key->second, std::move(base).value()};
}

}  // namespace ovos::providers::speech
