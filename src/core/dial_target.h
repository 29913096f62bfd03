#pragma once

// Where a call may be placed or transferred: E.164 numbers and SIP URIs, checked the same way
// wherever they are given (an agent's transfer tool, the API, the carriers). Pure; any thread.

#include <string_view>

namespace ovos::core {

/// True for an E.164 number: '+', a non-zero digit, then 6 to 14 more digits.
[[nodiscard]] bool is_e164(std::string_view number);
/// "sip:alice@example.com" or "sips:...": printable, no spaces, quotes or angle brackets, at
/// most 255 characters.
[[nodiscard]] bool is_sip_uri(std::string_view text);
/// True for where a call may be transferred: an E.164 number or a SIP URI.
[[nodiscard]] bool is_transfer_target(std::string_view target);

}  // namespace ovos::core
