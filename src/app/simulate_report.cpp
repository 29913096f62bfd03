#include "app/simulate_report.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <cstdio>
#include <optional>

namespace ovos::app {
namespace {

namespace json = boost::json;

std::string clock_text(std::int64_t ms) {
  ms = std::max<std::int64_t>(0, ms);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld.%03lld", static_cast<long long>(ms / 60000),
                static_cast<long long>(ms / 1000 % 60), static_cast<long long>(ms % 1000));
  return buf;
}

std::optional<std::int64_t> since_start(const std::optional<std::int64_t>& unix_ms,
                                        std::int64_t started) {
  if (!unix_ms) return std::nullopt;
  return *unix_ms - started;
}

json::value ms_or_null(std::optional<std::int64_t> ms) {
  return ms ? json::value(*ms) : json::value(nullptr);
}

json::value stage_or_null(std::int64_t ms) {
  return ms >= 0 ? json::value(ms) : json::value(nullptr);
}

std::string stage_text(std::int64_t ms) {
  return ms >= 0 ? std::to_string(ms) : std::string("-");
}

const engine::LatencyFrame* latency_of(const SimulationReport& report, int turn) {
  for (const auto& latency : report.trace.latencies) {
    if (latency.turn == turn) return &latency;
  }
  return nullptr;
}

std::string latency_table(const SimulationReport& report) {
  std::string out = "turn  stt_ms  llm_ms  tts_ms  total_ms\n";
  char row[96];
  for (const auto& l : report.trace.latencies) {
    std::snprintf(row, sizeof row, "%4d  %6s  %6s  %6s  %8s\n", l.turn,
                  stage_text(l.stt_ms).c_str(), stage_text(l.llm_ms).c_str(),
                  stage_text(l.tts_ms).c_str(), stage_text(l.total_ms).c_str());
    out += row;
  }
  if (report.trace.latencies.empty()) out += "(no replies)\n";
  return out;
}

json::object turn_json(const SimulationReport& report, const engine::TurnRecord& r) {
  const std::int64_t start = report.trace.started_unix_ms;
  json::object turn{
      {"turn", r.index},
      {"kind", r.kind},
      {"user_text", r.user_text},
      {"agent_text", r.agent_text},
      {"interrupted", r.interrupted},
      {"user_speech_end_ms", ms_or_null(since_start(r.user_speech_end_at, start))},
      {"stt_final_ms", ms_or_null(since_start(r.stt_final_at, start))},
      {"llm_first_token_ms", ms_or_null(since_start(r.llm_first_token_at, start))},
      {"tts_first_byte_ms", ms_or_null(since_start(r.tts_first_byte_at, start))},
      {"first_audio_out_ms", ms_or_null(since_start(r.first_audio_out_at, start))},
      {"interrupted_ms", ms_or_null(since_start(r.interrupted_at, start))},
  };
  if (!r.dtmf.empty()) turn["dtmf"] = r.dtmf;
  if (!r.error.empty()) turn["error"] = r.error;
  if (const auto* l = latency_of(report, r.index)) {
    turn["latency"] = json::object{{"stt_ms", stage_or_null(l->stt_ms)},
                                   {"llm_ms", stage_or_null(l->llm_ms)},
                                   {"tts_ms", stage_or_null(l->tts_ms)},
                                   {"total_ms", stage_or_null(l->total_ms)}};
  } else {
    turn["latency"] = nullptr;
  }
  return turn;
}

}  // namespace

std::vector<ConversationLine> conversation(const SimulationReport& report) {
  std::vector<ConversationLine> lines;
  for (const auto& t : report.trace.transcripts) {
    if (t.speaker == engine::Speaker::kUser && !t.text.empty()) {
      lines.push_back({t.since_ms, false, t.text, false, t.turn});
    }
  }
  const std::int64_t start = report.trace.started_unix_ms;
  for (const auto& [index, r] : report.turns) {
    if (r.agent_text.empty() && !r.interrupted) continue;
    const auto at =
        since_start(r.first_audio_out_at ? r.first_audio_out_at : r.interrupted_at, start);
    if (!at) continue;
    lines.push_back({*at, true, r.agent_text, r.interrupted, index});
  }
  std::stable_sort(
      lines.begin(), lines.end(),
      [](const ConversationLine& a, const ConversationLine& b) { return a.at_ms < b.at_ms; });
  return lines;
}

std::string format_text(const SimulationReport& report) {
  std::string out;
  for (const auto& line : conversation(report)) {
    out += "[" + clock_text(line.at_ms) + "] " + (line.agent ? "agent:" : "caller:");
    if (!line.text.empty()) out += " " + line.text;
    if (line.interrupted) out += " [interrupted]";
    out += "\n";
  }
  for (const auto& e : report.trace.errors) {
    out += "[" + clock_text(e.at_ms) + "] error: " + e.code + ": " + e.message + "\n";
  }
  out += "\n" + latency_table(report) + "\n";
  out +=
      "hang-up: " + report.trace.hangup_reason + " at " + clock_text(report.trace.call_ms) + "\n";
  if (!report.recording.empty()) out += "recording: " + report.recording + "\n";
  return out;
}

json::object format_json(const SimulationReport& report) {
  json::array transcript;
  for (const auto& line : conversation(report)) {
    transcript.push_back(json::object{{"at_ms", line.at_ms},
                                      {"speaker", line.agent ? "agent" : "caller"},
                                      {"text", line.text},
                                      {"interrupted", line.interrupted},
                                      {"turn", line.turn}});
  }
  json::array turns;
  for (const auto& [index, record] : report.turns)
    turns.push_back(turn_json(report, record));
  json::array errors;
  for (const auto& e : report.trace.errors) {
    errors.push_back(json::object{{"at_ms", e.at_ms}, {"code", e.code}, {"message", e.message}});
  }
  return {{"mode", report.mode},
          {"call_ms", report.trace.call_ms},
          {"wall_ms", report.wall_ms},
          {"hangup_reason", report.trace.hangup_reason},
          {"recording",
           report.recording.empty() ? json::value(nullptr) : json::value(report.recording)},
          {"transcript", std::move(transcript)},
          {"turns", std::move(turns)},
          {"errors", std::move(errors)}};
}

}  // namespace ovos::app
