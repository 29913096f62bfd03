#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace ovos::crypto {

// Hashes and MACs (OpenSSL 3). Stateless free functions; safe from any thread.

using Sha256Digest = std::array<std::uint8_t, 32>;
using Sha1Digest = std::array<std::uint8_t, 20>;

/// HMAC-SHA256 (RFC 2104 / 4231) of `message` under `key`; any key length is allowed.
[[nodiscard]] Sha256Digest hmac_sha256(std::string_view key, std::string_view message);

/// HMAC-SHA1 (RFC 2202). Only for peers that require it (Twilio request signatures).
[[nodiscard]] Sha1Digest hmac_sha1(std::string_view key, std::string_view message);

/// SHA-256 of `data`, raw and as lowercase hex.
[[nodiscard]] Sha256Digest sha256(std::string_view data);
[[nodiscard]] std::string sha256_hex(std::string_view data);

/// Compares two secrets in time that depends only on their lengths. False when the lengths
/// differ (the length itself is not secret).
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace ovos::crypto
