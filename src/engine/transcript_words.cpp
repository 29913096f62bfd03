#include "engine/transcript_words.h"

#include "core/words.h"

namespace ovos::engine {

InterruptionWords::InterruptionWords(const std::vector<std::string>& backchannels)
    : backchannel_(backchannels.begin(), backchannels.end()) {}

int InterruptionWords::count(std::string_view transcript) const {
  int count = 0;
  for (const std::string& word : core::lower_words(transcript, "'-"))
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
