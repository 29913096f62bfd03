#include "agents/tools/tool_template.h"

#include <boost/json/serialize.hpp>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace ovos::agents::tools {

namespace json = boost::json;

namespace {

std::string json_escaped(std::string_view text) {
  const std::string quoted = json::serialize(json::value(json::string(text)));
  return quoted.substr(1, quoted.size() - 2);
}

std::string formatted(const json::value& value, char conversion) {
  if (conversion == 'd' || conversion == 'i') {
    if (value.is_int64()) return std::to_string(value.get_int64());
    if (value.is_uint64()) return std::to_string(value.get_uint64());
    if (value.is_double())
      return std::to_string(static_cast<std::int64_t>(std::trunc(value.get_double())));
  }
  if (conversion == 'f' && (value.is_double() || value.is_int64() || value.is_uint64())) {
    const double d = value.is_double() ? value.get_double() : value.to_number<double>();
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%f", d);
    return buffer;
  }
  return template_text(value);
}

}  // namespace

std::string template_text(const json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_null()) return "";
  if (value.is_double()) {  // shortest round-trip form, as Python's str(): 9.5, not 9.5E0
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value.get_double());
    if (ec == std::errc()) return std::string(buffer, end);
  }
  return json::serialize(value);
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string whole_placeholder(std::string_view text) {
  if (!text.starts_with("%(") || text.size() < 5) return {};
  const std::size_t close = text.find(')');
  if (close == std::string_view::npos || close + 2 != text.size()) return {};
  const char conversion = text.back();
  if (conversion != 's' && conversion != 'd' && conversion != 'i' && conversion != 'f') return {};
  return std::string(text.substr(2, close - 2));
}

core::Result<std::string> fill_template(std::string_view text, const json::object& values,
                                        TemplateEscape escape) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    if (i + 1 >= text.size() || text[i + 1] != '(') {
      out += '%';
      continue;
    }
    const std::size_t close = text.find(')', i + 2);
    if (close == std::string_view::npos || close + 1 >= text.size()) {
      out += text.substr(i);
      break;
    }
    const std::string name(text.substr(i + 2, close - i - 2));
    const char conversion = text[close + 1];
    const json::value* value = values.if_contains(name);
    if (value == nullptr) {
      return core::Error::validation("missing value for the tool's template",
                                     {{name, "no argument or call variable named '" + name + "'"}});
    }
    const std::string piece = formatted(*value, conversion);
    switch (escape) {
      case TemplateEscape::kNone:
        out += piece;
        break;
      case TemplateEscape::kJson:
        out += json_escaped(piece);
        break;
      case TemplateEscape::kUrl:
        out += url_encode(piece);
        break;
    }
    i = close + 1;
  }
  return out;
}

}  // namespace ovos::agents::tools
