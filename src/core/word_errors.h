#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ovos::core {

/// Word-level Levenshtein distance between a reference and a hypothesis (substitutions,
/// insertions and deletions): the numerator of the word error rate. Stateless.
[[nodiscard]] std::size_t word_errors(const std::vector<std::string>& reference,
                                      const std::vector<std::string>& hypothesis);

}  // namespace ovos::core
