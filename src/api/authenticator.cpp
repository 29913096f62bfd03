#include "api/authenticator.h"

#include "core/ids.h"
#include "crypto/hmac.h"
#include "crypto/jwt.h"

namespace ovos::api {

core::Result<AuthUser> Authenticator::authenticate(const net::HttpRequest& request) const {
  const auto header = request.header("authorization");
  if (!header) return core::Error::unauthenticated("missing Authorization: Bearer header");
  constexpr std::string_view kBearer = "bearer ";
  if (header->size() <= kBearer.size() ||
      !net::iequals(header->substr(0, kBearer.size()), kBearer)) {
    return core::Error::unauthenticated("the Authorization header must be 'Bearer <token>'");
  }
  const auto credential = header->substr(kBearer.size());
  if (credential.starts_with(kApiKeyPrefix)) return from_api_key(credential);
  return from_token(credential);
}

core::Result<AuthUser> Authenticator::from_api_key(std::string_view key) const {
  OVOS_ASSIGN_OR_RETURN(auto found, context_.store.find_api_key_by_hash(crypto::sha256_hex(key)));
  if (!found) return core::Error::unauthenticated("invalid or revoked API key");
  auto user = context_.store.get_user(found->user_id);
  if (!user.ok()) return core::Error::unauthenticated("invalid or revoked API key");
  // Record use at most once a minute: a script's every request need not be a database write.
  const auto now = context_.clock.unix_ms();
  if (!found->last_used_at || now - *found->last_used_at >= 60'000) {
    OVOS_TRY(context_.store.touch_api_key(found->id, now));
  }
  return AuthUser{std::move(user).value(), true};
}

core::Result<AuthUser> Authenticator::from_token(std::string_view token) const {
  const auto now_s = context_.clock.unix_ms() / 1000;
  auto claims =
      crypto::verify_jwt(token, context_.config.jwt_secret, now_s, context_.config.jwt_issuer);
  if (!claims.ok())
    return core::Error::unauthenticated("invalid access token: " + claims.error().message);
  auto user = context_.store.get_user(claims->subject);
  if (!user.ok()) {
    if (user.error().code == core::ErrorCode::kNotFound) {
      return core::Error::unauthenticated("invalid access token: the user no longer exists");
    }
    return std::move(user).error();
  }
  // A password change revokes every token issued before it. The token id is a UUIDv7, so it
  // carries the issue time to the millisecond (iat has only seconds).
  if (core::uuid_v7_unix_ms(claims->token_id) < user->updated_at) {
    return core::Error::unauthenticated("access token revoked by a password change; log in again");
  }
  return AuthUser{std::move(user).value(), false};
}

std::string Authenticator::issue_token(const store::User& user) const {
  const auto now_s = context_.clock.unix_ms() / 1000;
  crypto::JwtClaims claims;
  claims.subject = user.id;
  claims.issued_at = now_s;
  claims.expires_at = now_s + context_.config.jwt_ttl_seconds;
  claims.token_id = core::new_id(context_.clock.unix_ms());
  claims.issuer = context_.config.jwt_issuer;
  return crypto::sign_jwt(claims, context_.config.jwt_secret);
}

}  // namespace ovos::api
