#include "crypto/password.h"

#include <sodium.h>

#include <array>
#include <cstring>

#include "crypto/sodium_init.h"

namespace ovos::crypto {
namespace {

constexpr std::string_view kPrefix = crypto_pwhash_argon2id_STRPREFIX;
constexpr auto kOpsLimit = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
constexpr auto kMemLimit = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;

// libsodium wants a NUL-terminated hash that fits crypto_pwhash_STRBYTES; an embedded NUL
// would silently shorten it, so such input is rejected here.
bool to_c_hash(std::string_view hash, std::array<char, crypto_pwhash_STRBYTES>& out) {
  if (hash.size() >= out.size() || hash.find('\0') != std::string_view::npos) return false;
  if (!hash.starts_with(kPrefix)) return false;
  out.fill('\0');
  std::memcpy(out.data(), hash.data(), hash.size());
  return true;
}

// An empty view may carry a null pointer; libsodium expects a valid one.
const char* chars_of(std::string_view text) {
  return text.empty() ? "" : text.data();
}

}  // namespace

core::Result<std::string> hash_password(std::string_view password) {
  detail::ensure_sodium();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), chars_of(password), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return core::Error::internal("password hashing failed: out of memory");
  }
  return std::string(out.data());
}

bool verify_password(std::string_view hash, std::string_view password) {
  detail::ensure_sodium();
  std::array<char, crypto_pwhash_STRBYTES> c_hash{};
  if (!to_c_hash(hash, c_hash)) return false;
  return crypto_pwhash_str_verify(c_hash.data(), chars_of(password), password.size()) == 0;
}

bool password_needs_rehash(std::string_view hash) {
  detail::ensure_sodium();
  std::array<char, crypto_pwhash_STRBYTES> c_hash{};
  if (!to_c_hash(hash, c_hash)) return true;
  return crypto_pwhash_str_needs_rehash(c_hash.data(), kOpsLimit, kMemLimit) != 0;
}

}  // namespace ovos::crypto
