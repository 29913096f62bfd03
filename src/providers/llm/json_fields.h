#pragma once

// Small readers of the vendors' JSON objects, shared by the LLM protocol files.

#include <boost/json/object.hpp>
#include <string_view>

namespace ovos::providers::llm {

/// The string at `key`, or "" when absent or not a string. Valid while `object` lives.
[[nodiscard]] inline std::string_view string_field(const boost::json::object& object,
                                                   std::string_view key) {
  const auto* value = object.if_contains(key);
  if (value != nullptr && value->is_string()) return value->as_string();
  return {};
}

}  // namespace ovos::providers::llm
