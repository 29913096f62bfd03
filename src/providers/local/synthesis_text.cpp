#include "providers/local/synthesis_text.h"

#include <algorithm>

namespace ovos::providers::local {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

// Where to end the first piece of `text` (longer than max_bytes).
std::size_t cut_point(std::string_view text, std::size_t max_bytes) {
  for (std::size_t i = max_bytes; i > max_bytes / 2; --i) {
    const char before = text[i - 1];
    const bool sentence_end =
        before == '\n' ||
        ((before == '.' || before == '!' || before == '?' || before == ';') && is_space(text[i]));
    if (sentence_end) return i;
  }
  for (std::size_t i = max_bytes; i > 0; --i) {
    if (is_space(text[i - 1])) return i;
  }
  std::size_t cut = max_bytes;
  while (cut > 0 && is_continuation_byte(text[cut]))
    --cut;
  return cut > 0 ? cut : max_bytes;  // not UTF-8 at all: cut anywhere
}

}  // namespace

std::vector<std::string_view> split_for_synthesis(std::string_view text, std::size_t max_bytes) {
  max_bytes = std::max<std::size_t>(max_bytes, 4);  // room for any code point
  std::vector<std::string_view> pieces;
  while (text.size() > max_bytes) {
    const std::size_t cut = cut_point(text, max_bytes);
    pieces.push_back(text.substr(0, cut));
    text.remove_prefix(cut);
  }
  if (!text.empty()) pieces.push_back(text);
  return pieces;
}

}  // namespace ovos::providers::local
