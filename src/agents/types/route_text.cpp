#include "agents/types/route_text.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>

namespace ovos::agents::route_text {

namespace {

// Function words and phone-call filler. Kept small on purpose: a word missing here only lowers
// scores a little, a word wrongly here can make an intent unreachable.
constexpr std::string_view kStopwords[] = {
    "a",    "about", "actually", "am",     "an",     "and",   "any",   "are",   "as",   "at",
    "be",   "been",  "but",      "by",     "can",    "could", "did",   "do",    "does", "er",
    "for",  "from",  "get",      "go",     "got",    "have",  "hello", "hey",   "hi",   "how",
    "i",    "id",    "if",       "im",     "in",     "is",    "it",    "its",   "ive",  "just",
    "know", "like",  "ll",       "me",     "mm",     "my",    "need",  "of",    "oh",   "ok",
    "okay", "on",    "or",       "please", "really", "so",    "some",  "tell",  "that", "thats",
    "the",  "there", "this",     "to",     "uh",     "um",    "umm",   "was",   "we",   "well",
    "were", "what",  "whats",    "when",   "will",   "with",  "would", "wanna", "want", "you",
    "your", "youre", "hmm",      "let",    "us",     "our"};

bool word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/// "stopp" -> "stop" after removing -ing/-ed from "stopping"/"stopped".
std::string undouble(std::string s) {
  const std::size_t n = s.size();
  if (n >= 4 && s[n - 1] == s[n - 2] && !vowel(s[n - 1]) && s[n - 1] != 'l' && s[n - 1] != 's') {
    s.pop_back();
  }
  return s;
}

}  // namespace

bool is_stopword(std::string_view word) {
  return std::find(std::begin(kStopwords), std::end(kStopwords), word) != std::end(kStopwords);
}

std::string stem(std::string_view word) {
  std::string w(word);
  if (w.size() <= 3) return w;
  if (ends_with(w, "ies") && w.size() > 4) return w.substr(0, w.size() - 3) + "y";
  if (ends_with(w, "ing") && w.size() >= 6) return undouble(w.substr(0, w.size() - 3));
  if (ends_with(w, "ed") && w.size() >= 5) return undouble(w.substr(0, w.size() - 2));
  if (ends_with(w, "ly") && w.size() >= 6) return w.substr(0, w.size() - 2);
  if (ends_with(w, "es") && w.size() >= 5 &&
      (ends_with(w, "ches") || ends_with(w, "shes") || ends_with(w, "sses") ||
       ends_with(w, "xes"))) {
    return w.substr(0, w.size() - 2);
  }
  if (ends_with(w, "s") && !ends_with(w, "ss") && !ends_with(w, "us") && w.size() >= 4) {
    return w.substr(0, w.size() - 1);
  }
  return w;
}

std::vector<Word> words(std::string_view text) {
  std::vector<Word> out;
  std::string current;
  const auto push = [&] {
    if (!current.empty()) out.push_back({current, stem(current)});
    current.clear();
  };
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    if (word_byte(c)) {
      current += static_cast<char>(c < 0x80 ? std::tolower(c) : c);
    } else if (c != '\'') {  // apostrophes join ("what's" -> "whats")
      push();
    }
  }
  push();
  return out;
}

std::vector<Word> content_words(std::string_view text) {
  std::vector<Word> all = words(text);
  std::erase_if(all, [](const Word& w) { return is_stopword(w.text); });
  return all;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

double edit_similarity(std::string_view a, std::string_view b) {
  const std::size_t longer = std::max(a.size(), b.size());
  if (longer == 0) return 1.0;
  return 1.0 - static_cast<double>(edit_distance(a, b)) / static_cast<double>(longer);
}

double trigram_similarity(std::string_view a, std::string_view b) {
  const auto grams = [](std::string_view s) {
    const std::string padded = " " + std::string(s) + " ";
    std::map<std::string, int> out;
    for (std::size_t i = 0; i + 3 <= padded.size(); ++i)
      ++out[padded.substr(i, 3)];
    return out;
  };
  const auto x = grams(a);
  const auto y = grams(b);
  int total = 0;
  int shared = 0;
  for (const auto& [gram, n] : x) {
    total += n;
    if (auto it = y.find(gram); it != y.end()) shared += std::min(n, it->second);
  }
  for (const auto& [gram, n] : y)
    total += n;
  return total == 0 ? 0.0 : 2.0 * shared / total;
}

double word_match(const Word& a, const Word& b) {
  if (a.stem == b.stem || a.text == b.text) return 1.0;
  if (a.text.size() < 4 || b.text.size() < 4) return 0.0;
  const double similarity =
      std::max(edit_similarity(a.text, b.text), edit_similarity(a.stem, b.stem));
  return similarity >= 0.75 ? similarity : 0.0;
}

std::string joined(const std::vector<Word>& words) {
  std::string out;
  for (const Word& w : words) {
    if (!out.empty()) out += ' ';
    out += w.text;
  }
  return out;
}

}  // namespace ovos::agents::route_text
