#include "agents/knowledge/plain_text.h"

#include "core/utf8.h"

namespace ovos::agents::knowledge {
namespace {

// Length of the well-formed sequence at text[i], or 0.
std::size_t strict_sequence(std::string_view text, std::size_t i, char32_t& cp) {
  const std::size_t length = core::decode_utf8(text, i, cp);
  if (length == 0) return 0;
  constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[length]) return 0;         // overlong
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;  // UTF-16 surrogate
  if (cp > 0x10FFFF) return 0;                 // past Unicode
  return length;
}

bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == 0x0B || cp == 0x0C || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

bool is_dropped_control(char32_t cp) {
  return (cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFEFF || cp == 0x200B ||
         cp == 0xAD;  // BOM/zero-width no-break space, zero width space, soft hyphen
}

}  // namespace

core::Result<void> check_utf8(std::string_view text, std::string_view path) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t length = strict_sequence(text, i, cp);
    if (length == 0) {
      const std::string message = "the text is not valid UTF-8 (first bad byte at offset " +
                                  std::to_string(i) + "); save the file as UTF-8";
      return core::Error::validation(message, {{std::string(path), message}});
    }
    i += length;
  }
  return core::ok();
}

std::string repair_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t length = strict_sequence(text, i, cp);
    if (length == 0) {
      core::append_utf8(0xFFFD, out);
      ++i;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

std::string normalize_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t newlines = 0;  // consecutive newlines just written (ignoring spaces)
  bool space = false;        // a space is pending before the next visible character
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    std::size_t length = core::decode_utf8(text, i, cp);
    if (length == 0) {  // not expected on valid input: skip the byte
      ++i;
      continue;
    }
    i += length;
    if (cp == '\r') {
      if (i < text.size() && text[i] == '\n') ++i;
      cp = '\n';
    }
    if (cp == '\n') {
      space = false;
      if (!out.empty() && newlines < 2) {
        out += '\n';
        ++newlines;
      }
      continue;
    }
    if (is_space(cp)) {
      space = !out.empty() && newlines == 0;
      continue;
    }
    if (is_dropped_control(cp)) continue;
    if (space) out += ' ';
    space = false;
    newlines = 0;
    core::append_utf8(cp, out);
  }
  while (!out.empty() && out.back() == '\n')
    out.pop_back();
  return out;
}

}  // namespace ovos::agents::knowledge
