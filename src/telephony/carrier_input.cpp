#include "telephony/carrier_input.h"

#include <algorithm>
#include <cctype>

#include "crypto/base64.h"

namespace ovos::telephony::detail {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool is_printable_ascii(char c) {
  return c > ' ' && c < 0x7F;
}
bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}
bool unreserved(char c) {
  return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

void percent_encode(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char c : text) {
    if (unreserved(c)) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
}

}  // namespace

bool is_phone_number(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  return text.size() >= 3 && text.size() <= 15 && std::all_of(text.begin(), text.end(), is_digit);
}

bool is_http_url(std::string_view text) {
  const std::size_t scheme = starts_with_nocase(text, "https://")  ? 8
                             : starts_with_nocase(text, "http://") ? 7
                                                                   : 0;
  if (scheme == 0 || text.size() == scheme || text.size() > 2048) return false;
  const char first = text[scheme];
  if (first == '/' || first == '?' || first == '#' || first == ':') return false;  // no host
  return std::all_of(text.begin(), text.end(), is_printable_ascii);
}

bool is_call_id(std::string_view text) {
  return !text.empty() && text.size() <= 128 && std::all_of(text.begin(), text.end(), [](char c) {
    return is_alnum(c) || c == '-' || c == '_';
  });
}

void InputCheck::require(bool ok, std::string_view field, std::string_view message) {
  if (!ok) fields_.push_back({std::string(field), std::string(message)});
}

void InputCheck::account_field(std::string_view field, std::string_view value, bool path_safe,
                               bool user_id) {
  if (value.empty()) {
    require(false, field, "is empty: set it in your provider keys");
    return;
  }
  const bool printable = std::all_of(value.begin(), value.end(), is_printable_ascii);
  require(printable, field, "holds spaces or control characters");
  if (!printable) return;
  if (path_safe) {
    require(std::all_of(value.begin(), value.end(),
                        [](char c) { return is_alnum(c) || c == '.' || c == '_' || c == '-'; }),
            field, "may hold only letters, digits, '.', '_' and '-'");
  }
  if (user_id) require(value.find(':') == std::string_view::npos, field, "may not hold ':'");
}

void InputCheck::destination(std::string_view field, std::string_view value, bool sip_allowed) {
  if (is_phone_number(value) || (sip_allowed && is_sip_uri(value))) return;
  require(false, field,
          sip_allowed ? "must be a phone number in E.164 form (+14155550100) or a sip: URI"
                      : "must be a phone number in E.164 form (+14155550100)");
}

void InputCheck::url(std::string_view field, std::string_view value, bool required) {
  if (value.empty() && !required) return;
  require(is_http_url(value), field, "must be an absolute http:// or https:// URL");
}

void InputCheck::call_id(std::string_view value) {
  require(is_call_id(value), "carrier_call_id",
          "must be the carrier's call id (letters, digits, '-' and '_')");
}

core::Result<void> InputCheck::result() const {
  if (fields_.empty()) return core::ok();
  std::string message = "cannot " + what_ + ": ";
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) message += "; ";
    message += "'" + fields_[i].path + "' " + fields_[i].message;
  }
  return core::Error::validation(std::move(message), fields_);
}

std::string encode_path_segment(std::string_view text) {
  std::string out;
  percent_encode(text, out);
  return out;
}

std::string basic_authorization(std::string_view user, std::string_view password) {
  std::string credentials(user);
  credentials += ':';
  credentials += password;
  return "Basic " + crypto::base64_encode(credentials);
}

std::string without_trailing_slash(std::string_view url) {
  while (!url.empty() && url.back() == '/')
    url.remove_suffix(1);
  return std::string(url);
}

}  // namespace ovos::telephony::detail
