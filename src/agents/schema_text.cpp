#include "agents/schema_text.h"

#include <algorithm>
#include <array>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>

namespace ovos::agents::schema_text {
namespace {

std::string with_article(std::string_view type) {
  if (type == "null") return "null";
  if (type == "integer" || type == "object" || type == "array") return "an " + std::string(type);
  return "a " + std::string(type);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

bool json_equal(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_number() && b.is_number()) {
    if (!a.is_double() && !b.is_double()) return a == b;  // exact for int64/uint64
    return a.to_number<double>() == b.to_number<double>();
  }
  if (a.kind() != b.kind()) return false;
  if (const auto* array = a.if_array()) {
    const auto& other = b.get_array();
    return array->size() == other.size() &&
           std::equal(array->begin(), array->end(), other.begin(), json_equal);
  }
  if (const auto* object = a.if_object()) {
    const auto& other = b.get_object();
    if (object->size() != other.size()) return false;
    return std::all_of(object->begin(), object->end(), [&](const auto& member) {
      const boost::json::value* match = other.if_contains(member.key());
      return match != nullptr && json_equal(member.value(), *match);
    });
  }
  return a == b;
}

bool is_integer(const boost::json::value& value) {
  if (value.is_int64() || value.is_uint64()) return true;
  if (!value.is_double()) return false;
  const double d = value.get_double();
  return std::isfinite(d) && std::trunc(d) == d;
}

bool has_type(const boost::json::value& value, std::string_view type) {
  if (type == "string") return value.is_string();
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "boolean") return value.is_bool();
  if (type == "null") return value.is_null();
  if (type == "number") return value.is_number();
  if (type == "integer") return is_integer(value);
  return false;
}

std::string format_number(double number) {
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
  return std::string(buffer.data(), result.ptr);
}

std::string display(const boost::json::value& value) {
  if (const auto* text = value.if_string()) return std::string(*text);
  if (value.is_int64()) return std::to_string(value.get_int64());
  if (value.is_uint64()) return std::to_string(value.get_uint64());
  if (value.is_double()) return format_number(value.get_double());
  return boost::json::serialize(value);
}

std::string must_be_types(const std::vector<std::string>& types) {
  std::string out = "must be ";
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (i > 0) out += (i + 1 == types.size()) ? " or " : ", ";
    out += with_article(types[i]);
  }
  return out;
}

std::string clip(std::string_view text) {
  constexpr std::size_t kMax = 60;
  if (text.size() <= kMax) return std::string(text);
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) {
    --cut;
  }
  return std::string(text.substr(0, cut)) + "…";
}

std::string quoted(std::string_view text) {
  return "'" + clip(text) + "'";
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  const std::size_t allowed = word.size() <= 4 ? 1 : 2;
  std::string best;
  if (word.size() > 64) return best;
  std::size_t best_distance = allowed + 1;
  for (const std::string& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

}  // namespace ovos::agents::schema_text
