#include "telephony/plivo/plivo_signature.h"

#include <algorithm>
#include <map>
#include <vector>

#include "crypto/base64.h"
#include "crypto/hmac.h"
#include "telephony/webhook_url.h"

namespace ovos::telephony::plivo {
namespace {

using core::Error;
using core::ErrorCode;

// Names in byte order (std::string compares as unsigned char), each with all its values.
using SortedParams = std::map<std::string, std::vector<std::string>>;

Error denied(std::string why) {
  return {ErrorCode::kPermissionDenied, std::move(why), {}};
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

bool is_get(std::string_view method) {
  return lower(method) == "get";
}

SortedParams group(const FormParams& pairs) {
  SortedParams out;
  for (const auto& [name, value] : pairs)
    out[name].push_back(value);
  return out;
}

// scheme://authority/path as plivo-python's urlparse + urlunparse rebuild it.
std::string base_url(const UrlParts& parts) {
  const std::string scheme = lower(parts.scheme);
  std::string_view path = parts.path;
  if (scheme.empty() || scheme == "http" || scheme == "https") {
    // urlparse splits ";params" off the last path segment for these schemes; they are not signed.
    const std::size_t slash = path.rfind('/');
    const std::size_t semi = path.find(';', slash == std::string_view::npos ? 0 : slash);
    path = path.substr(0, semi);
  }
  if (scheme.empty()) return std::string(path);
  std::string out = scheme;
  out += "://";
  out += parts.authority;
  out += path;
  return out;
}

// "a=1&a=2&b=3": names sorted, each name's values sorted.
std::string query_string(SortedParams params) {
  std::string out;
  for (auto& [name, values] : params) {
    std::sort(values.begin(), values.end());
    for (const auto& value : values) {
      if (!out.empty()) out += '&';
      out += name;
      out += '=';
      out += value;
    }
  }
  return out;
}

// "a1a2b3": names sorted, each name's values sorted.
std::string params_string(SortedParams params) {
  std::string out;
  for (auto& [name, values] : params) {
    std::sort(values.begin(), values.end());
    for (const auto& value : values) {
      out += name;
      out += value;
    }
  }
  return out;
}

std::string signed_url(std::string_view method, std::string_view url, const FormParams& params) {
  const UrlParts parts = split_url(url);
  std::string out = base_url(parts);
  SortedParams query = group(parse_query_lenient(parts.query));
  if (is_get(method)) {
    SortedParams merged = group(params);
    for (auto& [name, values] : query)
      merged[name] = std::move(values);
    const std::string joined = query_string(std::move(merged));
    if (!joined.empty()) out += '?' + joined;
    return out;
  }
  const std::string joined = query_string(std::move(query));
  if (!joined.empty() || !params.empty()) out += '?' + joined;
  if (!joined.empty() && !params.empty()) out += '.';
  out += params_string(group(params));
  return out;
}

}  // namespace

std::string compute_v3_signature(std::string_view auth_token, std::string_view method,
                                 std::string_view url, const FormParams& params,
                                 std::string_view nonce) {
  std::string message = signed_url(method, url, params);
  message += '.';
  message += nonce;
  return crypto::base64_encode(crypto::hmac_sha256(auth_token, message));
}

core::Result<void> verify_v3_signature(std::string_view auth_token, std::string_view method,
                                       std::string_view url, const FormParams& params,
                                       std::string_view nonce, std::string_view signature_header) {
  if (auth_token.empty()) return denied("no Plivo auth token is configured to verify with");
  const std::string verb = lower(method);
  if (verb != "get" && verb != "post") {
    return core::Error::invalid("Plivo signs only GET and POST requests");
  }
  std::string_view header = trim(signature_header);
  if (header.empty()) return denied("missing X-Plivo-Signature-V3 header");
  if (trim(nonce).empty()) return denied("missing X-Plivo-Signature-V3-Nonce header");
  const std::string expected = compute_v3_signature(auth_token, method, url, params, nonce);
  bool matched = false;
  // Every listed signature is compared, so timing does not tell which one matched.
  while (true) {
    const std::size_t comma = header.find(',');
    matched |= crypto::constant_time_equal(trim(header.substr(0, comma)), expected);
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  if (!matched) return denied("X-Plivo-Signature-V3 does not match the request");
  return core::ok();
}

}  // namespace ovos::telephony::plivo
