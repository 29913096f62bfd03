#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"

namespace ovos::agents::tasks {

/// The event every post-call webhook carries (body "event" and X-OpenVoiceOS-Event).
inline constexpr std::string_view kCallCompletedEvent = "call.completed";

/// The body of a call's webhook (docs/webhooks.md):
/// {"event": "call.completed",
///  "call": {id, agent_id, status, direction, started_at, ended_at, duration_ms, hangup_reason,
///           recording_url, variables, usage},
///  "transcript": [{turn, user, agent}], "extracted_data": {...}, "summary": "..."}.
/// Times are RFC 3339 UTC (null when unknown); recording_url is made absolute with
/// `public_base_url` when one is given (null when there is no recording). Stateless.
[[nodiscard]] boost::json::object webhook_payload(const store::Call& call,
                                                  const std::vector<store::Turn>& turns,
                                                  const boost::json::object& extracted_data,
                                                  std::string_view summary,
                                                  std::string_view public_base_url);

}  // namespace ovos::agents::tasks
