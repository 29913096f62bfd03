#include "telephony/carrier/carrier_json.h"

#include <boost/json/parse.hpp>
#include <charconv>

namespace ovos::telephony {

namespace json = boost::json;

core::Error CarrierJson::bad(std::string_view why) const {
  std::string message = "bad ";
  message.append(carrier_).append(" message: ").append(why);
  return core::Error::invalid(std::move(message));
}

core::Result<json::value> CarrierJson::parse(std::string_view text, std::size_t max_bytes) const {
  if (text.size() > max_bytes) return bad("larger than " + std::to_string(max_bytes) + " bytes");
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 8;
  json::value value = json::parse(text, ec, {}, options);
  if (ec) return bad("not valid JSON: " + ec.message());
  const json::object* o = value.if_object();
  if (o == nullptr) return bad("not a JSON object");
  const json::value* event = o->if_contains("event");
  if (event == nullptr || !event->is_string()) return bad("no string 'event'");
  return value;
}

core::Result<std::string> CarrierJson::required_string(const json::object& owner,
                                                       std::string_view key,
                                                       std::string_view where) const {
  const json::value* v = owner.if_contains(key);
  if (v == nullptr || !v->is_string() || v->get_string().empty()) {
    return bad(std::string(where) + "." + std::string(key) + " must be a non-empty string");
  }
  return std::string(v->get_string());
}

core::Result<std::int64_t> CarrierJson::counter(const json::object& owner, std::string_view key,
                                                std::string_view where, std::int64_t absent) const {
  const json::value* v = owner.if_contains(key);
  if (v == nullptr || v->is_null()) return absent;
  if (v->is_int64() && v->get_int64() >= 0) return v->get_int64();
  if (v->is_string()) {
    const std::string_view text = v->get_string();
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (!text.empty() && ec == std::errc() && end == text.data() + text.size() && value >= 0) {
      return value;
    }
  }
  return bad(std::string(where) + "." + std::string(key) +
             " must be a non-negative integer (a number or a decimal string)");
}

core::Result<std::map<std::string, std::string>> CarrierJson::string_map(
    const json::object& owner, std::string_view key, std::string_view where) const {
  std::map<std::string, std::string> out;
  const json::value* v = owner.if_contains(key);
  if (v == nullptr || v->is_null()) return out;
  const json::object* members = v->if_object();
  if (members == nullptr) {
    return bad(std::string(where) + "." + std::string(key) + " must be an object of strings");
  }
  for (const auto& [name, value] : *members) {
    if (!value.is_string()) {
      return bad(std::string(where) + "." + std::string(key) + "." + std::string(name) +
                 " must be a string");
    }
    out.emplace(std::string(name), std::string(value.get_string()));
  }
  return out;
}

core::Result<char> CarrierJson::dtmf_digit(std::string_view digit, std::string_view where) const {
  if (digit.size() != 1 || !is_dtmf_key(digit[0])) {
    return bad(std::string(where) + " must be one of 0-9, *, #, A-D");
  }
  return digit[0];
}

bool is_dtmf_key(char key) {
  constexpr std::string_view kKeys = "0123456789*#ABCD";
  return key != '\0' && kKeys.find(key) != std::string_view::npos;
}

}  // namespace ovos::telephony
