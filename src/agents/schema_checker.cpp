#include "agents/schema_checker.h"

#include <algorithm>
#include <cassert>

#include "agents/schema_text.h"

namespace ovos::agents {

namespace json = boost::json;

void SchemaChecker::check(const json::value& schema, const json::value& instance,
                          const std::string& path, ErrorCollector& out) const {
  if (out.full()) return;
  if (const bool* allowed = schema.if_bool()) {
    if (!*allowed) out.add(path, "is not allowed");
    return;
  }
  const json::object& keywords = schema.get_object();
  if (const json::value* ref = keywords.if_contains("$ref")) {
    check(resolve(*ref), instance, path, out);
  }
  if (!check_type(keywords, instance, path, out)) return;  // nothing else makes sense then
  check_values(keywords, instance, path, out);
  if (const json::object* object = instance.if_object()) {
    check_object(keywords, *object, path, out);
  } else if (const json::array* array = instance.if_array()) {
    check_array(keywords, *array, path, out);
  } else if (const json::string* text = instance.if_string()) {
    check_string(keywords, *text, path, out);
  } else if (instance.is_number()) {
    check_number(keywords, instance.to_number<double>(), path, out);
  }
  check_combinators(keywords, instance, path, out);
}

const json::value& SchemaChecker::resolve(const json::value& ref) const {
  const auto it = schema_.refs.find(std::string(ref.get_string()));
  assert(it != schema_.refs.end());  // JsonSchemaValidator::create checked every $ref
  return *it->second;
}

bool SchemaChecker::matches(const json::value& schema, const json::value& instance) const {
  ErrorCollector probe(1);
  check(schema, instance, "$", probe);
  return probe.empty();
}

void SchemaChecker::check_combinators(const json::object& schema, const json::value& instance,
                                      const std::string& path, ErrorCollector& out) const {
  if (const json::value* all = schema.if_contains("allOf")) {
    for (const json::value& branch : all->get_array()) {
      check(branch, instance, path, out);
    }
  }
  if (const json::value* any = schema.if_contains("anyOf")) {
    check_any_of(any->get_array(), instance, path, out);
  }
  if (const json::value* one = schema.if_contains("oneOf")) {
    check_one_of(one->get_array(), instance, path, out);
  }
  if (const json::value* negated = schema.if_contains("not")) {
    if (matches(*negated, instance)) out.add(path, "is not allowed");
  }
  if (const json::value* condition = schema.if_contains("if")) {
    const char* branch = matches(*condition, instance) ? "then" : "else";
    if (const json::value* chosen = schema.if_contains(branch)) check(*chosen, instance, path, out);
  }
}

void SchemaChecker::check_any_of(const json::array& branches, const json::value& instance,
                                 const std::string& path, ErrorCollector& out) const {
  std::vector<ErrorCollector> failures;
  for (const json::value& branch : branches) {
    ErrorCollector trial(100);
    check(branch, instance, path, trial);
    if (trial.empty()) return;
    failures.push_back(std::move(trial));
  }
  report_best_branch(branches, failures, path, out);
}

void SchemaChecker::check_one_of(const json::array& branches, const json::value& instance,
                                 const std::string& path, ErrorCollector& out) const {
  std::vector<ErrorCollector> failures;
  std::size_t matched = 0;
  for (const json::value& branch : branches) {
    ErrorCollector trial(100);
    check(branch, instance, path, trial);
    if (trial.empty()) ++matched;
    failures.push_back(std::move(trial));
  }
  if (matched == 1) return;
  if (matched > 1) {
    out.add(path,
            "must match exactly one of the allowed forms, but matches " + std::to_string(matched));
    return;
  }
  report_best_branch(branches, failures, path, out);
}

// Every branch failed. A branch that failed only because the value has another type says
// nothing useful; among the rest, the one with the fewest errors is the form the user most
// likely meant. When every branch failed on type alone, one message lists the types allowed.
void SchemaChecker::report_best_branch(const json::array& branches,
                                       const std::vector<ErrorCollector>& failures,
                                       const std::string& path, ErrorCollector& out) const {
  const ErrorCollector* best = nullptr;
  for (const ErrorCollector& failure : failures) {
    if (failure.only_type_mismatch_at(path)) continue;
    if (best == nullptr || failure.size() < best->size()) best = &failure;
  }
  if (best != nullptr) {
    out.append(*best);
    return;
  }
  std::vector<std::string> types;
  for (const json::value& branch : branches) {
    collect_types(branch, types);
  }
  if (types.empty()) {
    out.append(failures.front());
  } else {
    out.add(path, schema_text::must_be_types(types), true);
  }
}

void SchemaChecker::collect_types(const json::value& schema,
                                  std::vector<std::string>& types) const {
  const json::object* keywords = schema.if_object();
  if (keywords == nullptr) return;
  const auto add = [&types](const json::value& type) {
    std::string name(type.get_string());
    if (std::find(types.begin(), types.end(), name) == types.end()) types.push_back(name);
  };
  if (const json::value* type = keywords->if_contains("type")) {
    if (type->is_string()) {
      add(*type);
    } else {
      for (const json::value& each : type->get_array()) {
        add(each);
      }
    }
    return;
  }
  if (const json::value* ref = keywords->if_contains("$ref")) collect_types(resolve(*ref), types);
  for (const char* combinator : {"anyOf", "oneOf"}) {
    if (const json::value* branches = keywords->if_contains(combinator)) {
      for (const json::value& branch : branches->get_array()) {
        collect_types(branch, types);
      }
    }
  }
}

}  // namespace ovos::agents
