#pragma once

// Reading a stored key's fields (SttOptions/TtsOptions::credentials).

#include <map>
#include <string>

namespace ovos::providers::speech {

/// The credential `name`, or "" when absent.
[[nodiscard]] inline std::string credential(const std::map<std::string, std::string>& credentials,
                                            const std::string& name) {
  const auto it = credentials.find(name);
  return it == credentials.end() ? std::string() : it->second;
}

}  // namespace ovos::providers::speech
