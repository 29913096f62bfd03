#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ovos::crypto {

/// A fresh unguessable token: `prefix` followed by base64url (no padding) of `random_bytes`
/// bytes from the kernel CSPRNG, e.g. random_token("ovos_sk_", 32) for an API key. Safe from
/// any thread.
[[nodiscard]] std::string random_token(std::string_view prefix, std::size_t random_bytes);

}  // namespace ovos::crypto
