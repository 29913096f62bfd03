#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "telephony/form_params.h"

namespace ovos::telephony::twilio {

// Staleness of Twilio status callbacks, from their Timestamp parameter (RFC 2822, UTC:
// "Mon, 16 Aug 2010 03:45:01 +0000"). The parameter is in the signed body, so it cannot be
// altered; initial voice webhooks carry none. Stateless; safe from any thread.

/// Unix milliseconds of an RFC 2822 date-time ("[Ddd, ]D Mon YYYY HH:MM[:SS] zone", zone
/// +hhmm/-hhmm, GMT, UT or UTC); nullopt when `text` is not one.
[[nodiscard]] std::optional<std::int64_t> parse_rfc2822_time(std::string_view text);

/// kPermissionDenied when the Timestamp parameter is missing, unreadable, older than `max_age`
/// or more than `max_age` ahead of `now_ms` (clocks disagree). Pair it with a ReplayGuard whose
/// window is at least max_age: together they refuse every replay of a status callback.
[[nodiscard]] core::Result<void> check_timestamp_fresh(const FormParams& params,
                                                       std::int64_t now_ms,
                                                       std::chrono::milliseconds max_age);

}  // namespace ovos::telephony::twilio
