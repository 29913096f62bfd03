#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ovos::agents {

struct CompiledSchema;

/// Checks JSON documents against a JSON Schema (draft 2020-12), the subset this project's
/// schemas use: type (incl. lists), enum, const, required, properties, additionalProperties,
/// propertyNames, items, prefixItems, minItems/maxItems, minLength/maxLength, pattern,
/// minimum/maximum, exclusiveMinimum/exclusiveMaximum, allOf/anyOf/oneOf/not, if/then/else and
/// $ref within the document. Annotations (title, description, default, examples, deprecated,
/// format, ...) are accepted and ignored; any other keyword is refused by create() so a schema
/// never promises a check that is not made.
///
/// Errors use JSONPath ("$.a.b[0]", "$.a[\"odd key\"]") and say what is wrong in plain words.
/// Immutable after create(); copies share the compiled schema; safe to use from any thread.
class JsonSchemaValidator {
 public:
  static constexpr std::size_t kDefaultMaxErrors = 100;

  /// Parses and compiles `schema_json`: every keyword known, every $ref resolvable, every
  /// pattern a valid ECMAScript regex. An Error (kInternal) says what is wrong.
  [[nodiscard]] static core::Result<JsonSchemaValidator> create(std::string_view schema_json);

  /// All problems of `instance`, in document order, at most `max_errors`.
  [[nodiscard]] std::vector<core::FieldError> validate(
      const boost::json::value& instance, std::size_t max_errors = kDefaultMaxErrors) const;

  /// Like validate(), against the subschema at `pointer` (e.g. "#/$defs/Tool"), with paths
  /// starting at `base_path`. Error (kNotFound) if the pointer names no subschema.
  [[nodiscard]] core::Result<std::vector<core::FieldError>> validate_at(
      std::string_view pointer, const boost::json::value& instance, std::string_view base_path,
      std::size_t max_errors = kDefaultMaxErrors) const;

  /// The schema document.
  [[nodiscard]] const boost::json::value& schema() const;

 private:
  explicit JsonSchemaValidator(std::shared_ptr<const CompiledSchema> compiled)
      : compiled_(std::move(compiled)) {}

  std::shared_ptr<const CompiledSchema> compiled_;
};

}  // namespace ovos::agents
