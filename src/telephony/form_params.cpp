#include "telephony/form_params.h"

#include <optional>

namespace ovos::telephony {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes one name or value. Strict: nullopt on a '%' not followed by two hex digits.
// Lenient: such a '%' is copied as is, as Python's urllib.parse.unquote does.
std::optional<std::string> decode_component(std::string_view text, bool strict) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c != '%') {
      out += c;
    } else if (i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else if (strict) {
      return std::nullopt;
    } else {
      out += c;
    }
  }
  return out;
}

// Calls `pair(name, value)` for each non-empty '&'-separated piece, split at its first '='.
template <typename Fn>
bool for_each_piece(std::string_view text, Fn&& pair) {
  while (!text.empty()) {
    const std::size_t amp = text.find('&');
    const std::string_view piece = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (piece.empty()) continue;
    const std::size_t eq = piece.find('=');
    const std::string_view name = piece.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1);
    if (!pair(name, value)) return false;
  }
  return true;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '*' ||
         c == '-' || c == '.' || c == '_';
}

void encode_component(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c)) {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
}

}  // namespace

core::Result<FormParams> parse_form(std::string_view body) {
  FormParams params;
  const bool ok = for_each_piece(body, [&](std::string_view name, std::string_view value) {
    auto decoded_name = decode_component(name, true);
    auto decoded_value = decode_component(value, true);
    if (!decoded_name || !decoded_value) return false;
    params.emplace_back(std::move(*decoded_name), std::move(*decoded_value));
    return true;
  });
  if (!ok) return core::Error::invalid("form body has a malformed %-escape");
  return params;
}

const std::string* form_value(const FormParams& params, std::string_view name) {
  for (const auto& [key, value] : params) {
    if (key == name) return &value;
  }
  return nullptr;
}

std::string encode_form(const FormParams& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    encode_component(name, out);
    out += '=';
    encode_component(value, out);
  }
  return out;
}

FormParams parse_query_lenient(std::string_view query) {
  FormParams params;
  for_each_piece(query, [&](std::string_view name, std::string_view value) {
    params.emplace_back(*decode_component(name, false), *decode_component(value, false));
    return true;
  });
  return params;
}

}  // namespace ovos::telephony
