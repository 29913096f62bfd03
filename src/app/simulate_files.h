#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/result.h"

namespace ovos::app {

/// Reads a whole small text file for `openvoiceos simulate` (an agent, a caller script). A
/// missing file is kNotFound, a larger one than `max_bytes` kTooLarge; messages name the path.
[[nodiscard]] core::Result<std::string> read_text_file(const std::filesystem::path& path,
                                                       std::uint64_t max_bytes = 4U << 20);

}  // namespace ovos::app
