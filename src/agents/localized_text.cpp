#include "agents/localized_text.h"

#include <boost/json/object.hpp>

namespace ovos::agents {

std::string localized_text(const boost::json::value* value, std::string_view language,
                           std::string fallback) {
  if (value == nullptr || value->is_null()) return fallback;
  if (value->is_string()) return std::string(value->get_string());
  const boost::json::object* map = value->if_object();
  if (map == nullptr) return fallback;
  const auto pick = [&](std::string_view lang) -> const boost::json::string* {
    const boost::json::value* text = lang.empty() ? nullptr : map->if_contains(lang);
    return text != nullptr ? text->if_string() : nullptr;
  };
  for (std::string_view lang :
       {language, std::string_view("en"), std::string_view("en-US"), std::string_view("en-GB")}) {
    if (const auto* text = pick(lang)) return std::string(*text);
  }
  for (const auto& [lang, text] : *map) {
    if (text.is_string()) return std::string(text.get_string());
  }
  return fallback;
}

}  // namespace ovos::agents
