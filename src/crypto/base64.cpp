#include "crypto/base64.h"

#include <sodium.h>

#include <array>
#include <cstdint>

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

/// Sextet of each standard-alphabet character; -1 for every other byte, '=' included.
constexpr std::array<std::int8_t, 256> kSextets = [] {
  std::array<std::int8_t, 256> table{};
  table.fill(-1);
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < kAlphabet.size(); ++i)
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  return table;
}();

int sextet(char c) {
  return kSextets[static_cast<unsigned char>(c)];
}

/// The last group of four, which may end in "=" or "=="; false when it is not canonical.
bool decode_last_group(std::string_view g, std::string& out) {
  const int a = sextet(g[0]), b = sextet(g[1]);
  if (a < 0 || b < 0) return false;
  if (g[2] == '=') {
    if (g[3] != '=' || (b & 0x0f) != 0) return false;
    out += static_cast<char>(a << 2 | b >> 4);
    return true;
  }
  const int c = sextet(g[2]);
  if (c < 0) return false;
  if (g[3] == '=') {
    if ((c & 0x03) != 0) return false;
    out += static_cast<char>(a << 2 | b >> 4);
    out += static_cast<char>((b & 0x0f) << 4 | c >> 2);
    return true;
  }
  const int d = sextet(g[3]);
  if (d < 0) return false;
  out += static_cast<char>(a << 2 | b >> 4);
  out += static_cast<char>((b & 0x0f) << 4 | c >> 2);
  out += static_cast<char>((c & 0x03) << 6 | d);
  return true;
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

core::Result<std::string> base64_decode_public(std::string_view text) {
  if (text.size() % 4 != 0) return core::Error::invalid("invalid base64");
  std::string out;
  if (text.empty()) return out;
  out.reserve(text.size() / 4 * 3);
  const std::size_t body = text.size() - 4;
  for (std::size_t i = 0; i < body; i += 4) {
    const int a = sextet(text[i]), b = sextet(text[i + 1]);
    const int c = sextet(text[i + 2]), d = sextet(text[i + 3]);
    if ((a | b | c | d) < 0) return core::Error::invalid("invalid base64");
    const auto v = static_cast<std::uint32_t>(a << 18 | b << 12 | c << 6 | d);
    out += static_cast<char>(v >> 16);
    out += static_cast<char>(v >> 8 & 0xff);
    out += static_cast<char>(v & 0xff);
  }
  if (!decode_last_group(text.substr(body), out)) return core::Error::invalid("invalid base64");
  return out;
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
