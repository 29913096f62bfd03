#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ovos::agents::knowledge {

/// The search terms of `text`, in order: runs of letters and digits of any script, lowercased
/// with Unicode simple case mapping; apostrophes inside a word are dropped ("don't" -> "dont");
/// Han, Hiragana and Katakana characters are one term each (those scripts do not put spaces
/// between words); terms of more than 64 code points are cut. English stopwords are left out
/// and plurals reduced (stem). Malformed UTF-8 bytes separate terms. Safe from any thread.
[[nodiscard]] std::vector<std::string> tokenize(std::string_view text);

/// Whether `term` (lowercase) is one of the small English stopword list (a, the, is, of...).
[[nodiscard]] bool is_stopword(std::string_view term);

/// Harman's "S" stemmer for ASCII words of 4+ letters: -ies -> -y (not -eies, -aies),
/// -es -> -e (not -aes, -ees, -oes), -s -> "" (not -us, -ss); other words unchanged.
[[nodiscard]] std::string stem(std::string term);

}  // namespace ovos::agents::knowledge
