#include "engine/sentence_chunker.h"

#include <array>
#include <cassert>
#include <optional>

#include "core/utf8.h"

namespace ovos::engine {
namespace {

// Words ending in '.' that never end a sentence, compared in ASCII lower case.
constexpr std::array<std::string_view, 18> kAbbreviations = {
    "mr.",  "mrs.", "ms.",  "dr.",  "prof.", "st.",  "jr.",  "sr.",  "vs.",
    "etc.", "e.g.", "i.e.", "a.m.", "p.m.",  "u.s.", "inc.", "ltd.", "no."};

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …
constexpr std::string_view kEmDash = "\xE2\x80\x94";    // —
// Closing quotes and brackets that stay with the sentence they follow.
constexpr std::array<std::string_view, 8> kClosers = {
    "\"", "'", ")", "]", "}", "\xE2\x80\x9D" /* ” */, "\xE2\x80\x99" /* ’ */, "\xC2\xBB" /* » */};

enum class Kind { kClause, kSentence };

// A place to break: the piece is text[0, end); the break is known once text[0, decided) arrived.
struct Cut {
  std::size_t end = 0;
  std::size_t decided = 0;
  Kind kind = Kind::kSentence;
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return is_lower(c) || is_upper(c);
}
char to_lower(char c) {
  return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return text;
}

// Bytes of the code point at text[i]; a malformed byte counts as one.
std::size_t cp_size(std::string_view text, std::size_t i) {
  char32_t cp = 0;
  const std::size_t n = core::decode_utf8(text, i, cp);
  return n == 0 ? 1 : n;
}

// Length of `text` without a trailing code point that has not fully arrived yet.
std::size_t complete_prefix(std::string_view text) {
  for (std::size_t back = 1; back <= 3 && back <= text.size(); ++back) {
    const auto byte = static_cast<unsigned char>(text[text.size() - back]);
    if ((byte & 0xC0) == 0x80) continue;
    std::size_t need = 1;
    if ((byte & 0xE0) == 0xC0) need = 2;
    if ((byte & 0xF0) == 0xE0) need = 3;
    if ((byte & 0xF8) == 0xF0) need = 4;
    return need > back ? text.size() - back : text.size();
  }
  return text.size();
}

bool starts_with_any(std::string_view text, std::size_t i, std::string_view what) {
  return text.substr(i).starts_with(what);
}

// Length of the sentence terminator (. ! ? …) at text[i], or 0.
std::size_t terminator_at(std::string_view text, std::size_t i) {
  const char c = text[i];
  if (c == '.' || c == '!' || c == '?') return 1;
  return starts_with_any(text, i, kEllipsis) ? kEllipsis.size() : 0;
}

std::size_t closer_at(std::string_view text, std::size_t i) {
  for (const std::string_view closer : kClosers)
    if (starts_with_any(text, i, closer)) return closer.size();
  return 0;
}

// The word before the '.' at text[dot], with the dot, in lower case ("e.g.", "mr.").
std::string word_before(std::string_view text, std::size_t dot) {
  std::size_t start = dot;
  while (start > 0 && (is_alpha(text[start - 1]) || text[start - 1] == '.'))
    --start;
  std::string word;
  for (std::size_t k = start; k <= dot; ++k)
    word += to_lower(text[k]);
  return word;
}

// Whether the single '.' at text[dot], followed by spaces and then text[next], is not a sentence
// end: an abbreviation, an initial ("J. K."), an ordinal ("am 3. Oktober"), or a sentence that goes
// on in lower case or with a digit.
bool keeps_period(std::string_view text, std::size_t dot, std::size_t next) {
  const std::string word = word_before(text, dot);
  for (const std::string_view abbreviation : kAbbreviations)
    if (word == abbreviation) return true;
  if (dot >= 1 && is_upper(text[dot - 1]) && (dot == 1 || !is_alpha(text[dot - 2]))) return true;
  std::size_t digits = 0;
  while (digits < dot && is_digit(text[dot - 1 - digits]))
    ++digits;
  const bool word_start = digits == dot || is_space(text[dot - 1 - digits]);
  const bool letter_next = is_alpha(text[next]) || static_cast<unsigned char>(text[next]) >= 0x80;
  return digits >= 1 && digits <= 2 && word_start && letter_next;
}

// A sentence end starting at text[i] (a run of terminators, then closers, then spaces). Sets
// `next` to where scanning goes on.
std::optional<Cut> sentence_end_at(std::string_view text, std::size_t i, std::size_t& next) {
  std::size_t run_end = i;
  while (run_end < text.size() && terminator_at(text, run_end) > 0)
    run_end += terminator_at(text, run_end);
  std::size_t end = run_end;
  while (end < text.size() && closer_at(text, end) > 0)
    end += closer_at(text, end);
  next = run_end;
  if (end == text.size() || !is_space(text[end])) return std::nullopt;  // "3." may become "3.5"
  std::size_t word = end;
  while (word < text.size() && is_space(text[word])) {
    if (text[word] == '\n') return std::nullopt;  // the newline itself is the break
    ++word;
  }
  if (word == text.size()) return std::nullopt;  // the next word decides
  next = end;
  if (is_lower(text[word]) || is_digit(text[word])) return std::nullopt;
  if (run_end == i + 1 && text[i] == '.' && keeps_period(text, i, word)) return std::nullopt;
  return Cut{end, word + cp_size(text, word), Kind::kSentence};
}

// The break at text[i], if any; `next` is set to where scanning goes on.
std::optional<Cut> cut_at(std::string_view text, std::size_t i, std::size_t& next) {
  next = i + cp_size(text, i);
  const char c = text[i];
  if (c == '\n') return Cut{i, i + 1, Kind::kSentence};
  if (terminator_at(text, i) > 0) return sentence_end_at(text, i, next);
  if ((c == ',' || c == ';' || c == ':') && i + 1 < text.size() && is_space(text[i + 1]))
    return Cut{i + 1, i + 2, Kind::kClause};
  if (starts_with_any(text, i, kEmDash)) return Cut{next, next, Kind::kClause};
  return std::nullopt;
}

// The break forced by `max_chars`: at the last space up to the code point past the limit, or at
// that code point when the piece has no space.
std::optional<Cut> forced_cut(std::string_view text, std::size_t max_chars) {
  std::size_t start = 0;
  while (start < text.size() && is_space(text[start]))
    ++start;
  std::size_t count = 0;
  for (std::size_t i = start; i < text.size(); i += cp_size(text, i)) {
    if (++count <= max_chars) continue;
    for (std::size_t space = i + 1; space-- > start;)
      if (is_space(text[space])) return Cut{space, i + cp_size(text, i), Kind::kSentence};
    return Cut{i, i + cp_size(text, i), Kind::kSentence};
  }
  return std::nullopt;
}

bool earlier(const Cut& a, const Cut& b) {
  return a.decided != b.decided ? a.decided < b.decided : a.end < b.end;
}

}  // namespace

SentenceChunker::SentenceChunker(ChunkerOptions options) : options_(options) {
  assert(options_.max_chars > 0);
}

std::vector<std::string> SentenceChunker::push(std::string_view token) {
  buffer_.append(token);
  std::vector<std::string> pieces;
  // Always take the break that became known first, so that the pieces are the same whichever way
  // the text was split into tokens.
  for (;;) {
    const std::string_view text(buffer_.data(), complete_prefix(buffer_));
    std::optional<Cut> best = forced_cut(text, options_.max_chars);
    const std::size_t min_chars = first_ ? options_.first_chunk_min_chars : options_.min_chars;
    for (std::size_t i = 0, next = 0; i < text.size() && (!best || i < best->decided); i = next) {
      const std::optional<Cut> cut = cut_at(text, i, next);
      if (!cut || (cut->kind == Kind::kClause && !first_)) continue;
      const std::string_view piece = trim(text.substr(0, cut->end));
      if (piece.empty() || core::utf8_length(piece) < min_chars) continue;
      if (!best || earlier(*cut, *best)) best = cut;
    }
    if (!best) return pieces;
    const std::string_view piece = trim(text.substr(0, best->end));
    if (!piece.empty()) {
      pieces.emplace_back(piece);
      first_ = false;
    }
    buffer_.erase(0, best->end);
  }
}

std::vector<std::string> SentenceChunker::flush() {
  std::vector<std::string> pieces;
  const std::string_view rest = trim(buffer_);
  if (!rest.empty()) pieces.emplace_back(rest);
  reset();
  return pieces;
}

void SentenceChunker::reset() {
  buffer_.clear();
  first_ = true;
}

}  // namespace ovos::engine
