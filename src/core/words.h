#pragma once

// Splitting a transcript or a phrase into words for matching. Pure; any thread.

#include <string>
#include <string_view>
#include <vector>

namespace ovos::core {

/// The words of `text`, ASCII letters lower-cased: runs of letters, digits, bytes of UTF-8
/// characters and the characters of `inner` (apostrophes by default: "don't" is one word);
/// anything else separates them.
[[nodiscard]] std::vector<std::string> lower_words(std::string_view text,
                                                   std::string_view inner = "'");

}  // namespace ovos::core
