#pragma once

// Bolna's tool parameter templates: Python %-format placeholders, "%(name)s" / "%(name)d".

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::agents::tools {

/// How a value is escaped where it is put.
enum class TemplateEscape {
  kNone,
  kJson,  // inside a JSON document: strings escaped as in a JSON string, no quotes added
  kUrl,   // inside a URL: percent-encoded
};

/// Fills "%(name)s", "%(name)d", "%(name)i" and "%(name)f" from `values` ("%%" is a "%"). A
/// placeholder whose name is not in `values` is a kValidation error naming it.
[[nodiscard]] core::Result<std::string> fill_template(std::string_view text,
                                                      const boost::json::object& values,
                                                      TemplateEscape escape);

/// If `text` is exactly one placeholder, its name; else empty.
[[nodiscard]] std::string whole_placeholder(std::string_view text);

/// A value as template text: strings as they are, numbers and booleans as JSON, others as JSON.
[[nodiscard]] std::string template_text(const boost::json::value& value);

/// Percent-encodes everything except unreserved characters (RFC 3986).
[[nodiscard]] std::string url_encode(std::string_view text);

}  // namespace ovos::agents::tools
