#pragma once

// Internal to the crypto module: not part of its public API.

namespace ovos::crypto::detail {

/// Initialises libsodium exactly once per process (thread-safe). Aborts if libsodium cannot
/// start, since no cryptographic operation could then be trusted.
void ensure_sodium();

}  // namespace ovos::crypto::detail
