#include "telephony/twilio/twilio_signature.h"

#include <algorithm>
#include <vector>

#include "crypto/base64.h"
#include "crypto/hmac.h"
#include "telephony/webhook_url.h"

namespace ovos::telephony::twilio {
namespace {

using core::Error;
using core::ErrorCode;

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

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    return lower(x) == lower(y);
  });
}

bool is_form(std::string_view content_type) {
  return iequals(trim(content_type.substr(0, content_type.find(';'))),
                 "application/x-www-form-urlencoded");
}

// The URL Twilio's SDKs also accept besides `url` itself: without its port when it has one,
// with the scheme's default port when it has none (twilio-python's remove_port / add_port).
std::string other_port_form(std::string_view url) {
  const UrlParts parts = split_url(url);
  if (parts.scheme.empty()) return std::string(url);
  const Authority authority = split_authority(parts.authority);
  const std::size_t host_end =
      static_cast<std::size_t>(authority.host.data() - url.data()) + authority.host.size();
  const std::size_t rest_begin =
      static_cast<std::size_t>(parts.authority.data() - url.data()) + parts.authority.size();
  std::string out(url.substr(0, host_end));
  if (!authority.has_port) {
    const bool tls = iequals(parts.scheme, "https") || iequals(parts.scheme, "wss");
    out += tls ? ":443" : ":80";
  }
  out += url.substr(rest_begin);
  return out;
}

core::Result<void> check_signature(std::string_view auth_token, std::string_view url,
                                   const FormParams& params, std::string_view header) {
  // Both forms are always computed and compared, so timing does not tell which one matched.
  const bool as_given =
      crypto::constant_time_equal(compute_signature(auth_token, url, params), header);
  const bool other_form = crypto::constant_time_equal(
      compute_signature(auth_token, other_port_form(url), params), header);
  if (!(as_given || other_form)) return denied("X-Twilio-Signature does not match the request");
  return core::ok();
}

}  // namespace

std::string compute_signature(std::string_view auth_token, std::string_view url,
                              const FormParams& params) {
  std::vector<const std::pair<std::string, std::string>*> sorted;
  sorted.reserve(params.size());
  for (const auto& pair : params)
    sorted.push_back(&pair);
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return *a < *b; });
  std::string data(url);
  for (const auto* pair : sorted) {
    data += pair->first;
    data += pair->second;
  }
  return crypto::base64_encode(crypto::hmac_sha1(auth_token, data));
}

core::Result<void> verify_signature(std::string_view auth_token, std::string_view url,
                                    std::string_view content_type, std::string_view body,
                                    std::string_view signature_header) {
  if (auth_token.empty()) return denied("no Twilio auth token is configured to verify with");
  const std::string_view header = trim(signature_header);
  if (header.empty()) return denied("missing X-Twilio-Signature header");
  if (is_form(content_type)) {
    OVOS_ASSIGN_OR_RETURN(const FormParams params, parse_form(body));
    return check_signature(auth_token, url, params, header);
  }
  // bodySHA256 is read from the query as twilio-python's parse_qs reads it (first value).
  const FormParams query = parse_query_lenient(split_url(url).query);
  const std::string* body_hash = form_value(query, "bodySHA256");
  if (body_hash == nullptr && !body.empty()) {
    return denied("request body is not signed: no bodySHA256 in the URL");
  }
  if (body_hash != nullptr && !crypto::constant_time_equal(crypto::sha256_hex(body), *body_hash)) {
    return denied("request body does not match the signed bodySHA256");
  }
  return check_signature(auth_token, url, {}, header);
}

}  // namespace ovos::telephony::twilio
