#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace ovos::agents {

/// Bolna's LocalizedText: one string, or a map of language code to text. Picks `language`,
/// then English ("en", "en-US", "en-GB"), then any entry; `fallback` when there is none.
[[nodiscard]] std::string localized_text(const boost::json::value* value, std::string_view language,
                                         std::string fallback = {});

}  // namespace ovos::agents
