#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ovos::crypto {

/// Loads a secret key of exactly `size` bytes (the master key, the JWT secret) at start-up:
///
/// 1. `configured_base64` non-empty (from settings): decode it (standard base64; surrounding
///    whitespace ignored) and require `size` bytes;
/// 2. else, if `file` exists: require that group and others have no read or write permission
///    (the error tells the user to chmod 600), then read base64 text from it (surrounding
///    whitespace ignored) and require `size` bytes;
/// 3. else create the parent directory (mode 0700) if missing and write a fresh random key as
///    base64 text to `file`: a 0600 temporary file, fsync'd, then linked into place so that of
///    two processes starting together, both end up with the key that won.
///
/// Error messages name the source and the problem, never the key. Blocking file I/O: call at
/// start-up, not on an event loop.
[[nodiscard]] core::Result<std::vector<std::uint8_t>> load_or_create_key(
    std::string_view configured_base64, const std::filesystem::path& file, std::size_t size);

}  // namespace ovos::crypto
