#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace ovos::telephony {

// application/x-www-form-urlencoded bodies and query strings, as carriers send them to webhooks
// and as their REST APIs take them. Stateless free functions; safe from any thread.

/// Name/value pairs in body order, duplicates kept. Plain data.
using FormParams = std::vector<std::pair<std::string, std::string>>;

/// application/x-www-form-urlencoded ('+' is space, %XX escapes); a bad escape is kInvalidArgument.
/// "a&&b" holds two pairs, a name without '=' has an empty value, bytes are not checked as UTF-8.
[[nodiscard]] core::Result<FormParams> parse_form(std::string_view body);

/// The value of the first pair named `name`, or null.
[[nodiscard]] const std::string* form_value(const FormParams& params, std::string_view name);

/// Encodes `params` in order: ALPHA, DIGIT and "*-._" as is, space as '+', all else %XX
/// (uppercase). parse_form(encode_form(p)) == p for every p.
[[nodiscard]] std::string encode_form(const FormParams& params);

/// Decodes a query string the way Python's urllib.parse.parse_qsl(keep_blank_values=True) does,
/// which the carriers' reference SDKs use when they sign: '+' is space, a malformed %-escape is
/// kept as written (never an error), empty pieces between '&' are skipped.
[[nodiscard]] FormParams parse_query_lenient(std::string_view query);

}  // namespace ovos::telephony
