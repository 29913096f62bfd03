#include "store/embedding_codec.h"

#include <bit>
#include <cmath>
#include <cstdint>

#include "crypto/base64.h"

namespace ovos::store {

std::string encode_embedding(std::span<const float> values) {
  if (values.empty()) return {};
  std::string bytes;
  bytes.reserve(values.size() * 4);
  for (const float value : values) {
    const auto bits = std::bit_cast<std::uint32_t>(value);
    for (int shift = 0; shift < 32; shift += 8)
      bytes += static_cast<char>((bits >> shift) & 0xFFU);
  }
  return crypto::base64_encode(bytes);
}

core::Result<std::vector<float>> decode_embedding(std::string_view text) {
  std::vector<float> values;
  if (text.empty()) return values;
  auto bytes = crypto::base64_decode(text);
  if (!bytes.ok() || bytes->size() % 4 != 0) {
    return core::Error::internal("a stored embedding is not base64 of float32 values");
  }
  values.reserve(bytes->size() / 4);
  for (std::size_t i = 0; i < bytes->size(); i += 4) {
    std::uint32_t bits = 0;
    for (std::size_t k = 0; k < 4; ++k)
      bits |= static_cast<std::uint32_t>(static_cast<unsigned char>((*bytes)[i + k])) << (8 * k);
    const auto value = std::bit_cast<float>(bits);
    if (!std::isfinite(value)) return core::Error::internal("a stored embedding is not finite");
    values.push_back(value);
  }
  return values;
}

}  // namespace ovos::store
