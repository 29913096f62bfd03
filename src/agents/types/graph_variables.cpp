#include "agents/types/graph_variables.h"

#include <boost/json/serialize.hpp>

namespace ovos::agents {

namespace json = boost::json;

json::object call_context(const json::object& context_data,
                          const std::map<std::string, std::string>& variables) {
  json::object context = context_data;
  for (const auto& [name, value] : variables)
    context[name] = value;
  return context;
}

const json::value* find_variable(const json::object& context, std::string_view path) {
  if (const json::value* whole = context.if_contains(path)) return whole;
  const json::object* scope = &context;
  const json::value* found = nullptr;
  while (!path.empty()) {
    if (scope == nullptr) return nullptr;
    const std::size_t dot = path.find('.');
    const std::string_view key = path.substr(0, dot);
    found = scope->if_contains(key);
    if (found == nullptr) return nullptr;
    if (dot == std::string_view::npos) break;
    path.remove_prefix(dot + 1);
    scope = found->if_object();
  }
  return found;
}

std::string variable_text(const json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_null()) return {};
  return json::serialize(value);
}

std::string fill_context(std::string_view text, const json::object& context) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      const std::size_t close = text.find('}', i + 1);
      if (close != std::string_view::npos) {
        const json::value* v = find_variable(context, text.substr(i + 1, close - i - 1));
        if (v != nullptr) {
          out += variable_text(*v);
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

}  // namespace ovos::agents
