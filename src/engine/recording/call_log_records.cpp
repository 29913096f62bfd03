#include "engine/recording/call_log_records.h"

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <utility>

namespace ovos::engine {
namespace json = boost::json;

store::Turn to_store_turn(const TurnRecord& record, std::string call_id, std::string id,
                          std::int64_t created_at) {
  store::Turn turn;
  turn.id = std::move(id);
  turn.call_id = std::move(call_id);
  turn.index = record.index;
  turn.user_text = record.user_text;
  turn.agent_text = record.agent_text;
  turn.interrupted = record.interrupted;
  turn.user_speech_end_at = record.user_speech_end_at;
  turn.stt_final_at = record.stt_final_at;
  turn.llm_first_token_at = record.llm_first_token_at;
  turn.tts_first_byte_at = record.tts_first_byte_at;
  turn.first_audio_out_at = record.first_audio_out_at;
  turn.interrupted_at = record.interrupted_at;
  turn.metadata_json = turn_metadata_json(record);
  turn.created_at = created_at;
  return turn;
}

std::string turn_metadata_json(const TurnRecord& record) {
  json::object o;
  o["kind"] = record.kind;
  if (!record.dtmf.empty()) o["dtmf"] = record.dtmf;
  if (!record.error.empty()) o["error"] = record.error;
  if (!record.tools.empty()) {
    json::array tools;
    for (const agents::ToolActivity& tool : record.tools) {
      tools.push_back({{"name", tool.name},
                       {"arguments", tool.arguments},
                       {"result", tool.result},
                       {"ok", tool.ok},
                       {"elapsed_ms", tool.elapsed_ms}});
    }
    o["tools"] = std::move(tools);
  }
  if (!record.nodes.empty()) {
    o["node"] = record.nodes.back();
    json::array route;
    for (const std::string& node : record.nodes)
      route.push_back(json::string(node));
    o["route"] = std::move(route);
  }
  if (!record.sources.empty()) {
    json::array sources;
    for (const std::string& source : record.sources)
      sources.push_back(json::string(source));
    o["sources"] = std::move(sources);
  }
  return json::serialize(o);
}

std::string usage_json(const CallOutcome& outcome, std::string_view existing) {
  json::object o;
  boost::system::error_code ec;
  json::value parsed = json::parse(existing, ec);
  if (!ec && parsed.is_object()) o = std::move(parsed.as_object());
  o["stt_audio_seconds"] = outcome.stt_audio_seconds;
  o["tts_characters"] = static_cast<std::uint64_t>(outcome.tts_characters);
  o["turns"] = outcome.turns;
  return json::serialize(o);
}

std::string recording_url(std::string_view call_id) {
  return "/v1/calls/" + std::string(call_id) + "/recording";
}

void complete_call(store::Call& call, const CallOutcome& outcome, bool recorded) {
  call.status = "completed";
  if (outcome.started_at > 0 && !call.started_at) call.started_at = outcome.started_at;
  call.ended_at = outcome.ended_at;
  const std::int64_t started =
      outcome.started_at > 0 ? outcome.started_at : call.started_at.value_or(outcome.ended_at);
  call.duration_ms = std::max<std::int64_t>(0, outcome.ended_at - started);
  call.hangup_reason = outcome.hangup_reason;
  if (recorded) call.recording_url = recording_url(call.id);
  call.usage_json = usage_json(outcome, call.usage_json);
}

}  // namespace ovos::engine
