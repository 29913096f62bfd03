#include "crypto/secret_box.h"

#include <sodium.h>
#include <unistd.h>

#include <cassert>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/ids.h"
#include "crypto/base64.h"
#include "crypto/sodium_init.h"

namespace ovos::crypto {
namespace {

constexpr std::string_view kVersionPrefix = "v1.";
constexpr std::size_t kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(SecretBox::kKeySize == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(kNonceSize == 24);

const unsigned char* bytes_of(std::string_view text) {
  static constexpr unsigned char kEmpty[1] = {0};
  return text.empty() ? kEmpty : reinterpret_cast<const unsigned char*>(text.data());
}

core::Error cannot_decrypt(std::string_view why) {
  return core::Error::invalid("cannot decrypt secret: " + std::string(why));
}

}  // namespace

// The key lives alone in a page-aligned, page-sized block so that locking and unlocking it
// never affects other data sharing its page.
struct SecretBox::KeyPage {
  unsigned char* bytes = nullptr;
  std::size_t size = 0;
  bool locked = false;
};

void SecretBox::KeyPageDeleter::operator()(KeyPage* page) const noexcept {
  if (page == nullptr) return;
  if (page->bytes != nullptr) {
    sodium_memzero(page->bytes, page->size);
    if (page->locked) (void)sodium_munlock(page->bytes, page->size);
    std::free(page->bytes);  // NOLINT(cppcoreguidelines-no-malloc): paired with posix_memalign
  }
  delete page;
}

SecretBox::SecretBox(std::unique_ptr<KeyPage, KeyPageDeleter> key) : key_(std::move(key)) {}

core::Result<SecretBox> SecretBox::from_key(std::span<const std::uint8_t> key) {
  if (key.size() != kKeySize) {
    return core::Error::invalid("encryption key must be " + std::to_string(kKeySize) +
                                " bytes, got " + std::to_string(key.size()));
  }
  detail::ensure_sodium();
  const long page_size = sysconf(_SC_PAGESIZE);
  const std::size_t size = page_size > 0 ? static_cast<std::size_t>(page_size) : 4096;
  void* memory = nullptr;
  if (posix_memalign(&memory, size, size) != 0) {
    return core::Error::internal("cannot allocate memory for the encryption key");
  }
  std::unique_ptr<KeyPage, KeyPageDeleter> page(
      new KeyPage{static_cast<unsigned char*>(memory), size, false});
  // Locking can fail under a low RLIMIT_MEMLOCK; the key is then merely unswappable-by-intent.
  page->locked = sodium_mlock(page->bytes, page->size) == 0;
  std::memcpy(page->bytes, key.data(), kKeySize);
  return SecretBox(std::move(page));
}

const unsigned char* SecretBox::key() const {
  assert(key_ != nullptr && "SecretBox used after move");
  return key_->bytes;
}

std::string SecretBox::seal(std::string_view plaintext, std::string_view associated_data) const {
  std::vector<std::uint8_t> box(kNonceSize + plaintext.size() + kTagSize);
  core::random_bytes(std::span(box).first(kNonceSize));
  unsigned long long cipher_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      box.data() + kNonceSize, &cipher_len, bytes_of(plaintext), plaintext.size(),
      bytes_of(associated_data), associated_data.size(), nullptr, box.data(), key());
  assert(cipher_len == plaintext.size() + kTagSize);
  return std::string(kVersionPrefix) + base64url_encode(box);
}

core::Result<std::string> SecretBox::open(std::string_view sealed,
                                          std::string_view associated_data) const {
  if (!sealed.starts_with(kVersionPrefix)) return cannot_decrypt("unknown format version");
  auto box = base64url_decode(sealed.substr(kVersionPrefix.size()));
  if (!box.ok()) return cannot_decrypt("not valid base64url");
  if (box->size() < kNonceSize + kTagSize) return cannot_decrypt("truncated");
  const auto* nonce = reinterpret_cast<const unsigned char*>(box->data());
  const std::size_t cipher_len = box->size() - kNonceSize;
  std::string plain(cipher_len - kTagSize, '\0');
  unsigned long long plain_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &plain_len, nullptr, nonce + kNonceSize,
          cipher_len, bytes_of(associated_data), associated_data.size(), nonce, key()) != 0) {
    return cannot_decrypt("wrong key, wrong associated data, or tampered data");
  }
  plain.resize(static_cast<std::size_t>(plain_len));
  return plain;
}

}  // namespace ovos::crypto
