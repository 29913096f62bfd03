#pragma once

// The variables a graph agent's call sees: context_data, the call's own variables and the values
// the routing LLM collected, all in one JSON object addressed with dot notation.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <string>
#include <string_view>

namespace ovos::agents {

/// `context_data` with the call's variables added at the top level (as strings; a call variable
/// replaces a context_data entry of the same name).
[[nodiscard]] boost::json::object call_context(const boost::json::object& context_data,
                                               const std::map<std::string, std::string>& variables);

/// The value at `path` ("recipient_data.age": members of nested objects, or a top-level key that
/// itself contains dots); null when absent.
[[nodiscard]] const boost::json::value* find_variable(const boost::json::object& context,
                                                      std::string_view path);

/// A variable as text: strings as they are, numbers and booleans in JSON, null as "".
[[nodiscard]] std::string variable_text(const boost::json::value& value);

/// `text` with each {path} whose variable exists replaced by its text; other braces are kept.
[[nodiscard]] std::string fill_context(std::string_view text, const boost::json::object& context);

}  // namespace ovos::agents
