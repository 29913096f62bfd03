#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "crypto/secret_box.h"
#include "store/store.h"

namespace ovos::store {

/// Provider credentials at rest: seals them with the master key (XChaCha20-Poly1305, bound to
/// the key's id, owner and provider so a ciphertext cannot be moved to another row) and opens
/// them for the engine. Thread-safe; borrows the store and the box, which outlive it.
class KeyVault {
 public:
  KeyVault(Store& store, const crypto::SecretBox& box) : store_(store), box_(box) {}

  /// Fills key.ciphertext from `credentials_json`; id, user_id and provider must be set.
  void seal(ProviderKey& key, std::string_view credentials_json) const;
  /// The credentials JSON text of a stored key; kInternal if it does not decrypt (wrong master
  /// key or a tampered row).
  [[nodiscard]] core::Result<std::string> open(const ProviderKey& key) const;
  /// What the engine uses: the newest key the user stored for `provider`, decrypted; nullopt
  /// when the user has none.
  [[nodiscard]] core::Result<std::optional<std::string>> credentials_for(
      std::string_view user_id, std::string_view provider) const;

 private:
  static std::string associated_data(const ProviderKey& key);
  Store& store_;
  const crypto::SecretBox& box_;
};

}  // namespace ovos::store
