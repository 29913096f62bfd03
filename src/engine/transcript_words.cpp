#include "engine/transcript_words.h"

#include <cctype>

namespace ovos::engine {

namespace {

/// Lower-case words of a transcript, apostrophes and hyphens kept inside words.
std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    if (std::isalnum(c) != 0 || c >= 0x80 || c == '\'' || c == '-') {
      word += static_cast<char>(std::tolower(c));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

}  // namespace

InterruptionWords::InterruptionWords(const std::vector<std::string>& backchannels)
    : backchannel_(backchannels.begin(), backchannels.end()) {}

int InterruptionWords::count(std::string_view transcript) const {
  int count = 0;
  for (const std::string& word : words_of(transcript))
    count += backchannel_.contains(word) ? 0 : 1;
  return count;
}

std::string trim_text(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

}  // namespace ovos::engine
