#include "agents/types/graph_expression.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include "agents/types/graph_variables.h"

namespace ovos::agents {

namespace json = boost::json;

namespace {

std::optional<double> number_of(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  if (v.is_double()) return v.get_double();
  if (v.is_string()) {
    std::string_view s = v.get_string();
    while (!s.empty() && s.front() == ' ')
      s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
      s.remove_suffix(1);
    if (s.empty()) return std::nullopt;
    if (s.front() == '+') s.remove_prefix(1);
    double out = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && end == s.data() + s.size()) return out;
  }
  return std::nullopt;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// The variable converted as variable_types says; unchanged without a type or when it does
/// not convert.
json::value typed(const json::value& v, const std::string* type) {
  if (type == nullptr) return v;
  if (*type == "number") {
    if (auto n = number_of(v)) return *n;
  } else if (*type == "boolean") {
    if (v.is_bool()) return v;
    const std::string text = lower(variable_text(v));
    if (text == "true" || text == "yes" || text == "1") return true;
    if (text == "false" || text == "no" || text == "0") return false;
  } else if (*type == "string") {
    return json::value(variable_text(v));
  }
  return v;
}

bool equal(const json::value& a, const json::value& b) {
  const bool a_num = a.is_number();
  const bool b_num = b.is_number();
  if (a_num || b_num) {
    const auto x = number_of(a);
    const auto y = number_of(b);
    return x && y && *x == *y;
  }
  return a == b;
}

/// -1, 0, 1, or nullopt when the two cannot be ordered.
std::optional<int> order(const json::value& a, const json::value& b) {
  if (a.is_number() || b.is_number()) {
    const auto x = number_of(a);
    const auto y = number_of(b);
    if (!x || !y) return std::nullopt;
    return *x < *y ? -1 : (*x > *y ? 1 : 0);
  }
  if (a.is_string() && b.is_string()) {
    const int c = std::string_view(a.get_string()).compare(std::string_view(b.get_string()));
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return std::nullopt;
}

bool member_of(const json::value& v, const json::value& set) {
  if (const json::array* items = set.if_array()) {
    return std::any_of(items->begin(), items->end(),
                       [&](const json::value& item) { return equal(v, item); });
  }
  if (const json::string* list = set.if_string()) {
    std::string_view rest = *list;
    while (true) {
      const std::size_t comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      while (!item.empty() && item.front() == ' ')
        item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ')
        item.remove_suffix(1);
      if (equal(v, json::value(item))) return true;
      if (comma == std::string_view::npos) return false;
      rest.remove_prefix(comma + 1);
    }
  }
  return equal(v, set);
}

bool contains(const json::value& v, const json::value& needle) {
  if (const json::array* items = v.if_array()) {
    return std::any_of(items->begin(), items->end(),
                       [&](const json::value& item) { return equal(item, needle); });
  }
  if (v.is_string()) {
    return lower(v.get_string()).find(lower(variable_text(needle))) != std::string::npos;
  }
  return false;
}

}  // namespace

bool condition_holds(const GraphCondition& condition, const json::object& context,
                     const std::map<std::string, std::string>& types) {
  const json::value* found = find_variable(context, condition.variable);
  const bool present = found != nullptr && !found->is_null();
  switch (condition.op) {
    case GraphOperator::kExists:
      return present;
    case GraphOperator::kNotExists:
      return !present;
    default:
      break;
  }
  if (!present) {
    return condition.op == GraphOperator::kNeq || condition.op == GraphOperator::kNotIn;
  }
  const auto type = types.find(condition.variable);
  const json::value v = typed(*found, type != types.end() ? &type->second : nullptr);
  const json::value& want = condition.value;
  switch (condition.op) {
    case GraphOperator::kEq:
      return equal(v, want);
    case GraphOperator::kNeq:
      return !equal(v, want);
    case GraphOperator::kGt:
    case GraphOperator::kGte:
    case GraphOperator::kLt:
    case GraphOperator::kLte: {
      const auto c = order(v, want);
      if (!c) return false;
      if (condition.op == GraphOperator::kGt) return *c > 0;
      if (condition.op == GraphOperator::kGte) return *c >= 0;
      if (condition.op == GraphOperator::kLt) return *c < 0;
      return *c <= 0;
    }
    case GraphOperator::kIn:
      return member_of(v, want);
    case GraphOperator::kNotIn:
      return !member_of(v, want);
    case GraphOperator::kContains:
      return contains(v, want);
    case GraphOperator::kExists:
    case GraphOperator::kNotExists:
      break;
  }
  return false;
}

bool expression_holds(const GraphExpression& expression, const json::object& context,
                      const std::map<std::string, std::string>& types) {
  if (expression.conditions.empty()) return false;
  const auto holds = [&](const GraphCondition& c) { return condition_holds(c, context, types); };
  return expression.any
             ? std::any_of(expression.conditions.begin(), expression.conditions.end(), holds)
             : std::all_of(expression.conditions.begin(), expression.conditions.end(), holds);
}

}  // namespace ovos::agents
