#include "providers/tts/polly/aws_sigv4.h"

#include <algorithm>
#include <ctime>
#include <map>

#include "crypto/hmac.h"

namespace ovos::providers::aws {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// Trims and collapses runs of spaces, as SigV4 asks of header values.
std::string trimmed(std::string_view value) {
  std::string out;
  bool space = false;
  for (const char c : value) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out += kHex[b >> 4];
    out += kHex[b & 0x0f];
  }
  return out;
}

std::string raw(const crypto::Sha256Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

bool unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

/// Percent-decodes then re-encodes with SigV4's rules (uppercase hex, unreserved kept).
std::string canonical_component(std::string_view text) {
  const auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string decoded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && digit(text[i + 1]) >= 0 &&
        digit(text[i + 2]) >= 0) {
      decoded += static_cast<char>(digit(text[i + 1]) * 16 + digit(text[i + 2]));
      i += 2;
    } else {
      decoded += text[i];
    }
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : decoded) {
    if (unreserved(c)) {
      out += c;
      continue;
    }
    const auto b = static_cast<unsigned char>(c);
    out += '%';
    out += kHex[b >> 4];
    out += kHex[b & 0x0f];
  }
  return out;
}

std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    const auto eq = item.find('=');
    params.emplace_back(
        canonical_component(item.substr(0, eq)),
        eq == std::string_view::npos ? "" : canonical_component(item.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += name + '=' + value;
  }
  return out;
}

/// Lowercase names to their trimmed values (several values of one name joined by commas).
std::map<std::string, std::string> canonical_headers(const SigningInput& input) {
  std::map<std::string, std::string> headers;
  for (const auto& [name, value] : input.headers) {
    std::string& joined = headers[lower(name)];
    if (!joined.empty()) joined += ',';
    joined += trimmed(value);
  }
  return headers;
}

std::string signed_headers(const std::map<std::string, std::string>& headers) {
  std::string out;
  for (const auto& [name, value] : headers) {
    if (!out.empty()) out += ';';
    out += name;
  }
  return out;
}

std::string scope(const SigningInput& input) {
  return input.amz_date.substr(0, 8) + "/" + input.region + "/" + input.service + "/aws4_request";
}

}  // namespace

std::string amz_date(std::chrono::system_clock::time_point at) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[17];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

std::string canonical_request(const SigningInput& input) {
  const auto headers = canonical_headers(input);
  std::string out = input.method + "\n" + (input.path.empty() ? "/" : input.path) + "\n" +
                    canonical_query(input.query) + "\n";
  for (const auto& [name, value] : headers)
    out += name + ":" + value + "\n";
  out += "\n" + signed_headers(headers) + "\n" + crypto::sha256_hex(input.body);
  return out;
}

std::string string_to_sign(const SigningInput& input) {
  return "AWS4-HMAC-SHA256\n" + input.amz_date + "\n" + scope(input) + "\n" +
         crypto::sha256_hex(canonical_request(input));
}

std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service) {
  std::string key = raw(crypto::hmac_sha256("AWS4" + std::string(secret), date));
  key = raw(crypto::hmac_sha256(key, region));
  key = raw(crypto::hmac_sha256(key, service));
  return raw(crypto::hmac_sha256(key, "aws4_request"));
}

std::string authorization(const SigningInput& input, const AwsCredentials& credentials) {
  const std::string key = signing_key(credentials.secret_access_key, input.amz_date.substr(0, 8),
                                      input.region, input.service);
  const std::string signature = hex(raw(crypto::hmac_sha256(key, string_to_sign(input))));
  return "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + scope(input) +
         ", SignedHeaders=" + signed_headers(canonical_headers(input)) + ", Signature=" + signature;
}

}  // namespace ovos::providers::aws
