#include "crypto/jwt.h"

#include <array>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <limits>
#include <optional>

#include "crypto/base64.h"
#include "crypto/hmac.h"

namespace ovos::crypto {
namespace {

namespace json = boost::json;

constexpr std::string_view kHeader = R"({"alg":"HS256","typ":"JWT"})";

core::Error malformed(std::string_view detail) {
  std::string message = "malformed token";
  if (!detail.empty()) message += ": " + std::string(detail);
  return core::Error::unauthenticated(std::move(message));
}

std::string_view as_view(const Sha256Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

// Decodes one base64url segment into a JSON object.
core::Result<json::object> decode_object(std::string_view segment, std::string_view what) {
  auto text = base64url_decode(segment);
  if (!text.ok()) return malformed(std::string(what) + " is not base64url");
  json::error_code ec;
  json::value value = json::parse(*text, ec);
  if (ec) return malformed(std::string(what) + " is not JSON");
  if (!value.is_object()) return malformed(std::string(what) + " is not a JSON object");
  return std::move(value.as_object());
}

// Reads an optional string claim; an ill-typed one is an error.
core::Result<std::string> string_claim(const json::object& payload, std::string_view name) {
  const json::value* v = payload.if_contains(name);
  if (v == nullptr) return std::string();
  if (!v->is_string()) return malformed(std::string(name) + " is not a string");
  return std::string(v->as_string());
}

// Reads an optional integer claim (NumericDate in whole seconds); doubles and values beyond
// int64 are errors.
core::Result<std::optional<std::int64_t>> int_claim(const json::object& payload,
                                                    std::string_view name) {
  const json::value* v = payload.if_contains(name);
  if (v == nullptr) return std::optional<std::int64_t>();
  if (!v->is_int64()) return malformed(std::string(name) + " is not an integer");
  return std::optional<std::int64_t>(v->as_int64());
}

core::Result<void> check_header(std::string_view segment) {
  OVOS_ASSIGN_OR_RETURN(const json::object header, decode_object(segment, "header"));
  const json::value* alg = header.if_contains("alg");
  if (alg == nullptr || !alg->is_string()) return malformed("header has no alg");
  if (alg->as_string() != "HS256" || header.contains("crit")) {
    return core::Error::unauthenticated("unsupported algorithm");
  }
  return core::ok();
}

core::Result<JwtClaims> read_claims(std::string_view segment) {
  OVOS_ASSIGN_OR_RETURN(const json::object payload, decode_object(segment, "payload"));
  JwtClaims claims;
  OVOS_ASSIGN_OR_RETURN(claims.subject, string_claim(payload, "sub"));
  if (claims.subject.empty()) return malformed("missing sub");
  OVOS_ASSIGN_OR_RETURN(const auto exp, int_claim(payload, "exp"));
  if (!exp) return malformed("missing exp");
  claims.expires_at = *exp;
  OVOS_ASSIGN_OR_RETURN(const auto iat, int_claim(payload, "iat"));
  claims.issued_at = iat.value_or(0);
  OVOS_ASSIGN_OR_RETURN(claims.token_id, string_claim(payload, "jti"));
  OVOS_ASSIGN_OR_RETURN(claims.issuer, string_claim(payload, "iss"));
  return claims;
}

}  // namespace

std::string sign_jwt(const JwtClaims& claims, std::string_view secret) {
  json::object payload;
  payload["sub"] = claims.subject;
  payload["iat"] = claims.issued_at;
  payload["exp"] = claims.expires_at;
  if (!claims.token_id.empty()) payload["jti"] = claims.token_id;
  if (!claims.issuer.empty()) payload["iss"] = claims.issuer;
  std::string token = base64url_encode(kHeader);
  token += '.';
  token += base64url_encode(json::serialize(payload));
  const Sha256Digest signature = hmac_sha256(secret, token);
  token += '.';
  token += base64url_encode(signature);
  return token;
}

core::Result<JwtClaims> verify_jwt(std::string_view token, std::string_view secret,
                                   std::int64_t now_seconds, std::string_view expected_issuer) {
  const auto first_dot = token.find('.');
  const auto second_dot =
      first_dot == std::string_view::npos ? std::string_view::npos : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos ||
      token.find('.', second_dot + 1) != std::string_view::npos) {
    return malformed("expected three segments");
  }
  OVOS_TRY(check_header(token.substr(0, first_dot)));

  auto signature = base64url_decode(token.substr(second_dot + 1));
  if (!signature.ok()) return malformed("signature is not base64url");
  const Sha256Digest expected = hmac_sha256(secret, token.substr(0, second_dot));
  if (!constant_time_equal(*signature, as_view(expected))) {
    return core::Error::unauthenticated("bad signature");
  }

  OVOS_ASSIGN_OR_RETURN(JwtClaims claims,
                        read_claims(token.substr(first_dot + 1, second_dot - first_dot - 1)));
  if (claims.expires_at <= now_seconds) return core::Error::unauthenticated("token expired");
  const bool can_add =
      now_seconds <= std::numeric_limits<std::int64_t>::max() - kJwtIatLeewaySeconds;
  if (can_add && claims.issued_at > now_seconds + kJwtIatLeewaySeconds) {
    return core::Error::unauthenticated("token issued in the future");
  }
  if (claims.issuer != expected_issuer) return core::Error::unauthenticated("wrong issuer");
  return claims;
}

}  // namespace ovos::crypto
