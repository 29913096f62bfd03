#include "agents/json_schema_validator.h"

#include <array>
#include <boost/json/parse.hpp>
#include <charconv>

#include "agents/schema_checker.h"

namespace ovos::agents {

namespace json = boost::json;

namespace {

enum class Keyword {
  kSchema,
  kSchemaMap,
  kSchemaList,
  kCount,
  kNumber,
  kType,
  kEnum,
  kAny,
  kNames,
  kPattern,
  kRef,
  kAnnotation
};

struct KeywordInfo {
  std::string_view name;
  Keyword kind;
};

constexpr std::array kKeywords{
    KeywordInfo{"properties", Keyword::kSchemaMap},
    KeywordInfo{"$defs", Keyword::kSchemaMap},
    KeywordInfo{"additionalProperties", Keyword::kSchema},
    KeywordInfo{"items", Keyword::kSchema},
    KeywordInfo{"propertyNames", Keyword::kSchema},
    KeywordInfo{"not", Keyword::kSchema},
    KeywordInfo{"if", Keyword::kSchema},
    KeywordInfo{"then", Keyword::kSchema},
    KeywordInfo{"else", Keyword::kSchema},
    KeywordInfo{"allOf", Keyword::kSchemaList},
    KeywordInfo{"anyOf", Keyword::kSchemaList},
    KeywordInfo{"oneOf", Keyword::kSchemaList},
    KeywordInfo{"prefixItems", Keyword::kSchemaList},
    KeywordInfo{"minItems", Keyword::kCount},
    KeywordInfo{"maxItems", Keyword::kCount},
    KeywordInfo{"minLength", Keyword::kCount},
    KeywordInfo{"maxLength", Keyword::kCount},
    KeywordInfo{"minimum", Keyword::kNumber},
    KeywordInfo{"maximum", Keyword::kNumber},
    KeywordInfo{"exclusiveMinimum", Keyword::kNumber},
    KeywordInfo{"exclusiveMaximum", Keyword::kNumber},
    KeywordInfo{"type", Keyword::kType},
    KeywordInfo{"enum", Keyword::kEnum},
    KeywordInfo{"const", Keyword::kAny},
    KeywordInfo{"required", Keyword::kNames},
    KeywordInfo{"pattern", Keyword::kPattern},
    KeywordInfo{"$ref", Keyword::kRef},
    KeywordInfo{"$schema", Keyword::kAnnotation},
    KeywordInfo{"$id", Keyword::kAnnotation},
    KeywordInfo{"$comment", Keyword::kAnnotation},
    KeywordInfo{"title", Keyword::kAnnotation},
    KeywordInfo{"description", Keyword::kAnnotation},
    KeywordInfo{"default", Keyword::kAnnotation},
    KeywordInfo{"examples", Keyword::kAnnotation},
    KeywordInfo{"deprecated", Keyword::kAnnotation},
    KeywordInfo{"readOnly", Keyword::kAnnotation},
    KeywordInfo{"writeOnly", Keyword::kAnnotation},
    KeywordInfo{"format", Keyword::kAnnotation},
};

constexpr std::array<std::string_view, 7> kTypes{"string", "number", "integer", "boolean",
                                                 "object", "array",  "null"};

// Resolves a same-document reference ("#", "#/$defs/Name") by JSON Pointer, or nullptr.
const json::value* follow_pointer(const json::value& root, std::string_view ref) {
  if (ref.empty() || ref.front() != '#') return nullptr;
  ref.remove_prefix(1);
  const json::value* at = &root;
  while (!ref.empty()) {
    if (ref.front() != '/') return nullptr;
    ref.remove_prefix(1);
    const std::size_t end = std::min(ref.find('/'), ref.size());
    std::string token(ref.substr(0, end));
    ref.remove_prefix(end);
    for (std::size_t p = token.find('~'); p != std::string::npos; p = token.find('~', p + 1)) {
      if (p + 1 >= token.size() || (token[p + 1] != '0' && token[p + 1] != '1')) return nullptr;
      token.replace(p, 2, token[p + 1] == '1' ? "/" : "~");
    }
    if (const json::object* object = at->if_object()) {
      at = object->if_contains(token);
    } else if (const json::array* array = at->if_array()) {
      std::size_t index = 0;
      const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
      if (ec != std::errc() || ptr != token.data() + token.size()) return nullptr;
      at = array->if_contains(index);
    } else {
      return nullptr;
    }
    if (at == nullptr) return nullptr;
  }
  return at;
}

// Walks a schema document once, checking each keyword's shape, compiling patterns and
// resolving references into `compiled`.
class SchemaCompiler {
 public:
  explicit SchemaCompiler(CompiledSchema& compiled) : compiled_(compiled) {}

  bool walk(const json::value& schema, const std::string& where) {
    if (schema.is_bool()) return true;
    const json::object* keywords = schema.if_object();
    if (keywords == nullptr) return fail(where, "a schema must be an object or a boolean");
    for (const auto& member : *keywords) {
      if (!keyword(member.key(), member.value(), where + "/" + std::string(member.key()))) {
        return false;
      }
    }
    return true;
  }

  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  bool fail(const std::string& where, std::string_view message) {
    error_ =
        "schema " + (where.empty() ? std::string("#") : "#" + where) + ": " + std::string(message);
    return false;
  }

  bool keyword(std::string_view name, const json::value& value, const std::string& where) {
    const auto* info = std::find_if(kKeywords.begin(), kKeywords.end(),
                                    [name](const KeywordInfo& k) { return k.name == name; });
    if (info == kKeywords.end()) return fail(where, "unsupported keyword");
    switch (info->kind) {
      case Keyword::kSchema:
        return walk(value, where);
      case Keyword::kSchemaMap:
        return schema_map(value, where);
      case Keyword::kSchemaList:
        return schema_list(value, where);
      case Keyword::kCount:
        return (value.is_uint64() || (value.is_int64() && value.get_int64() >= 0)) ||
               fail(where, "must be a non-negative integer");
      case Keyword::kNumber:
        return value.is_number() || fail(where, "must be a number");
      case Keyword::kType:
        return type(value, where);
      case Keyword::kEnum:
        return (value.is_array() && !value.get_array().empty()) ||
               fail(where, "must be a non-empty array");
      case Keyword::kNames:
        return names(value, where);
      case Keyword::kPattern:
        return pattern(value, where);
      case Keyword::kRef:
        return reference(value, where);
      case Keyword::kAny:
      case Keyword::kAnnotation:
        return true;
    }
    return fail(where, "unsupported keyword");
  }

  bool schema_map(const json::value& value, const std::string& where) {
    const json::object* map = value.if_object();
    if (map == nullptr) return fail(where, "must be an object of schemas");
    for (const auto& member : *map) {
      if (!walk(member.value(), where + "/" + std::string(member.key()))) return false;
    }
    return true;
  }

  bool schema_list(const json::value& value, const std::string& where) {
    const json::array* list = value.if_array();
    if (list == nullptr || list->empty()) return fail(where, "must be a non-empty array");
    for (std::size_t i = 0; i < list->size(); ++i) {
      if (!walk((*list)[i], where + "/" + std::to_string(i))) return false;
    }
    return true;
  }

  bool type(const json::value& value, const std::string& where) {
    const auto known = [](const json::value& t) {
      return t.is_string() && std::find(kTypes.begin(), kTypes.end(),
                                        std::string_view(t.get_string())) != kTypes.end();
    };
    if (value.is_string()) return known(value) || fail(where, "unknown type");
    const json::array* list = value.if_array();
    if (list == nullptr || list->empty() || !std::all_of(list->begin(), list->end(), known)) {
      return fail(where, "must be a type name or a non-empty array of type names");
    }
    return true;
  }

  bool names(const json::value& value, const std::string& where) {
    const json::array* list = value.if_array();
    const bool ok =
        list != nullptr &&
        std::all_of(list->begin(), list->end(), [](const json::value& v) { return v.is_string(); });
    return ok || fail(where, "must be an array of strings");
  }

  bool pattern(const json::value& value, const std::string& where) {
    if (!value.is_string()) return fail(where, "must be a string");
    const std::string source(value.get_string());
    if (compiled_.patterns.contains(source)) return true;
    auto compiled = Pattern::compile(source);
    if (!compiled.ok()) return fail(where, "invalid pattern: " + compiled.error().message);
    compiled_.patterns.emplace(source, std::move(compiled).value());
    return true;
  }

  bool reference(const json::value& value, const std::string& where) {
    if (!value.is_string()) return fail(where, "must be a string");
    const std::string ref(value.get_string());
    const json::value* target = follow_pointer(compiled_.root, ref);
    if (target == nullptr) return fail(where, "unresolvable reference " + ref);
    if (!target->is_object() && !target->is_bool()) return fail(where, ref + " is not a schema");
    compiled_.refs.emplace(ref, target);
    return true;
  }

  CompiledSchema& compiled_;
  std::string error_;
};

}  // namespace

core::Result<JsonSchemaValidator> JsonSchemaValidator::create(std::string_view schema_json) {
  auto compiled = std::make_shared<CompiledSchema>();
  boost::system::error_code ec;
  compiled->root = json::parse(schema_json, ec);
  if (ec) return core::Error::internal("schema is not valid JSON: " + ec.message());
  SchemaCompiler compiler(*compiled);
  if (!compiler.walk(compiled->root, "")) return core::Error::internal(compiler.error());
  return JsonSchemaValidator(std::move(compiled));
}

std::vector<core::FieldError> JsonSchemaValidator::validate(const json::value& instance,
                                                            std::size_t max_errors) const {
  ErrorCollector out(max_errors);
  SchemaChecker(*compiled_).check(compiled_->root, instance, "$", out);
  return std::move(out).take();
}

core::Result<std::vector<core::FieldError>> JsonSchemaValidator::validate_at(
    std::string_view pointer, const json::value& instance, std::string_view base_path,
    std::size_t max_errors) const {
  const json::value* schema = follow_pointer(compiled_->root, pointer);
  if (schema == nullptr || !(schema->is_object() || schema->is_bool())) {
    return core::Error::not_found("no subschema at " + std::string(pointer));
  }
  ErrorCollector out(max_errors);
  SchemaChecker(*compiled_).check(*schema, instance, std::string(base_path), out);
  return std::move(out).take();
}

const json::value& JsonSchemaValidator::schema() const {
  return compiled_->root;
}

}  // namespace ovos::agents
