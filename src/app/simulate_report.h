#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "app/simulate_driver.h"
#include "engine/call_recorder.h"

namespace ovos::app {

/// Everything `openvoiceos simulate` prints about one call. Plain data.
struct SimulationReport {
  CallTrace trace;
  std::map<int, engine::TurnRecord> turns;  // by index, last state
  std::string mode;                         // "accelerated" or "realtime"
  std::string recording;                    // the --out file, if any
  std::int64_t wall_ms = 0;                 // real time the simulation took
};

/// One line of the conversation: a caller's final words, or what the agent said (from when its
/// first audio went out; cut to what was heard when interrupted).
struct ConversationLine {
  std::int64_t at_ms = 0;  // from the call's start
  bool agent = false;
  std::string text;
  bool interrupted = false;
  int turn = 0;
};

/// The conversation in time order. A caller line is stamped when the recogniser first reported
/// its words (an interim transcript, normally a few hundred ms into the speech).
[[nodiscard]] std::vector<ConversationLine> conversation(const SimulationReport& report);

/// `[mm:ss.mmm] caller: ...` / `[mm:ss.mmm] agent: ... [interrupted]` lines, errors, a table
/// of per-turn latencies (turn, stt_ms, llm_ms, tts_ms, total_ms; "-" where a stage did not
/// happen) and the hang-up reason.
[[nodiscard]] std::string format_text(const SimulationReport& report);

/// The same as one JSON object: mode, call_ms, wall_ms, hangup_reason, recording, transcript[],
/// turns[] (texts, stage times from the call's start, latency) and errors[]. Times are
/// milliseconds; null where a stage did not happen.
[[nodiscard]] boost::json::object format_json(const SimulationReport& report);

}  // namespace ovos::app
