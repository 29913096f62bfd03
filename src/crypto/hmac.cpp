#include "crypto/hmac.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <climits>
#include <cstdlib>
#include <span>

#include "core/ids.h"

namespace ovos::crypto {
namespace {

const unsigned char* bytes_of(std::string_view text) {
  // OpenSSL treats a null key pointer specially; an empty view may have one.
  static constexpr unsigned char kEmpty[1] = {0};
  return text.empty() ? kEmpty : reinterpret_cast<const unsigned char*>(text.data());
}

template <std::size_t N>
std::array<std::uint8_t, N> hmac(const EVP_MD* md, std::string_view key, std::string_view message) {
  std::array<std::uint8_t, N> out{};
  unsigned int out_len = 0;
  if (key.size() > static_cast<std::size_t>(INT_MAX)) {
    // RFC 2104: a key longer than the block is replaced by its hash; do that here because
    // OpenSSL takes the key length as an int.
    unsigned int digest_len = 0;
    if (EVP_Digest(key.data(), key.size(), out.data(), &digest_len, md, nullptr) != 1) std::abort();
    return hmac<N>(md, std::string_view(reinterpret_cast<const char*>(out.data()), digest_len),
                   message);
  }
  const unsigned char* result = HMAC(md, bytes_of(key), static_cast<int>(key.size()),
                                     bytes_of(message), message.size(), out.data(), &out_len);
  // Failure means OpenSSL itself is broken (no digest, no memory): nothing sane to return.
  if (result == nullptr || out_len != N) std::abort();
  return out;
}

}  // namespace

Sha256Digest hmac_sha256(std::string_view key, std::string_view message) {
  return hmac<32>(EVP_sha256(), key, message);
}

Sha1Digest hmac_sha1(std::string_view key, std::string_view message) {
  return hmac<20>(EVP_sha1(), key, message);
}

Sha256Digest sha256(std::string_view data) {
  Sha256Digest out{};
  SHA256(bytes_of(data), data.size(), out.data());
  return out;
}

std::string sha256_hex(std::string_view data) {
  return core::to_hex(sha256(data));
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace ovos::crypto
