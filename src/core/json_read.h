#pragma once

// Readers of optional members of JSON objects (agent documents, vendor and carrier messages):
// absent, null or ill-typed members read as "not there". Header-only; include it only where
// Boost.JSON is linked.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace ovos::core {

/// The object at owner[key], or null (also when `owner` is null).
[[nodiscard]] inline const boost::json::object* json_object_at(const boost::json::object* owner,
                                                               std::string_view key) {
  const boost::json::value* value = owner != nullptr ? owner->if_contains(key) : nullptr;
  return value != nullptr ? value->if_object() : nullptr;
}
[[nodiscard]] inline const boost::json::object* json_object_at(const boost::json::object& owner,
                                                               std::string_view key) {
  return json_object_at(&owner, key);
}

/// The string at owner[key], or "" (also when `owner` is null).
[[nodiscard]] inline std::string json_string_at(const boost::json::object* owner,
                                                std::string_view key) {
  const boost::json::value* value = owner != nullptr ? owner->if_contains(key) : nullptr;
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}
[[nodiscard]] inline std::string json_string_at(const boost::json::object& owner,
                                                std::string_view key) {
  return json_string_at(&owner, key);
}

/// The number at owner[key] (integer or floating point), or nullopt.
[[nodiscard]] inline std::optional<double> json_number_at(const boost::json::object* owner,
                                                          std::string_view key) {
  const boost::json::value* value = owner != nullptr ? owner->if_contains(key) : nullptr;
  if (value == nullptr) return std::nullopt;
  if (value->is_double()) return value->get_double();
  if (value->is_int64()) return static_cast<double>(value->get_int64());
  if (value->is_uint64()) return static_cast<double>(value->get_uint64());
  return std::nullopt;
}

}  // namespace ovos::core
