#include "agents/tasks/webhook_payload.h"

#include <boost/json/parse.hpp>

#include "agents/tasks/transcript.h"
#include "core/time_text.h"

namespace ovos::agents::tasks {

namespace json = boost::json;

namespace {

json::value time_or_null(const std::optional<std::int64_t>& ms) {
  return ms ? json::value(core::format_utc_time(*ms)) : json::value(nullptr);
}

json::value stored_object(const std::string& text) {
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  return !ec && parsed.is_object() ? parsed : json::value(json::object());
}

json::value recording_url(const store::Call& call, std::string_view public_base_url) {
  if (call.recording_url.empty()) return nullptr;
  if (public_base_url.empty() || !call.recording_url.starts_with('/'))
    return json::value(call.recording_url);
  while (public_base_url.ends_with('/'))
    public_base_url.remove_suffix(1);
  return json::value(std::string(public_base_url) + call.recording_url);
}

}  // namespace

json::object webhook_payload(const store::Call& call, const std::vector<store::Turn>& turns,
                             const json::object& extracted_data, std::string_view summary,
                             std::string_view public_base_url) {
  json::object about{
      {"id", call.id},
      {"agent_id", call.agent_id},
      {"status", call.status},
      {"direction", call.direction},
      {"started_at", time_or_null(call.started_at)},
      {"ended_at", time_or_null(call.ended_at)},
      {"duration_ms", call.duration_ms ? json::value(*call.duration_ms) : json::value(nullptr)},
      {"hangup_reason", call.hangup_reason},
      {"recording_url", recording_url(call, public_base_url)},
      {"variables", stored_object(call.variables_json)},
      {"usage", stored_object(call.usage_json)},
  };
  return {{"event", kCallCompletedEvent},
          {"call", std::move(about)},
          {"transcript", transcript_json(turns)},
          {"extracted_data", extracted_data},
          {"summary", summary}};
}

}  // namespace ovos::agents::tasks
