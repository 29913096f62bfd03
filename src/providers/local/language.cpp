#include "providers/local/language.h"

#include <cctype>

namespace ovos::providers::local {

bool is_english(std::string_view language) {
  if (language.empty()) return true;
  if (language.size() < 2 || std::tolower(static_cast<unsigned char>(language[0])) != 'e' ||
      std::tolower(static_cast<unsigned char>(language[1])) != 'n') {
    return false;
  }
  return language.size() == 2 || language[2] == '-' || language[2] == '_';
}

}  // namespace ovos::providers::local
