#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace ovos::providers::local {

/// Cuts UTF-8 `text` into pieces of at most `max_bytes` (at least 4), so text of any length can
/// be spoken by an engine with a per-call limit. A cut falls after the last sentence end (. ! ? ;
/// or a line break, then a space) in the second half of the window, else after its last
/// whitespace, else at the last code-point boundary. Concatenated, the pieces are `text`.
[[nodiscard]] std::vector<std::string_view> split_for_synthesis(std::string_view text,
                                                                std::size_t max_bytes);

}  // namespace ovos::providers::local
