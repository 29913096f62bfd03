#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ovos::agents {

/// JSONPath of member `key` under `base`: `$.a.key`, or `$.a["odd key"]` when `key` is not an
/// identifier ([A-Za-z_][A-Za-z0-9_]*).
[[nodiscard]] std::string path_key(std::string_view base, std::string_view key);

/// JSONPath of element `index` under `base`: `$.a[3]`.
[[nodiscard]] std::string path_index(std::string_view base, std::size_t index);

}  // namespace ovos::agents
