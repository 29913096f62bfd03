#pragma once

// Text pieces of the local router: words, stems, stopwords and fuzzy similarity, made to be
// forgiving of what a speech recogniser gets wrong.

#include <string>
#include <string_view>
#include <vector>

namespace ovos::agents::route_text {

/// One word of an utterance: as heard (lowercase) and its stem.
struct Word {
  std::string text;
  std::string stem;
};

/// Lowercase ASCII words (letters, digits and apostrophes; "what's" -> "whats"), with their
/// stems. Bytes above 0x7f are kept inside words, so other scripts still compare exactly.
[[nodiscard]] std::vector<Word> words(std::string_view text);

/// The words that carry meaning: `words(text)` without stopwords ("the", "please", "I'd",
/// "um"...). Yes/no words, numbers and names of days are never stopwords.
[[nodiscard]] std::vector<Word> content_words(std::string_view text);

/// A crude English stem: common inflections removed ("hours" -> "hour", "booking" -> "book",
/// "opened" -> "open", "appointments" -> "appointment"), never below three letters.
[[nodiscard]] std::string stem(std::string_view word);

/// Whether `word` (lowercase) is a stopword.
[[nodiscard]] bool is_stopword(std::string_view word);

/// Levenshtein distance between two byte strings.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// 1 - distance / longer length: 1 for equal strings, 0 for nothing in common.
[[nodiscard]] double edit_similarity(std::string_view a, std::string_view b);

/// Dice coefficient of the character trigrams of the two strings (each padded with a space),
/// from 0 to 1.
[[nodiscard]] double trigram_similarity(std::string_view a, std::string_view b);

/// How well two words match: 1 when their stems are equal, the edit similarity of the words
/// when it is at least 0.75 and both have four letters or more (a recogniser's "ours" for
/// "hours"; shorter words are too easily confused: "all", "call"), else 0.
[[nodiscard]] double word_match(const Word& a, const Word& b);

/// The words joined by single spaces.
[[nodiscard]] std::string joined(const std::vector<Word>& words);

}  // namespace ovos::agents::route_text
