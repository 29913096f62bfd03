#pragma once

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <fstream>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "agents/agent_validator.h"

namespace ovos::core {
/// Lets gtest print FieldErrors readably.
inline void PrintTo(const FieldError& error, std::ostream* os) {
  *os << "{" << error.path << ", " << error.message << "}";
}
}  // namespace ovos::core

// Helpers shared by the agent validator tests: example documents and edits to them.
namespace ovos::agents::testing {

using Errors = std::vector<core::FieldError>;

/// tests/unit/agents/data/<name>.json, parsed.
inline boost::json::value load_agent(const std::string& name) {
  std::ifstream in(std::string(OVOS_AGENTS_TEST_DATA) + "/" + name + ".json");
  if (!in) throw std::runtime_error("missing test data " + name);
  std::stringstream text;
  text << in.rdbuf();
  return boost::json::parse(text.str());
}

/// The value at a JSON Pointer ("/agent_config/tasks/0"); throws if absent.
inline boost::json::value& at(boost::json::value& document, std::string_view pointer) {
  boost::json::value* node = &document;
  while (!pointer.empty()) {
    pointer.remove_prefix(1);
    const std::size_t end = std::min(pointer.find('/'), pointer.size());
    const std::string token(pointer.substr(0, end));
    pointer.remove_prefix(end);
    if (node->is_array()) {
      node = &node->as_array().at(std::stoul(token));
    } else {
      node = &node->as_object().at(token);
    }
  }
  return *node;
}

/// The errors validate_agent reports for `document` (empty when it is valid).
inline Errors errors_of(const boost::json::value& document) {
  const auto result = validate_agent(document);
  if (result.ok()) return {};
  if (result.error().code != core::ErrorCode::kValidation ||
      result.error().message != "agent is invalid") {
    throw std::runtime_error("unexpected error: " + result.error().message);
  }
  return result.error().fields;
}

inline std::string describe(const Errors& errors) {
  std::string out;
  for (const auto& e : errors)
    out += "\n  " + e.path + ": " + e.message;
  return out;
}

}  // namespace ovos::agents::testing
