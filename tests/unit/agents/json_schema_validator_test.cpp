#include "agents/json_schema_validator.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

#include "unit/agents/agent_test_util.h"

namespace ovos::agents {
namespace {

using core::FieldError;
using Errors = std::vector<FieldError>;

JsonSchemaValidator make(std::string_view schema) {
  auto created = JsonSchemaValidator::create(schema);
  if (!created.ok()) throw std::runtime_error(created.error().message);
  return std::move(created).value();
}

Errors check(std::string_view schema, std::string_view instance) {
  return make(schema).validate(boost::json::parse(instance));
}

TEST(JsonSchemaValidator, Types) {
  const std::string_view schema = R"({"type": "string"})";
  EXPECT_TRUE(check(schema, R"("x")").empty());
  EXPECT_EQ(check(schema, "1"), (Errors{{"$", "must be a string"}}));
  EXPECT_EQ(check(R"({"type": ["integer", "null"]})", "1.5"),
            (Errors{{"$", "must be an integer or null"}}));
  EXPECT_EQ(check(R"({"type": ["string", "object", "null"]})", "true"),
            (Errors{{"$", "must be a string, an object or null"}}));
  EXPECT_TRUE(check(R"({"type": "integer"})", "10.0").empty())
      << "10.0 is an integer in JSON Schema";
  EXPECT_TRUE(check(R"({"type": "number"})", "-3").empty());
  EXPECT_EQ(check(R"({"type": "boolean"})", R"("true")"), (Errors{{"$", "must be a boolean"}}));
  EXPECT_EQ(check(R"({"type": "array"})", "{}"), (Errors{{"$", "must be an array"}}));
}

TEST(JsonSchemaValidator, EnumAndConst) {
  const std::string_view schema = R"({"enum": ["deepgram", "azure", 8000, null]})";
  EXPECT_TRUE(check(schema, R"("azure")").empty());
  EXPECT_TRUE(check(schema, "8000.0").empty()) << "numbers compare by value";
  EXPECT_TRUE(check(schema, "null").empty());
  EXPECT_EQ(check(schema, R"("google")"),
            (Errors{{"$", "must be one of: deepgram, azure, 8000, null"}}));
  EXPECT_EQ(check(R"({"const": "function"})", R"("fn")"), (Errors{{"$", "must be function"}}));
}

TEST(JsonSchemaValidator, ObjectKeywords) {
  const std::string_view schema = R"({
    "type": "object", "additionalProperties": false, "required": ["name", "voice"],
    "properties": {"name": {"type": "string"}, "temperature": {"type": "number"}, "voice": {}}
  })";
  EXPECT_TRUE(check(schema, R"({"name": "a", "voice": 1})").empty());
  EXPECT_EQ(check(schema, R"({"temprature": 1, "odd key": 2, "name": 3})"),
            (Errors{{"$.voice", "is required"},
                    {"$.temprature", "unknown field 'temprature'; did you mean 'temperature'?"},
                    {R"($["odd key"])", "unknown field 'odd key'"},
                    {"$.name", "must be a string"}}));
  const std::string_view map = R"({"type": "object", "additionalProperties": {"type": "integer"}})";
  EXPECT_EQ(check(map, R"({"a": 1, "b": "x"})"), (Errors{{"$.b", "must be an integer"}}));
  const std::string_view names =
      R"({"type": "object", "propertyNames": {"pattern": "^task_[1-9][0-9]*$"}})";
  EXPECT_EQ(
      check(names, R"({"task_1": 1, "task_0": 2})"),
      (Errors{{"$.task_0", "field name 'task_0' must match the pattern ^task_[1-9][0-9]*$"}}));
}

TEST(JsonSchemaValidator, ArrayKeywords) {
  const std::string_view schema = R"({"type": "array", "minItems": 1, "maxItems": 3,
                                       "items": {"type": "string"}})";
  EXPECT_TRUE(check(schema, R"(["a"])").empty());
  EXPECT_EQ(check(schema, "[]"), (Errors{{"$", "must not be empty"}}));
  EXPECT_EQ(check(schema, R"(["a", 2, "c", "d"])"),
            (Errors{{"$", "must have at most 3 items"}, {"$[1]", "must be a string"}}));
  EXPECT_EQ(check(R"({"minItems": 2})", "[1]"), (Errors{{"$", "must have at least 2 items"}}));
  const std::string_view tuple = R"({"prefixItems": [{"type": "string"}, {"type": "integer"}],
                                     "items": {"type": "boolean"}})";
  EXPECT_TRUE(check(tuple, R"(["a", 1, true, false])").empty());
  EXPECT_EQ(check(tuple, R"([1, "a", 2])"), (Errors{{"$[0]", "must be a string"},
                                                    {"$[1]", "must be an integer"},
                                                    {"$[2]", "must be a boolean"}}));
}

TEST(JsonSchemaValidator, StringKeywords) {
  const std::string_view schema = R"({"type": "string", "minLength": 2, "maxLength": 4})";
  EXPECT_TRUE(check(schema, R"("héé")").empty()) << "length counts code points, not bytes";
  EXPECT_EQ(check(schema, R"("a")"), (Errors{{"$", "must be at least 2 characters long"}}));
  EXPECT_EQ(check(schema, R"("abcde")"), (Errors{{"$", "must be at most 4 characters long"}}));
  EXPECT_EQ(check(R"({"minLength": 1})", R"("")"), (Errors{{"$", "must not be empty"}}));
  const std::string_view pattern = R"({"pattern": "^(parallel|sequential)$"})";
  EXPECT_TRUE(check(pattern, R"("parallel")").empty());
  EXPECT_EQ(check(pattern, R"("serial")"),
            (Errors{{"$", "must match the pattern ^(parallel|sequential)$"}}));
  EXPECT_TRUE(check(R"({"pattern": "b"})", R"("abc")").empty()) << "patterns are unanchored";
  EXPECT_TRUE(check(pattern, "3").empty()) << "string keywords ignore other types";
}

TEST(JsonSchemaValidator, NumberKeywords) {
  const std::string_view schema = R"({"type": "number", "minimum": 0, "maximum": 2})";
  EXPECT_TRUE(check(schema, "2").empty());
  EXPECT_EQ(check(schema, "2.5"), (Errors{{"$", "must be at most 2"}}));
  EXPECT_EQ(check(schema, "-0.1"), (Errors{{"$", "must be at least 0"}}));
  EXPECT_EQ(check(R"({"exclusiveMinimum": 0})", "0"), (Errors{{"$", "must be greater than 0"}}));
  EXPECT_EQ(check(R"({"exclusiveMaximum": 1.5})", "1.5"), (Errors{{"$", "must be less than 1.5"}}));
  EXPECT_EQ(check(R"({"minimum": 0.25})", "0.1"), (Errors{{"$", "must be at least 0.25"}}));
}

TEST(JsonSchemaValidator, RefsAndDefs) {
  const std::string_view schema = R"({
    "$defs": {"Voice": {"type": "object", "additionalProperties": false,
                        "properties": {"voice": {"type": "string"}}},
              "a/b": {"type": "integer"}},
    "type": "object",
    "properties": {"voice": {"$ref": "#/$defs/Voice"}, "n": {"$ref": "#/$defs/a~1b"}}
  })";
  EXPECT_TRUE(check(schema, R"({"voice": {"voice": "x"}, "n": 1})").empty());
  EXPECT_EQ(check(schema, R"({"voice": {"voice": 1, "x": 2}, "n": "1"})"),
            (Errors{{"$.voice.voice", "must be a string"},
                    {"$.voice.x", "unknown field 'x'"},
                    {"$.n", "must be an integer"}}));
}

TEST(JsonSchemaValidator, AnyOfReportsTheClearestBranch) {
  const std::string_view nullable = R"({
    "$defs": {"Io": {"type": "object", "required": ["provider"],
                     "properties": {"provider": {"type": "string"}}}},
    "anyOf": [{"$ref": "#/$defs/Io"}, {"type": "null"}]
  })";
  EXPECT_TRUE(check(nullable, "null").empty());
  EXPECT_EQ(check(nullable, "{}"), (Errors{{"$.provider", "is required"}}))
      << "the null branch failed on type only, so the object branch explains the problem";
  EXPECT_EQ(check(nullable, "3"), (Errors{{"$", "must be an object or null"}}));
  const std::string_view text = R"({"anyOf": [{"type": "string"},
                                   {"type": "object", "additionalProperties": {"type": "string"}}]})";
  EXPECT_EQ(check(text, R"({"en": 1})"), (Errors{{"$.en", "must be a string"}}));
  EXPECT_EQ(check(text, "[]"), (Errors{{"$", "must be a string or an object"}}));
}

TEST(JsonSchemaValidator, OneOf) {
  const std::string_view schema = R"({"oneOf": [{"type": "integer"}, {"minimum": 5}]})";
  EXPECT_TRUE(check(schema, "1").empty());
  EXPECT_TRUE(check(schema, "5.5").empty());
  EXPECT_EQ(check(schema, "7"),
            (Errors{{"$", "must match exactly one of the allowed forms, but matches 2"}}));
}

TEST(JsonSchemaValidator, IfThenElseAndNot) {
  const std::string_view schema = R"({
    "type": "object",
    "if": {"properties": {"provider": {"const": "polly"}}, "required": ["provider"]},
    "then": {"properties": {"config": {"required": ["engine"]}}},
    "else": {"properties": {"config": {"required": ["model"]}}}
  })";
  EXPECT_TRUE(check(schema, R"({"provider": "polly", "config": {"engine": "neural"}})").empty());
  EXPECT_EQ(check(schema, R"({"provider": "polly", "config": {}})"),
            (Errors{{"$.config.engine", "is required"}}));
  EXPECT_EQ(check(schema, R"({"provider": "rime", "config": {}})"),
            (Errors{{"$.config.model", "is required"}}));
  EXPECT_EQ(check(R"({"not": {"type": "null"}})", "null"), (Errors{{"$", "is not allowed"}}));
  EXPECT_EQ(check(R"({"properties": {"x": false}})", R"({"x": 1})"),
            (Errors{{"$.x", "is not allowed"}}));
}

TEST(JsonSchemaValidator, CollectsAllErrorsUpToTheCap) {
  const std::string_view schema = R"({"type": "array", "items": {"type": "string"}})";
  std::string many = "[";
  for (int i = 0; i < 250; ++i) {
    many += (i ? ",1" : "1");
  }
  many += "]";
  const auto validator = make(schema);
  EXPECT_EQ(validator.validate(boost::json::parse(many)).size(), 100u);
  EXPECT_EQ(validator.validate(boost::json::parse(many), 7).size(), 7u);
  const Errors three = validator.validate(boost::json::parse("[1, \"a\", 2, 3]"));
  ASSERT_EQ(three.size(), 3u);
  EXPECT_EQ(three[2].path, "$[3]");
}

TEST(JsonSchemaValidator, ValidatesAgainstASubschema) {
  const auto validator = make(R"({"$defs": {"N": {"type": "integer"}}})");
  const auto errors = validator.validate_at("#/$defs/N", boost::json::parse("\"x\""), "$.n");
  ASSERT_TRUE(errors.ok());
  EXPECT_EQ(*errors, (Errors{{"$.n", "must be an integer"}}));
  EXPECT_FALSE(validator.validate_at("#/$defs/Missing", boost::json::parse("1"), "$").ok());
}

TEST(JsonSchemaValidator, RefusesSchemasItCannotHonour) {
  const auto error_of = [](std::string_view schema) {
    const auto created = JsonSchemaValidator::create(schema);
    return created.ok() ? std::string() : created.error().message;
  };
  EXPECT_EQ(error_of(R"({"uniqueItems": true})"), "schema #/uniqueItems: unsupported keyword");
  EXPECT_EQ(error_of(R"({"properties": {"a": {"$ref": "#/$defs/Nope"}}})"),
            "schema #/properties/a/$ref: unresolvable reference #/$defs/Nope");
  EXPECT_EQ(error_of(R"({"pattern": "("})").rfind("schema #/pattern: invalid pattern", 0), 0u);
  EXPECT_EQ(error_of(R"({"type": "text"})"), "schema #/type: unknown type");
  EXPECT_EQ(error_of(R"({"minLength": -1})"), "schema #/minLength: must be a non-negative integer");
  EXPECT_EQ(error_of("[1").rfind("schema is not valid JSON", 0), 0u);
  EXPECT_EQ(error_of(R"({"description": "x", "default": {"anything": [1]}, "deprecated": true})"),
            "");
}

}  // namespace
}  // namespace ovos::agents
