#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::crypto {

/// The registered claims this service puts in and reads from a session token. Times are
/// seconds since the Unix epoch. Plain data.
struct JwtClaims {
  std::string subject;          // "sub": the user id
  std::int64_t issued_at = 0;   // "iat"
  std::int64_t expires_at = 0;  // "exp"
  std::string token_id;         // "jti": lets a single token be revoked; omitted when empty
  std::string issuer;           // "iss"; omitted when empty
  bool operator==(const JwtClaims&) const = default;
};

/// Allowed clock skew for "iat" in the future, in seconds.
inline constexpr std::int64_t kJwtIatLeewaySeconds = 60;

/// Signs `claims` as a compact HS256 JWT (RFC 7519) with header {"alg":"HS256","typ":"JWT"}.
[[nodiscard]] std::string sign_jwt(const JwtClaims& claims, std::string_view secret);

/// Verifies a compact HS256 JWT and returns its claims. Every failure is kUnauthenticated:
/// "malformed token" (not three base64url segments, header or payload not a JSON object,
/// missing or ill-typed sub/exp/iat/jti/iss), "unsupported algorithm" (anything but HS256,
/// "none" included, or a "crit" header), "bad signature", "token expired" (exp <= now),
/// "token issued in the future" (iat > now + 60 s), "wrong issuer" (iss, absent counting as
/// "", differs from `expected_issuer`). The signature is checked, in constant time, before the
/// payload is read.
[[nodiscard]] core::Result<JwtClaims> verify_jwt(std::string_view token, std::string_view secret,
                                                 std::int64_t now_seconds,
                                                 std::string_view expected_issuer);

}  // namespace ovos::crypto
