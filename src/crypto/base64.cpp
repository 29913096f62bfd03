#include "crypto/base64.h"

#include <sodium.h>

#include "crypto/sodium_init.h"

namespace ovos::crypto {
namespace {

std::string encode(const unsigned char* data, std::size_t size, int variant) {
  detail::ensure_sodium();
  const std::size_t encoded_len = sodium_base64_ENCODED_LEN(size, variant);  // includes NUL
  std::string out(encoded_len, '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, variant);
  out.resize(encoded_len - 1);
  return out;
}

core::Result<std::string> decode(std::string_view text, int variant) {
  detail::ensure_sodium();
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t out_len = 0;
  // b64_end == nullptr: the whole input must be consumed, or the call fails.
  const int rc = sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                                   text.data(), text.size(), nullptr, &out_len, nullptr, variant);
  if (rc != 0) return core::Error::invalid("invalid base64");
  out.resize(out_len);
  return out;
}

const unsigned char* bytes_of(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

std::string base64_encode(std::span<const std::uint8_t> bytes) {
  return encode(bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
}

std::string base64_encode(std::string_view bytes) {
  return encode(bytes_of(bytes), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
}

core::Result<std::string> base64_decode(std::string_view text) {
  return decode(text, sodium_base64_VARIANT_ORIGINAL);
}

std::string base64url_encode(std::span<const std::uint8_t> bytes) {
  return encode(bytes.data(), bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string base64url_encode(std::string_view bytes) {
  return encode(bytes_of(bytes), bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

core::Result<std::string> base64url_decode(std::string_view text) {
  return decode(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

}  // namespace ovos::crypto
