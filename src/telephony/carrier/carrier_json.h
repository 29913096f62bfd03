#pragma once

// Readers shared by the carriers' media-stream parsers (Plivo, Exotel): one text message in, a
// JSON object with a string "event" out, and the members every carrier writes in two shapes
// (counters as numbers or as decimal strings). Every error names the carrier and says what is
// wrong. Holds only the carrier's name; safe from any thread.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::telephony {

/// Reads one carrier's messages. `carrier` prefixes every error: "bad Plivo message: ...".
class CarrierJson {
 public:
  constexpr explicit CarrierJson(std::string_view carrier) : carrier_(carrier) {}

  /// A kInvalidArgument error: the prefix, then `why`.
  [[nodiscard]] core::Error bad(std::string_view why) const;

  /// Parses `text` (at most `max_bytes`, nesting at most 8 deep) into a JSON object that has a
  /// string "event".
  [[nodiscard]] core::Result<boost::json::value> parse(std::string_view text,
                                                       std::size_t max_bytes) const;

  /// owner[key] as a non-empty string; `where` names the owner in the error ("start").
  [[nodiscard]] core::Result<std::string> required_string(const boost::json::object& owner,
                                                          std::string_view key,
                                                          std::string_view where) const;

  /// owner[key] as a non-negative integer, written as a JSON integer (42) or a decimal string
  /// ("42"); `absent` when the member is missing or null.
  [[nodiscard]] core::Result<std::int64_t> counter(const boost::json::object& owner,
                                                   std::string_view key, std::string_view where,
                                                   std::int64_t absent = 0) const;

  /// owner[key] as an object of string values; empty when missing or null.
  [[nodiscard]] core::Result<std::map<std::string, std::string>> string_map(
      const boost::json::object& owner, std::string_view key, std::string_view where) const;

  /// Checks a DTMF key: exactly one of 0-9, *, #, A-D.
  [[nodiscard]] core::Result<char> dtmf_digit(std::string_view digit, std::string_view where) const;

 private:
  std::string_view carrier_;  // a literal: "Plivo", "Exotel"
};

/// True for the keys a telephone keypad sends: 0-9, *, #, A-D.
[[nodiscard]] bool is_dtmf_key(char key);

}  // namespace ovos::telephony
