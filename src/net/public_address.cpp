#include "net/public_address.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

namespace ovos::net {

namespace {

using Ipv6Bytes = std::array<std::uint8_t, 16>;

bool in_v4(std::uint32_t address, std::uint32_t network, int prefix) {
  const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  return (address & mask) == network;
}

constexpr std::uint32_t v4(unsigned a, unsigned b, unsigned c, unsigned d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

bool public_v4(std::uint32_t a) {
  struct Range {
    std::uint32_t network;
    int prefix;
  };
  static constexpr Range kNotPublic[] = {
      {v4(0, 0, 0, 0), 8},     {v4(10, 0, 0, 0), 8},      {v4(100, 64, 0, 0), 10},
      {v4(127, 0, 0, 0), 8},   {v4(169, 254, 0, 0), 16},  {v4(172, 16, 0, 0), 12},
      {v4(192, 0, 0, 0), 24},  {v4(192, 0, 2, 0), 24},    {v4(192, 168, 0, 0), 16},
      {v4(198, 18, 0, 0), 15}, {v4(198, 51, 100, 0), 24}, {v4(203, 0, 113, 0), 24},
      {v4(224, 0, 0, 0), 4},   {v4(240, 0, 0, 0), 4},
  };
  for (const Range& range : kNotPublic) {
    if (in_v4(a, range.network, range.prefix)) return false;
  }
  return true;
}

std::uint32_t v4_at(const Ipv6Bytes& b, std::size_t i) {
  return (std::uint32_t{b[i]} << 24) | (std::uint32_t{b[i + 1]} << 16) |
         (std::uint32_t{b[i + 2]} << 8) | std::uint32_t{b[i + 3]};
}

bool public_v6(const Ipv6Bytes& b) {
  const auto zeros = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      if (b[i] != 0) return false;
    }
    return true;
  };
  if (zeros(0, 10) && b[10] == 0xff && b[11] == 0xff) return public_v4(v4_at(b, 12));  // mapped
  if (zeros(0, 12)) return false;  // unspecified, loopback, IPv4-compatible (deprecated)
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && zeros(4, 12)) {
    return public_v4(v4_at(b, 12));  // NAT64 64:ff9b::/96
  }
  if ((b[0] & 0xfe) == 0xfc) return false;                  // unique-local fc00::/7
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false;  // link-local fe80::/10
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return false;  // site-local fec0::/10
  if (b[0] == 0xff) return false;                           // multicast
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false;  // docs
  return true;
}

}  // namespace

std::optional<bool> is_public_ip(std::string_view ip) {
  const std::string text(ip);
  in_addr v4_address{};
  if (inet_pton(AF_INET, text.c_str(), &v4_address) == 1)
    return public_v4(ntohl(v4_address.s_addr));
  in6_addr v6_address{};
  if (inet_pton(AF_INET6, text.c_str(), &v6_address) == 1) {
    Ipv6Bytes bytes;
    std::memcpy(bytes.data(), &v6_address, bytes.size());
    return public_v6(bytes);
  }
  return std::nullopt;
}

}  // namespace ovos::net
