#include "core/dial_target.h"

#include <algorithm>
#include <cctype>

namespace ovos::core {
namespace {

bool starts_with_nocase(std::string_view text, std::string_view lower_prefix) {
  if (text.size() < lower_prefix.size()) return false;
  for (std::size_t i = 0; i < lower_prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != lower_prefix[i]) return false;
  }
  return true;
}

}  // namespace

bool is_e164(std::string_view number) {
  if (number.size() < 8 || number.size() > 16 || number[0] != '+' || number[1] == '0') {
    return false;
  }
  return std::all_of(number.begin() + 1, number.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_sip_uri(std::string_view text) {
  const std::size_t scheme = starts_with_nocase(text, "sip:")    ? 4
                             : starts_with_nocase(text, "sips:") ? 5
                                                                 : 0;
  if (scheme == 0 || text.size() == scheme || text.size() > 255) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return c > ' ' && c < 0x7F && c != '"' && c != '\'' && c != '<' && c != '>' && c != '\\';
  });
}

bool is_transfer_target(std::string_view target) {
  return is_e164(target) || is_sip_uri(target);
}

}  // namespace ovos::core
