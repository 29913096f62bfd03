#pragma once

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ovos::engine {

/// Counts the words of a caller's transcript that may cut the agent off: every word but the
/// backchannels ("yeah", "uh-huh") it lets pass. Words are lower-cased, with apostrophes and
/// hyphens kept inside them. Immutable once made; any thread.
class InterruptionWords {
 public:
  /// `backchannels`: lower-case words that never interrupt.
  explicit InterruptionWords(const std::vector<std::string>& backchannels);

  /// How many words of `transcript` are not backchannels.
  [[nodiscard]] int count(std::string_view transcript) const;

 private:
  std::set<std::string, std::less<>> backchannel_;
};

/// `text` without the spaces, tabs and newlines around it.
[[nodiscard]] std::string trim_text(std::string_view text);

}  // namespace ovos::engine
