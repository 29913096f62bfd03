#pragma once

#include <optional>
#include <string_view>

namespace ovos::net {

// URLs that come from users (webhooks, agents' tools) could aim the server at its own network
// (server-side request forgery: 127.0.0.1, 10.0.0.0/8, a cloud metadata address). An HttpClient
// made with `public_addresses_only` checks every address a name resolves to, at connect time,
// so a name cannot resolve to a public address when checked and a private one when used.

/// Whether the IP address literal `ip` (IPv4 dotted or IPv6, without brackets) is public:
/// not unspecified, loopback, private (RFC 1918, unique-local), shared (100.64.0.0/10),
/// link-local, multicast, reserved or documentation, also inside IPv4-mapped and NAT64 forms.
/// nullopt when `ip` is not an address literal.
[[nodiscard]] std::optional<bool> is_public_ip(std::string_view ip);

}  // namespace ovos::net
