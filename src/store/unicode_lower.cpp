#include "store/unicode_lower.h"

#include <locale.h>
#include <wctype.h>

#include <cstdint>

namespace ovos::store {
namespace {

locale_t utf8_locale() {
  static const locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr);
  return locale;
}

// Decodes the code point at text[i]; returns its byte length, or 0 when malformed.
std::size_t decode(std::string_view text, std::size_t i, char32_t& cp) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  if (lead < 0x80) {
    cp = lead;
    return 1;
  }
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (next & 0x3F);
  }
  return length;
}

void encode(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string unicode_lower(std::string_view utf8) {
  const locale_t locale = utf8_locale();
  std::string out;
  out.reserve(utf8.size());
  std::size_t i = 0;
  while (i < utf8.size()) {
    char32_t cp = 0;
    const std::size_t length = decode(utf8, i, cp);
    if (length == 0 || (length > 1 && cp < 0x80)) {  // malformed or overlong: copy the byte
      out += utf8[i++];
      continue;
    }
    if (cp >= 'A' && cp <= 'Z') {
      cp += 'a' - 'A';
    } else if (cp >= 0x80 && locale != nullptr) {
      const auto lowered = towlower_l(static_cast<wint_t>(cp), locale);
      if (lowered <= 0x10FFFF) cp = static_cast<char32_t>(lowered);
    }
    encode(cp, out);
    i += length;
  }
  return out;
}

}  // namespace ovos::store
