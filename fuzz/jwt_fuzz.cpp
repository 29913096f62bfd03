// Bearer tokens come from any client: verification must refuse garbage, never crash, and never
// accept a token that was not signed with the secret.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crypto/base64.h"
#include "crypto/jwt.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  const auto claims = ovos::crypto::verify_jwt(token, "fuzz-secret-0123456789abcdef01234567",
                                               1'800'000'000, "openvoiceos");
  if (claims.ok()) __builtin_trap();  // forging an HS256 signature by chance is impossible
  (void)ovos::crypto::base64url_decode(token);
  (void)ovos::crypto::base64_decode(token);
  return 0;
}
