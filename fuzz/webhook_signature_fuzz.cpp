// Carriers' webhooks arrive from anyone: form bodies parse or are refused with a reason, and
// signature checks on any URL, body and header never crash. What we sign ourselves always
// verifies. Input: one mode byte, then up to six fields separated by '\n'.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/hmac.h"
#include "telephony/form_params.h"
#include "telephony/multipart_form.h"
#include "telephony/plivo/plivo_signature.h"
#include "telephony/twilio/twilio_signature.h"
#include "telephony/webhook_url.h"

namespace {

namespace tel = ovos::telephony;

std::vector<std::string_view> fields_of(std::string_view text, std::size_t count) {
  std::vector<std::string_view> fields;
  while (fields.size() + 1 < count) {
    const std::size_t nl = text.find('\n');
    if (nl == std::string_view::npos) break;
    fields.push_back(text.substr(0, nl));
    text.remove_prefix(nl + 1);
  }
  fields.push_back(text);
  fields.resize(count);
  return fields;
}

void check_form_round_trip(std::string_view text) {
  const auto parsed = tel::parse_form(text);
  if (!parsed.ok()) {
    if (parsed.error().message.empty()) __builtin_trap();  // always a reason
    return;
  }
  const auto again = tel::parse_form(tel::encode_form(*parsed));
  if (!again.ok() || *again != *parsed) __builtin_trap();
}

void twilio_round_trip(std::string_view token, std::string_view url, std::string_view pairs,
                       std::string_view body) {
  const std::string key = token.empty() ? std::string("t") : std::string(token);
  const tel::FormParams params = tel::parse_query_lenient(pairs);
  const std::string signature = tel::twilio::compute_signature(key, url, params);
  if (!tel::twilio::verify_signature(key, url, "application/x-www-form-urlencoded",
                                     tel::encode_form(params), signature)
           .ok()) {
    __builtin_trap();
  }
  const tel::UrlParts parts = tel::split_url(url);
  if (parts.has_fragment || tel::form_value(tel::parse_query_lenient(parts.query), "bodySHA256")) {
    return;  // the appended bodySHA256 would not be the one read back
  }
  const std::string json_url = std::string(url) + (parts.has_query ? "&" : "?") +
                               "bodySHA256=" + ovos::crypto::sha256_hex(body);
  const std::string json_signature = tel::twilio::compute_signature(key, json_url, {});
  if (!tel::twilio::verify_signature(key, json_url, "application/json", body, json_signature)
           .ok()) {
    __builtin_trap();
  }
}

void plivo_round_trip(std::string_view token, std::string_view url, std::string_view pairs,
                      std::string_view nonce, bool get) {
  const std::string key = token.empty() ? std::string("t") : std::string(token);
  const std::string once = nonce.find_first_not_of(" \t") == std::string_view::npos
                               ? std::string("n")
                               : std::string(nonce);
  const tel::FormParams params = tel::parse_query_lenient(pairs);
  const std::string_view method = get ? "GET" : "POST";
  const std::string signature = tel::plivo::compute_v3_signature(key, method, url, params, once);
  if (!tel::plivo::verify_v3_signature(key, method, url, params, once, "x," + signature).ok()) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  check_form_round_trip(input);
  (void)tel::parse_query_lenient(input);
  const auto f = fields_of(input, 6);
  // Exotel's multipart/form-data callbacks: any boundary, any body.
  if (const auto parts =
          tel::parse_webhook_form("multipart/form-data; boundary=" + std::string(f[0]), f[1]);
      !parts.ok() && parts.error().message.empty()) {
    __builtin_trap();
  }
  switch (data[0] % 4) {
    case 0: {
      const auto result = tel::twilio::verify_signature(f[0], f[1], f[2], f[3], f[4]);
      if (!result.ok() && result.error().message.empty()) __builtin_trap();
      break;
    }
    case 1: {
      const auto result = tel::plivo::verify_v3_signature(
          f[0], f[2], f[1], tel::parse_query_lenient(f[3]), f[4], f[5]);
      if (!result.ok() && result.error().message.empty()) __builtin_trap();
      break;
    }
    case 2:
      twilio_round_trip(f[0], f[1], f[2], f[3]);
      break;
    default:
      plivo_round_trip(f[0], f[1], f[2], f[3], (data[0] & 4) != 0);
      break;
  }
  return 0;
}
