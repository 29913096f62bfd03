// GCC 12 reports a false -Wmaybe-uninitialized inside std::regex's std::function members at
// -O1 and above (GCC bug 105562); keep std::regex in this one file and silence it here.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "agents/pattern.h"

#include <regex>

namespace ovos::agents {

struct Pattern::Impl {
  std::regex regex;
};

core::Result<Pattern> Pattern::compile(const std::string& source) {
  try {
    return Pattern(std::make_shared<const Impl>(Impl{std::regex(source, std::regex::ECMAScript)}));
  } catch (const std::regex_error& e) {
    return core::Error::invalid(e.what());
  }
}

bool Pattern::search(std::string_view text) const {
  if (text.size() > kMaxInput) return false;
  return std::regex_search(text.begin(), text.end(), impl_->regex);
}

}  // namespace ovos::agents
