// The keyword families of SchemaChecker: type, enum/const, object, array, string, number.
#include <algorithm>

#include "agents/json_path.h"
#include "agents/schema_checker.h"
#include "agents/schema_text.h"
#include "core/utf8.h"

namespace ovos::agents {

namespace json = boost::json;
using schema_text::display;

bool SchemaChecker::check_type(const json::object& schema, const json::value& instance,
                               const std::string& path, ErrorCollector& out) const {
  const json::value* type = schema.if_contains("type");
  if (type == nullptr) return true;
  std::vector<std::string> allowed;
  if (type->is_string()) {
    allowed.emplace_back(type->get_string());
  } else {
    for (const json::value& each : type->get_array()) {
      allowed.emplace_back(each.get_string());
    }
  }
  const bool ok = std::any_of(allowed.begin(), allowed.end(), [&](const std::string& t) {
    return schema_text::has_type(instance, t);
  });
  if (!ok) out.add(path, schema_text::must_be_types(allowed), true);
  return ok;
}

void SchemaChecker::check_values(const json::object& schema, const json::value& instance,
                                 const std::string& path, ErrorCollector& out) const {
  if (const json::value* options = schema.if_contains("enum")) {
    const json::array& values = options->get_array();
    const bool found = std::any_of(values.begin(), values.end(), [&](const json::value& v) {
      return schema_text::json_equal(v, instance);
    });
    if (!found) {
      std::vector<std::string> shown;
      for (const json::value& v : values) {
        shown.push_back(display(v));
      }
      out.add(path, "must be one of: " + schema_text::join(shown));
    }
  }
  if (const json::value* expected = schema.if_contains("const")) {
    if (!schema_text::json_equal(*expected, instance)) {
      out.add(path, "must be " + display(*expected));
    }
  }
}

void SchemaChecker::check_object(const json::object& schema, const json::object& instance,
                                 const std::string& path, ErrorCollector& out) const {
  const json::value* declared = schema.if_contains("properties");
  const json::object* properties = declared != nullptr ? &declared->get_object() : nullptr;
  if (const json::value* required = schema.if_contains("required")) {
    for (const json::value& name : required->get_array()) {
      if (!instance.contains(name.get_string())) {
        out.add(path_key(path, name.get_string()), "is required");
      }
    }
  }
  if (const json::value* names = schema.if_contains("propertyNames")) {
    check_property_names(*names, instance, path, out);
  }
  const json::value* additional = schema.if_contains("additionalProperties");
  for (const auto& member : instance) {
    const std::string child = path_key(path, member.key());
    if (const json::value* property =
            properties ? properties->if_contains(member.key()) : nullptr) {
      check(*property, member.value(), child, out);
    } else if (additional != nullptr && additional->is_bool() && !additional->get_bool()) {
      std::string message = "unknown field " + schema_text::quoted(member.key());
      if (properties != nullptr) {
        std::vector<std::string> known;
        for (const auto& p : *properties) {
          known.emplace_back(p.key());
        }
        const std::string guess = schema_text::closest(member.key(), known);
        if (!guess.empty()) message += "; did you mean '" + guess + "'?";
      }
      out.add(child, std::move(message));
    } else if (additional != nullptr) {
      check(*additional, member.value(), child, out);
    }
  }
}

void SchemaChecker::check_property_names(const json::value& names, const json::object& instance,
                                         const std::string& path, ErrorCollector& out) const {
  for (const auto& member : instance) {
    ErrorCollector trial(10);
    const std::string child = path_key(path, member.key());
    check(names, json::value(member.key()), child, trial);
    for (const core::FieldError& error : trial.errors()) {
      out.add(child, "field name " + schema_text::quoted(member.key()) + " " + error.message);
    }
  }
}

void SchemaChecker::check_array(const json::object& schema, const json::array& instance,
                                const std::string& path, ErrorCollector& out) const {
  const std::size_t count = instance.size();
  if (const json::value* min = schema.if_contains("minItems")) {
    const auto limit = min->to_number<std::size_t>();
    if (count < limit) {
      out.add(path, limit == 1 ? "must not be empty"
                               : "must have at least " + std::to_string(limit) + " items");
    }
  }
  if (const json::value* max = schema.if_contains("maxItems")) {
    const auto limit = max->to_number<std::size_t>();
    if (count > limit) out.add(path, "must have at most " + std::to_string(limit) + " items");
  }
  std::size_t first_rest = 0;
  if (const json::value* prefix = schema.if_contains("prefixItems")) {
    const json::array& item_schemas = prefix->get_array();
    first_rest = std::min(item_schemas.size(), count);
    for (std::size_t i = 0; i < first_rest; ++i) {
      check(item_schemas[i], instance[i], path_index(path, i), out);
    }
  }
  if (const json::value* items = schema.if_contains("items")) {
    for (std::size_t i = first_rest; i < count && !out.full(); ++i) {
      check(*items, instance[i], path_index(path, i), out);
    }
  }
}

void SchemaChecker::check_string(const json::object& schema, const json::string& instance,
                                 const std::string& path, ErrorCollector& out) const {
  const std::size_t length = core::utf8_length(instance);
  if (const json::value* min = schema.if_contains("minLength")) {
    const auto limit = min->to_number<std::size_t>();
    if (length < limit) {
      out.add(path, limit == 1 ? "must not be empty"
                               : "must be at least " + std::to_string(limit) + " characters long");
    }
  }
  if (const json::value* max = schema.if_contains("maxLength")) {
    const auto limit = max->to_number<std::size_t>();
    if (length > limit) {
      out.add(path, "must be at most " + std::to_string(limit) + " characters long");
    }
  }
  if (const json::value* pattern = schema.if_contains("pattern")) {
    const std::string source(pattern->get_string());
    if (!schema_.patterns.at(source).search(instance)) {
      out.add(path, "must match the pattern " + source);
    }
  }
}

void SchemaChecker::check_number(const json::object& schema, double instance,
                                 const std::string& path, ErrorCollector& out) const {
  const auto bound = [&schema](const char* keyword) -> const json::value* {
    return schema.if_contains(keyword);
  };
  if (const json::value* min = bound("minimum"); min && instance < min->to_number<double>()) {
    out.add(path, "must be at least " + display(*min));
  }
  if (const json::value* max = bound("maximum"); max && instance > max->to_number<double>()) {
    out.add(path, "must be at most " + display(*max));
  }
  if (const json::value* min = bound("exclusiveMinimum");
      min && instance <= min->to_number<double>()) {
    out.add(path, "must be greater than " + display(*min));
  }
  if (const json::value* max = bound("exclusiveMaximum");
      max && instance >= max->to_number<double>()) {
    out.add(path, "must be less than " + display(*max));
  }
}

}  // namespace ovos::agents
