#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::crypto {

// Password hashing with argon2id (libsodium), interactive limits (64 MiB, 2 passes). Each
// call takes tens of milliseconds of CPU: run it on a worker pool, never on an event loop.

/// Hashes `password` with a fresh random salt into a self-describing "$argon2id$..." string.
/// Fails (kInternal) only when the memory for the hash cannot be allocated.
[[nodiscard]] core::Result<std::string> hash_password(std::string_view password);

/// True when `password` matches `hash`. Malformed or foreign hashes give false.
[[nodiscard]] bool verify_password(std::string_view hash, std::string_view password);

/// True when `hash` was not made by the current algorithm and limits (or is malformed), so it
/// should be replaced after the next successful login.
[[nodiscard]] bool password_needs_rehash(std::string_view hash);

}  // namespace ovos::crypto
