#include "store/unicode_lower.h"

#include <locale.h>
#include <wctype.h>

#include <cstdint>

#include "core/utf8.h"

namespace ovos::store {
namespace {

locale_t utf8_locale() {
  static const locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr);
  return locale;
}

}  // namespace

std::string unicode_lower(std::string_view utf8) {
  const locale_t locale = utf8_locale();
  std::string out;
  out.reserve(utf8.size());
  std::size_t i = 0;
  while (i < utf8.size()) {
    char32_t cp = 0;
    const std::size_t length = core::decode_utf8(utf8, i, cp);
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
    core::append_utf8(cp, out);
    i += length;
  }
  return out;
}

}  // namespace ovos::store
