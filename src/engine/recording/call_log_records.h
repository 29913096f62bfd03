#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/call_recorder.h"
#include "store/records.h"

namespace ovos::engine {

// How the engine's view of a call maps onto the stored records. Pure functions.

/// The stored form of a turn state. `id` and `created_at` are the turn's first ones (an upsert
/// keeps the stored ones anyway).
[[nodiscard]] store::Turn to_store_turn(const TurnRecord& record, std::string call_id,
                                        std::string id, std::int64_t created_at);

/// {"kind":"reply"} plus "dtmf", "error", "tools", "sources" when set, and for graph agents
/// "node" (the node that answered) and "route" (every node entered, in order).
[[nodiscard]] std::string turn_metadata_json(const TurnRecord& record);

/// `existing` (a JSON object; replaced when it is not one) with stt_audio_seconds,
/// tts_characters and turns set from the outcome.
[[nodiscard]] std::string usage_json(const CallOutcome& outcome, std::string_view existing = "{}");

/// The API path that serves a call's recording.
[[nodiscard]] std::string recording_url(std::string_view call_id);

/// Marks `call` completed as the outcome says: ended_at, duration, hang-up reason, usage, and
/// the recording's URL when `recorded`.
void complete_call(store::Call& call, const CallOutcome& outcome, bool recorded);

}  // namespace ovos::engine
