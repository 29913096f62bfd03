#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "telephony/form_params.h"

namespace ovos::telephony::plivo {

// Plivo's V3 request signatures (https://www.plivo.com/docs/voice/concepts/signature-validation),
// built exactly as plivo-python's validate_v3_signature builds them. Stateless; safe from any
// thread. Failures are kPermissionDenied with a reason; no message repeats a token or signature.

/// The headers Plivo signs every voice callback with.
inline constexpr std::string_view kSignatureHeader = "X-Plivo-Signature-V3";
inline constexpr std::string_view kNonceHeader = "X-Plivo-Signature-V3-Nonce";

/// base64(HMAC-SHA256(auth_token, signed_url + "." + nonce)). `method` is "GET" or "POST" (any
/// case; anything but GET is treated as POST). signed_url is scheme://host/path (lowercase
/// scheme, no fragment; for http(s) a ";params" tail of the last path segment is dropped) and:
///  - GET: "?" + the URL's query pairs merged with `params` (a URL pair replaces every `params`
///    pair of the same name), decoded, sorted by name then value, written "name=value" and
///    joined with "&"; nothing when there are none.
///  - POST: the URL's query pairs written as for GET after "?", then "." when `params` is not
///    empty and the query was not, then each body pair as name+value sorted by name then value;
///    "?" still precedes the body pairs when the URL has no query.
/// Query strings decode as Python's parse_qsl: '+' is space and a bad %-escape stays as written.
[[nodiscard]] std::string compute_v3_signature(std::string_view auth_token, std::string_view method,
                                               std::string_view url, const FormParams& params,
                                               std::string_view nonce);

/// Verifies X-Plivo-Signature-V3 (may hold several comma-separated signatures, one per active
/// auth token: accepted if any matches) with X-Plivo-Signature-V3-Nonce, for a request to `url`
/// as Plivo saw it. `params` is the POST body's pairs, or for GET any pairs not already in `url`
/// (normally none). A method other than GET or POST is kInvalidArgument.
[[nodiscard]] core::Result<void> verify_v3_signature(std::string_view auth_token,
                                                     std::string_view method, std::string_view url,
                                                     const FormParams& params,
                                                     std::string_view nonce,
                                                     std::string_view signature_header);

}  // namespace ovos::telephony::plivo
