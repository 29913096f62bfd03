#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::crypto {

/// Authenticated encryption of secrets at rest (provider credentials) with
/// XChaCha20-Poly1305-IETF under one 32-byte master key.
///
/// Owns a copy of the key in its own page, locked in RAM when the system allows it (never
/// swapped) and wiped on destruction. Movable, not copyable. seal/open are const and safe to
/// call from many threads at once.
///
/// Sealed text: "v1." + base64url(nonce[24] || ciphertext || tag[16]), no padding. The
/// associated data (e.g. "provider_key:<id>") is authenticated but not stored: a value sealed
/// for one row cannot be pasted into another.
class SecretBox {
 public:
  static constexpr std::size_t kKeySize = 32;

  /// Copies `key`; fails (kInvalidArgument) unless it is exactly kKeySize bytes.
  [[nodiscard]] static core::Result<SecretBox> from_key(std::span<const std::uint8_t> key);

  /// Encrypts `plaintext` with a fresh random nonce.
  [[nodiscard]] std::string seal(std::string_view plaintext,
                                 std::string_view associated_data) const;

  /// Decrypts what seal() produced with the same key and associated data. Any mismatch (wrong
  /// key, wrong associated data, tampering, unknown version prefix, truncation, bad base64)
  /// gives kInvalidArgument "cannot decrypt ...".
  [[nodiscard]] core::Result<std::string> open(std::string_view sealed,
                                               std::string_view associated_data) const;

  SecretBox(SecretBox&&) noexcept = default;
  SecretBox& operator=(SecretBox&&) noexcept = default;
  SecretBox(const SecretBox&) = delete;
  SecretBox& operator=(const SecretBox&) = delete;
  ~SecretBox() = default;

 private:
  struct KeyPage;
  struct KeyPageDeleter {
    void operator()(KeyPage* page) const noexcept;
  };

  explicit SecretBox(std::unique_ptr<KeyPage, KeyPageDeleter> key);
  [[nodiscard]] const unsigned char* key() const;

  std::unique_ptr<KeyPage, KeyPageDeleter> key_;
};

}  // namespace ovos::crypto
