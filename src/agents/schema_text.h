#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

// Helpers of the JSON Schema validator: value comparison and the wording of its messages.
namespace ovos::agents::schema_text {

/// JSON equality where numbers compare by value (1 == 1.0), as JSON Schema's enum/const require.
[[nodiscard]] bool json_equal(const boost::json::value& a, const boost::json::value& b);

/// True when `value` is an integer in JSON Schema's sense (a number with no fraction).
[[nodiscard]] bool is_integer(const boost::json::value& value);

/// True when `value` has JSON Schema type `type` ("string", "integer", ...).
[[nodiscard]] bool has_type(const boost::json::value& value, std::string_view type);

/// Shortest text of a number: 2, 0.1, -2, 1e+20.
[[nodiscard]] std::string format_number(double number);

/// A value as shown in messages: strings unquoted, numbers short, others as JSON.
[[nodiscard]] std::string display(const boost::json::value& value);

/// "must be a string", "must be an integer or null", "must be a string, an object or null".
[[nodiscard]] std::string must_be_types(const std::vector<std::string>& types);

/// `text` cut to 60 bytes (at a UTF-8 boundary) with "…" when longer: user text echoed in a
/// message stays short.
[[nodiscard]] std::string clip(std::string_view text);

/// clip(text) in single quotes.
[[nodiscard]] std::string quoted(std::string_view text);

/// "a, b, c".
[[nodiscard]] std::string join(const std::vector<std::string>& items);

/// The candidate closest to `word` by edit distance if it is close enough to be a typo, or "".
/// Words longer than 64 bytes get no suggestion.
[[nodiscard]] std::string closest(std::string_view word,
                                  const std::vector<std::string>& candidates);

}  // namespace ovos::agents::schema_text
