#pragma once

#include <string_view>

namespace ovos::providers::local {

/// True for an empty language tag or an English one ("en", "en-US", "en_GB", any case): the only
/// language of the local engines' models.
[[nodiscard]] bool is_english(std::string_view language);

}  // namespace ovos::providers::local
