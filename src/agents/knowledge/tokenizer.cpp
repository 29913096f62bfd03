#include "agents/knowledge/tokenizer.h"

#include <locale.h>
#include <wctype.h>

#include <algorithm>
#include <array>

#include "core/utf8.h"

namespace ovos::agents::knowledge {
namespace {

constexpr std::size_t kMaxTermChars = 64;

// Sorted, for binary search.
constexpr std::array<std::string_view, 40> kStopwords = {
    "a",    "an",  "and",  "are", "as",   "at",   "be",  "but",  "by",   "do",
    "does", "for", "from", "had", "has",  "have", "how", "i",    "if",   "in",
    "into", "is",  "it",   "its", "me",   "my",   "no",  "not",  "of",   "on",
    "or",   "so",  "that", "the", "this", "to",   "was", "were", "with", "you"};

locale_t utf8_locale() {
  static const locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr);
  return locale;
}

bool is_ideograph(char32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) ||  // Hiragana, Katakana
         (cp >= 0x3400 && cp <= 0x4DBF) ||  // CJK extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||  // CJK unified ideographs
         (cp >= 0xF900 && cp <= 0xFAFF) ||  // CJK compatibility ideographs
         (cp >= 0x20000 && cp <= 0x2FA1F);  // CJK extensions B..
}

bool is_word(char32_t cp, locale_t locale) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  }
  if (locale == nullptr) return true;  // no Unicode tables: every non-ASCII character is a letter
  const auto w = static_cast<wint_t>(cp);
  // Combining marks (accents written apart) belong to their word.
  return iswalnum_l(w, locale) != 0 || (cp >= 0x0300 && cp <= 0x036F);
}

char32_t lower(char32_t cp, locale_t locale) {
  if (cp >= 'A' && cp <= 'Z') return cp + ('a' - 'A');
  if (cp < 0x80 || locale == nullptr) return cp;
  const auto lowered = towlower_l(static_cast<wint_t>(cp), locale);
  return lowered <= 0x10FFFF ? static_cast<char32_t>(lowered) : cp;
}

bool is_apostrophe(char32_t cp) {
  return cp == '\'' || cp == 0x2019;
}

class TermCollector {
 public:
  void add(char32_t cp) {
    if (chars_ < kMaxTermChars) core::append_utf8(cp, term_);
    ++chars_;
  }
  void finish(std::vector<std::string>& out) {
    if (!term_.empty() && !is_stopword(term_)) out.push_back(stem(std::move(term_)));
    term_.clear();
    chars_ = 0;
  }
  [[nodiscard]] bool empty() const { return term_.empty(); }

 private:
  std::string term_;
  std::size_t chars_ = 0;
};

}  // namespace

bool is_stopword(std::string_view term) {
  return std::binary_search(kStopwords.begin(), kStopwords.end(), term);
}

std::string stem(std::string term) {
  const auto ends = [&](std::string_view suffix) { return term.ends_with(suffix); };
  if (term.size() < 4) return term;
  for (const char c : term) {
    if (static_cast<unsigned char>(c) >= 0x80) return term;
  }
  if (ends("ies") && !ends("eies") && !ends("aies")) {
    term.replace(term.size() - 3, 3, "y");
  } else if (ends("es") && !ends("aes") && !ends("ees") && !ends("oes")) {
    term.pop_back();
  } else if (ends("s") && !ends("us") && !ends("ss")) {
    term.pop_back();
  }
  return term;
}

std::vector<std::string> tokenize(std::string_view text) {
  const locale_t locale = utf8_locale();
  std::vector<std::string> out;
  TermCollector term;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t length = core::decode_utf8(text, i, cp);
    if (length == 0) {
      term.finish(out);
      ++i;
      continue;
    }
    i += length;
    if (is_ideograph(cp)) {
      term.finish(out);
      term.add(cp);
      term.finish(out);
    } else if (is_word(cp, locale)) {
      term.add(lower(cp, locale));
    } else if (is_apostrophe(cp) && !term.empty() && i < text.size()) {
      char32_t next = 0;
      if (core::decode_utf8(text, i, next) == 0 || !is_word(next, locale) || is_ideograph(next)) {
        term.finish(out);
      }
    } else {
      term.finish(out);
    }
  }
  term.finish(out);
  return out;
}

}  // namespace ovos::agents::knowledge
