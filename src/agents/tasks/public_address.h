#pragma once

#include <optional>
#include <string_view>

#include "core/result.h"

namespace ovos::agents::tasks {

// Webhook URLs come from users, so a webhook could be aimed at the server's own network
// (server-side request forgery: 127.0.0.1, 10.0.0.0/8, a cloud metadata address). Unless the
// operator allows private networks, webhooks go only to public addresses.

/// Whether the IP address literal `ip` (IPv4 dotted or IPv6, without brackets) is public:
/// not unspecified, loopback, private (RFC 1918, unique-local), shared (100.64.0.0/10),
/// link-local, multicast, reserved or documentation, also inside IPv4-mapped and NAT64 forms.
/// nullopt when `ip` is not an address literal.
[[nodiscard]] std::optional<bool> is_public_ip(std::string_view ip);

/// Resolves `host` (a name, or an address literal with or without brackets) and checks every
/// address it has is public. kPermissionDenied naming the first address that is not;
/// kUnavailable when the name does not resolve. Blocking (DNS). The HTTP client resolves the
/// name again when it connects, so a name whose addresses change in between (DNS rebinding)
/// is not caught; literal addresses always are.
[[nodiscard]] core::Result<void> check_public_host(std::string_view host);

}  // namespace ovos::agents::tasks
