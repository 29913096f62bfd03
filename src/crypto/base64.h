#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::crypto {

// Base64 codecs (RFC 4648). Stateless free functions; safe from any thread.

/// Standard alphabet, '=' padded.
[[nodiscard]] std::string base64_encode(std::span<const std::uint8_t> bytes);
[[nodiscard]] std::string base64_encode(std::string_view bytes);

/// Decodes standard, padded base64. Rejects whitespace, wrong padding, non-canonical trailing
/// bits and any character outside the alphabet.
[[nodiscard]] core::Result<std::string> base64_decode(std::string_view text);

/// The same rules and results as base64_decode, from a lookup table: several times faster, but
/// its timing depends on the input (base64_decode is libsodium's constant-time decoder). For
/// data that is no secret, such as the audio of carriers' media messages; never for keys or
/// tokens.
[[nodiscard]] core::Result<std::string> base64_decode_public(std::string_view text);

/// URL-safe alphabet ('-', '_'), no padding: the form JWTs and tokens use.
[[nodiscard]] std::string base64url_encode(std::span<const std::uint8_t> bytes);
[[nodiscard]] std::string base64url_encode(std::string_view bytes);

/// Decodes URL-safe base64 without padding; '=' and standard-alphabet '+' '/' are rejected.
[[nodiscard]] core::Result<std::string> base64url_decode(std::string_view text);

}  // namespace ovos::crypto
