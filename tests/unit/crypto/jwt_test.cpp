#include "crypto/jwt.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/base64.h"
#include "crypto/hmac.h"

namespace ovos::crypto {
namespace {

constexpr std::string_view kSecret = "a-test-secret-of-at-least-32-bytes!!";
constexpr std::int64_t kNow = 1'700'000'000;
constexpr std::string_view kHs256Header = R"({"alg":"HS256","typ":"JWT"})";

std::string signature_of(std::string_view signing_input, std::string_view secret) {
  return base64url_encode(hmac_sha256(secret, signing_input));
}

// Builds a token from raw header and payload JSON, signed with HS256 under `secret`.
std::string make_token(std::string_view header, std::string_view payload,
                       std::string_view secret = kSecret) {
  const std::string input = base64url_encode(header) + "." + base64url_encode(payload);
  return input + "." + signature_of(input, secret);
}

std::string payload_with(std::string_view extra) {
  std::string p = R"({"sub":"user-1","iat":1700000000,"exp":1700003600)";
  if (!extra.empty()) p += std::string(",") + std::string(extra);
  return p + "}";
}

JwtClaims sample_claims() {
  return {"user-1", kNow - 10, kNow + 3600, "tok-1", "openvoiceos"};
}

void expect_rejected(const core::Result<JwtClaims>& r, std::string_view message_start) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnauthenticated);
  EXPECT_TRUE(r.error().message.starts_with(message_start)) << r.error().message;
}

TEST(Jwt, SignVerifyRoundTrip) {
  const JwtClaims claims = sample_claims();
  const std::string token = sign_jwt(claims, kSecret);
  EXPECT_TRUE(token.starts_with("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.")) << token;
  const auto verified = verify_jwt(token, kSecret, kNow, "openvoiceos");
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(*verified, claims);
}

TEST(Jwt, PayloadCarriesRegisteredClaims) {
  const std::string token = sign_jwt(sample_claims(), kSecret);
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  const auto payload = base64url_decode(token.substr(first + 1, second - first - 1));
  ASSERT_TRUE(payload.ok());
  EXPECT_EQ(
      *payload,
      R"({"sub":"user-1","iat":1699999990,"exp":1700003600,"jti":"tok-1","iss":"openvoiceos"})");
}

TEST(Jwt, OptionalClaimsMayBeAbsent) {
  const JwtClaims claims{"user-2", 0, kNow + 1, "", ""};
  const std::string token = sign_jwt(claims, kSecret);
  const auto verified = verify_jwt(token, kSecret, kNow, "");
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(*verified, claims);
  // No iat at all is accepted too.
  const auto no_iat =
      verify_jwt(make_token(kHs256Header, R"({"sub":"u","exp":1700000001})"), kSecret, kNow, "");
  ASSERT_TRUE(no_iat.ok()) << no_iat.error().message;
  EXPECT_EQ(no_iat->issued_at, 0);
}

TEST(Jwt, JwtIoExampleSignatureMatches) {
  const std::string input =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
      "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ";
  EXPECT_EQ(signature_of(input, "your-256-bit-secret"),
            "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c");
  // Its payload has no exp, so as a session token it is (rightly) refused.
  expect_rejected(verify_jwt(input + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
                             "your-256-bit-secret", kNow, ""),
                  "malformed token");
}

TEST(Jwt, RejectsOtherSecret) {
  const std::string token = sign_jwt(sample_claims(), kSecret);
  expect_rejected(verify_jwt(token, "another-secret-another-secret-xx", kNow, "openvoiceos"),
                  "bad signature");
}

TEST(Jwt, RejectsModifiedPayload) {
  const std::string token = sign_jwt(sample_claims(), kSecret);
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  JwtClaims admin = sample_claims();
  admin.subject = "admin";
  const std::string forged_payload = sign_jwt(admin, kSecret).substr(first + 1);
  const std::string forged = token.substr(0, first + 1) +
                             forged_payload.substr(0, forged_payload.find('.')) +
                             token.substr(second);
  expect_rejected(verify_jwt(forged, kSecret, kNow, "openvoiceos"), "bad signature");
}

TEST(Jwt, RejectsTamperedOrMissingSignature) {
  std::string token = sign_jwt(sample_claims(), kSecret);
  std::string flipped = token;
  flipped[flipped.size() - 2] = flipped[flipped.size() - 2] == 'A' ? 'B' : 'A';
  expect_rejected(verify_jwt(flipped, kSecret, kNow, "openvoiceos"), "bad signature");
  const std::string unsigned_token = token.substr(0, token.rfind('.') + 1);
  expect_rejected(verify_jwt(unsigned_token, kSecret, kNow, "openvoiceos"), "bad signature");
  expect_rejected(verify_jwt(token + "AAAA", kSecret, kNow, "openvoiceos"), "bad signature");
  expect_rejected(verify_jwt(token + "=", kSecret, kNow, "openvoiceos"), "malformed token");
}

TEST(Jwt, RejectsAlgNone) {
  // Built by hand, as an attacker would: alg none and an empty signature.
  const std::string token = base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." +
                            base64url_encode(payload_with("")) + ".";
  expect_rejected(verify_jwt(token, kSecret, kNow, ""), "unsupported algorithm");
  const std::string signed_none = make_token(R"({"alg":"none"})", payload_with(""));
  expect_rejected(verify_jwt(signed_none, kSecret, kNow, ""), "unsupported algorithm");
}

TEST(Jwt, RejectsOtherAlgorithms) {
  for (const std::string_view header :
       {R"({"alg":"HS512","typ":"JWT"})", R"({"alg":"RS256"})", R"({"alg":"hs256"})",
        R"({"alg":"HS256","crit":["exp"]})"}) {
    expect_rejected(verify_jwt(make_token(header, payload_with("")), kSecret, kNow, ""),
                    "unsupported algorithm");
  }
  for (const std::string_view header : {R"({"typ":"JWT"})", R"({"alg":256})"}) {
    expect_rejected(verify_jwt(make_token(header, payload_with("")), kSecret, kNow, ""),
                    "malformed token");
  }
}

TEST(Jwt, RejectsExpiredToken) {
  JwtClaims claims = sample_claims();
  claims.expires_at = kNow;
  expect_rejected(verify_jwt(sign_jwt(claims, kSecret), kSecret, kNow, "openvoiceos"),
                  "token expired");
  claims.expires_at = kNow - 1;
  expect_rejected(verify_jwt(sign_jwt(claims, kSecret), kSecret, kNow, "openvoiceos"),
                  "token expired");
  claims.expires_at = kNow + 1;
  EXPECT_TRUE(verify_jwt(sign_jwt(claims, kSecret), kSecret, kNow, "openvoiceos").ok());
}

TEST(Jwt, RejectsIatTooFarInTheFuture) {
  JwtClaims claims = sample_claims();
  claims.issued_at = kNow + 60;
  EXPECT_TRUE(verify_jwt(sign_jwt(claims, kSecret), kSecret, kNow, "openvoiceos").ok());
  claims.issued_at = kNow + 61;
  expect_rejected(verify_jwt(sign_jwt(claims, kSecret), kSecret, kNow, "openvoiceos"),
                  "token issued in the future");
}

TEST(Jwt, RejectsMissingSubOrExp) {
  for (const std::string_view payload :
       {R"({"iat":1700000000,"exp":1700003600})", R"({"sub":"","exp":1700003600})",
        R"({"sub":"user-1","iat":1700000000})"}) {
    expect_rejected(verify_jwt(make_token(kHs256Header, payload), kSecret, kNow, ""),
                    "malformed token");
  }
}

TEST(Jwt, RejectsIllTypedClaims) {
  for (const std::string_view payload :
       {R"({"sub":"u","exp":1700003600.5})", R"({"sub":"u","exp":"1700003600"})",
        R"({"sub":"u","exp":1.7e9})", R"({"sub":"u","exp":18446744073709551615})",
        R"({"sub":"u","exp":true})", R"({"sub":42,"exp":1700003600})",
        R"({"sub":"u","exp":1700003600,"iat":"now"})", R"({"sub":"u","exp":1700003600,"jti":7})",
        R"({"sub":"u","exp":1700003600,"iss":null})"}) {
    expect_rejected(verify_jwt(make_token(kHs256Header, payload), kSecret, kNow, ""),
                    "malformed token");
  }
}

TEST(Jwt, RejectsWrongIssuer) {
  const std::string token = sign_jwt(sample_claims(), kSecret);
  expect_rejected(verify_jwt(token, kSecret, kNow, "someone-else"), "wrong issuer");
  expect_rejected(verify_jwt(token, kSecret, kNow, ""), "wrong issuer");
  JwtClaims no_iss = sample_claims();
  no_iss.issuer.clear();
  expect_rejected(verify_jwt(sign_jwt(no_iss, kSecret), kSecret, kNow, "openvoiceos"),
                  "wrong issuer");
}

TEST(Jwt, RejectsWrongSegmentCount) {
  const std::string token = sign_jwt(sample_claims(), kSecret);
  const std::string two = token.substr(0, token.rfind('.'));
  for (const std::string& bad :
       {std::string(), std::string("."), std::string(".."), std::string("..."), two, token + ".",
        token + ".x", std::string("abc")}) {
    expect_rejected(verify_jwt(bad, kSecret, kNow, "openvoiceos"), "malformed token");
  }
}

TEST(Jwt, RejectsNonJsonOrNonObjectParts) {
  for (const std::string_view header : {"not json", R"(["alg","HS256"])", "\"HS256\"", ""}) {
    expect_rejected(verify_jwt(make_token(header, payload_with("")), kSecret, kNow, ""),
                    "malformed token");
  }
  for (const std::string_view payload : {"not json", "[1,2]", "42", "", R"({"sub":"u")"}) {
    expect_rejected(verify_jwt(make_token(kHs256Header, payload), kSecret, kNow, ""),
                    "malformed token");
  }
  const std::string bad_base64 = "e30!." + base64url_encode(payload_with("")) + ".sig";
  expect_rejected(verify_jwt(bad_base64, kSecret, kNow, ""), "malformed token");
}

}  // namespace
}  // namespace ovos::crypto
