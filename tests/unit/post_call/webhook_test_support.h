#pragma once

// Reading the webhook requests a scripted server received, and checking their signatures the
// way a receiver would: HMAC-SHA256 computed here with OpenSSL over the raw body.

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>

namespace ovos::agents::tasks::testing {

/// One HTTP request as received: method and target, lowercase header names, raw body.
struct ReceivedRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;
  std::string body;
};

inline ReceivedRequest parse_request(const std::string& raw) {
  ReceivedRequest request;
  const std::size_t head_end = raw.find("\r\n\r\n");
  const std::string head = raw.substr(0, head_end);
  request.body = head_end == std::string::npos ? "" : raw.substr(head_end + 4);
  std::size_t line_end = head.find("\r\n");
  const std::string first = head.substr(0, line_end);
  request.method = first.substr(0, first.find(' '));
  request.target = first.substr(first.find(' ') + 1, first.rfind(' ') - first.find(' ') - 1);
  while (line_end != std::string::npos) {
    const std::size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string line = head.substr(start, line_end - start);
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (auto& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::size_t value = colon + 1;
    while (value < line.size() && line[value] == ' ')
      ++value;
    request.headers[name] = line.substr(value);
  }
  return request;
}

/// Lowercase hex of HMAC-SHA256(key, message), with OpenSSL.
inline std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &length);
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", mac[i]);
    hex += byte;
  }
  return hex;
}

/// What a receiver does: splits "t=<s>,v1=<hex>", recomputes the MAC over "<t>.<raw body>"
/// with `secret`, compares in constant time. Returns the timestamp, or -1 when it does not
/// verify.
inline long long verified_timestamp(const ReceivedRequest& request, std::string_view secret) {
  const auto it = request.headers.find("x-openvoiceos-signature");
  if (it == request.headers.end()) return -1;
  const std::string& header = it->second;
  if (!header.starts_with("t=")) return -1;
  const std::size_t comma = header.find(",v1=");
  if (comma == std::string::npos) return -1;
  const std::string t = header.substr(2, comma - 2);
  const std::string v1 = header.substr(comma + 4);
  const std::string expected = hmac_sha256_hex(secret, t + "." + request.body);
  if (v1.size() != expected.size() ||
      CRYPTO_memcmp(v1.data(), expected.data(), expected.size()) != 0) {
    return -1;
  }
  return std::stoll(t);
}

}  // namespace ovos::agents::tasks::testing
