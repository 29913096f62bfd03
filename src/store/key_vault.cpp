#include "store/key_vault.h"

namespace ovos::store {

std::string KeyVault::associated_data(const ProviderKey& key) {
  return "provider_key:" + key.id + ":" + key.user_id + ":" + key.provider;
}

void KeyVault::seal(ProviderKey& key, std::string_view credentials_json) const {
  key.ciphertext = box_.seal(credentials_json, associated_data(key));
}

core::Result<std::string> KeyVault::open(const ProviderKey& key) const {
  auto plain = box_.open(key.ciphertext, associated_data(key));
  if (!plain.ok()) {
    return core::Error::internal("provider key " + key.id +
                                 " cannot be decrypted: wrong master key or tampered data");
  }
  return std::move(plain).value();
}

core::Result<std::optional<std::string>> KeyVault::credentials_for(
    std::string_view user_id, std::string_view provider) const {
  OVOS_ASSIGN_OR_RETURN(auto key, store_.find_provider_key(user_id, provider));
  if (!key) return std::optional<std::string>();
  OVOS_ASSIGN_OR_RETURN(auto plain, open(*key));
  return std::optional<std::string>(std::move(plain));
}

}  // namespace ovos::store
