#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ovos::agents::tasks {

/// Header names of a post-call webhook request.
inline constexpr std::string_view kSignatureHeader = "X-OpenVoiceOS-Signature";
inline constexpr std::string_view kEventHeader = "X-OpenVoiceOS-Event";
inline constexpr std::string_view kDeliveryHeader = "X-OpenVoiceOS-Delivery";

/// The X-OpenVoiceOS-Signature value of a webhook body sent at `unix_seconds`, Stripe-style:
/// "t=<unix_seconds>,v1=<lowercase hex HMAC-SHA256(secret, "<unix_seconds>.<body>")>". The
/// receiver recomputes it over the raw body and refuses old timestamps (replays). Stateless.
[[nodiscard]] std::string webhook_signature(std::string_view secret, std::int64_t unix_seconds,
                                            std::string_view body);

}  // namespace ovos::agents::tasks
