#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "net/http_types.h"

namespace ovos::api {

/// Parses the body of a request that must carry a JSON object: checks Content-Type
/// (application/json), UTF-8, syntax and nesting depth, with a message saying what is wrong.
[[nodiscard]] core::Result<boost::json::value> parse_json_body(const net::HttpRequest& request);
[[nodiscard]] core::Result<boost::json::object> parse_json_object_body(
    const net::HttpRequest& request);

/// Reads the fields of a small request object and collects every problem with its JSON path,
/// including keys the endpoint does not know. Single-threaded; one per request.
class FieldReader {
 public:
  explicit FieldReader(const boost::json::object& object, std::string base_path = "$");

  /// A required non-empty string of at most `max_length` characters (UTF-8 code points).
  std::string required_string(std::string_view key, std::size_t max_length = 200);
  std::optional<std::string> optional_string(std::string_view key, std::size_t max_length = 200);
  /// A required JSON object; returns nullptr (and records the error) when absent or not one.
  const boost::json::object* required_object(std::string_view key);
  /// An optional JSON object; nullptr when absent or null (and records an error when not one).
  const boost::json::object* optional_object(std::string_view key);
  /// An optional integer within [min, max].
  std::optional<std::int64_t> optional_integer(std::string_view key, std::int64_t min,
                                               std::int64_t max);
  /// An optional number within [min, max].
  std::optional<double> optional_number(std::string_view key, double min, double max);
  void fail(std::string_view key, std::string message);

  /// Error::validation with every problem found, including unknown keys; ok() when none.
  [[nodiscard]] core::Result<void> finish();

 private:
  std::string path(std::string_view key) const;
  const boost::json::object& object_;
  std::string base_;
  std::vector<std::string> known_;
  std::vector<core::FieldError> errors_;
};

}  // namespace ovos::api
