#include "telephony/xml_text.h"

#include "core/utf8.h"

namespace ovos::telephony {

namespace {

// XML 1.0 section 2.2, production [2] Char.
bool allowed_in_xml(char32_t cp) {
  if (cp < 0x20) return cp == '\t' || cp == '\n' || cp == '\r';
  return cp != 0xFFFE && cp != 0xFFFF;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const std::size_t length = core::decode_utf8(text, i, cp);
    if (length == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      core::append_utf8(0xFFFD, out);  // malformed, a surrogate or beyond Unicode
      i += length == 0 ? 1 : length;
      continue;
    }
    i += length;  // an overlong form is written back in its shortest form
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (allowed_in_xml(cp)) core::append_utf8(cp, out);
    }
  }
  return out;
}

}  // namespace ovos::telephony
