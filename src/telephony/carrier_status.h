#pragma once

// Carriers' call status words in our vocabulary. Pure; any thread.

#include <optional>
#include <string>
#include <string_view>

namespace ovos::telephony {

/// A carrier's call status word (Twilio CallStatus, Plivo CallStatus, Exotel Status; any case)
/// as ours: queued | ringing | in-progress | completed | busy | no-answer | failed | canceled.
/// `carrier` is "twilio", "plivo" or "exotel". nullopt for an unknown carrier or word.
[[nodiscard]] std::optional<std::string> normalize_call_status(std::string_view carrier,
                                                               std::string_view status);

/// Whether `status` (ours) is final: the call is over and nothing can be done to it any more.
[[nodiscard]] bool is_final_call_status(std::string_view status);

}  // namespace ovos::telephony
