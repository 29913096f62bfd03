#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "telephony/form_params.h"

namespace ovos::telephony::twilio {

// Twilio's request signatures (X-Twilio-Signature, https://www.twilio.com/docs/usage/security),
// verified the way twilio-python's RequestValidator does. Stateless; safe from any thread.
// Failures are kPermissionDenied with a reason; no message repeats a token or a signature.

/// The header Twilio signs every webhook and WebSocket handshake with.
inline constexpr std::string_view kSignatureHeader = "X-Twilio-Signature";

/// base64(HMAC-SHA1(auth_token, url + each POST param name+value sorted by name)), Twilio's
/// scheme. Pairs sort by name, then by value (byte order); duplicates are all signed.
[[nodiscard]] std::string compute_signature(std::string_view auth_token, std::string_view url,
                                            const FormParams& params);

/// Verifies X-Twilio-Signature for a request Twilio sent to `url` (the full URL as Twilio saw it:
/// scheme://host[:port]/path?query, exactly as configured at Twilio, never rebuilt from a proxied
/// Host header). Form bodies (application/x-www-form-urlencoded): the params are signed. Any
/// other non-empty body (JSON): Twilio signs the URL only and puts the body's lowercase hex
/// SHA-256 in the query as bodySHA256; both are checked, and such a body without bodySHA256 is
/// refused. An empty body (GET, WebSocket handshake): the URL only. Like Twilio's SDKs, the URL
/// passes with its port removed or with the scheme's default port added (443 for https and wss,
/// 80 otherwise). A form body with a bad %-escape is kInvalidArgument.
[[nodiscard]] core::Result<void> verify_signature(std::string_view auth_token, std::string_view url,
                                                  std::string_view content_type,
                                                  std::string_view body,
                                                  std::string_view signature_header);

}  // namespace ovos::telephony::twilio
