#include "crypto/tokens.h"

#include <cstdint>
#include <vector>

#include "core/ids.h"
#include "crypto/base64.h"

namespace ovos::crypto {

std::string random_token(std::string_view prefix, std::size_t random_bytes) {
  std::vector<std::uint8_t> bytes(random_bytes);
  core::random_bytes(bytes);
  std::string token(prefix);
  token += base64url_encode(bytes);
  return token;
}

}  // namespace ovos::crypto
