#pragma once

// AWS Signature Version 4 for a request with a body in hand: the canonical request, the string
// to sign, the signing key and the Authorization header. Pure; no clock, no sockets.

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ovos::providers::aws {

/// An AWS key pair (and the session token of temporary credentials). Never log it.
struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
};

/// What is signed of one request. Header names are compared case-insensitively and `host`
/// must be among them, as the request will send it.
struct SigningInput {
  std::string method = "POST";
  std::string path = "/";  // as sent (already URI-encoded)
  std::string query;       // as sent, without '?'; re-encoded and sorted for signing
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string region;
  std::string service;
  std::string amz_date;  // "YYYYMMDDTHHMMSSZ"
};

/// "YYYYMMDDTHHMMSSZ" of `at` (UTC).
[[nodiscard]] std::string amz_date(std::chrono::system_clock::time_point at);

/// The canonical request: method, path, sorted query, lowercase sorted headers with trimmed
/// values, the signed header list and the hex SHA-256 of the body, joined by newlines.
[[nodiscard]] std::string canonical_request(const SigningInput& input);

/// "AWS4-HMAC-SHA256\n<amz_date>\n<date>/<region>/<service>/aws4_request\n<hash of it>".
[[nodiscard]] std::string string_to_sign(const SigningInput& input);

/// HMAC chain "AWS4"+secret -> date -> region -> service -> "aws4_request" (32 raw bytes).
[[nodiscard]] std::string signing_key(std::string_view secret, std::string_view date,
                                      std::string_view region, std::string_view service);

/// "AWS4-HMAC-SHA256 Credential=<id>/<scope>, SignedHeaders=<list>, Signature=<hex>".
[[nodiscard]] std::string authorization(const SigningInput& input,
                                        const AwsCredentials& credentials);

}  // namespace ovos::providers::aws
