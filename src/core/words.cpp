#include "core/words.h"

#include <cctype>

namespace ovos::core {

std::vector<std::string> lower_words(std::string_view text, std::string_view inner) {
  std::vector<std::string> words;
  std::string word;
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    if (std::isalnum(c) != 0 || c >= 0x80 || inner.find(raw) != std::string_view::npos) {
      word += static_cast<char>(std::tolower(c));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

}  // namespace ovos::core
