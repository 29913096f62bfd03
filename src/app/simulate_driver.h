#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "app/simulate_caller.h"
#include "app/simulate_line.h"
#include "core/executor.h"
#include "core/result.h"
#include "engine/call_recorder.h"
#include "engine/call_session.h"
#include "engine/frames.h"

namespace ovos::app {

/// What one simulated call is made of. The session settings' input_sample_rate must be the
/// caller audio's rate. Everything referenced outlives the call.
struct CallParts {
  engine::SessionConfig config;
  engine::SessionProviders providers;  // responder set
  const CallerAudio* caller = nullptr;
  engine::CallRecorder* recorder = nullptr;
  core::ComputePool* compute = nullptr;  // where the local providers work
};

/// How long the simulated caller stays on the line, and how long provider work may take.
struct DriveOptions {
  std::chrono::milliseconds tail{8000};        // after the caller's audio, once the agent is quiet
  std::chrono::milliseconds max_extra{60000};  // beyond the tail while the agent keeps talking
  std::chrono::milliseconds provider_timeout{120000};  // real time, accelerated calls
};

/// What the caller's end of the line saw of a call.
struct CallTrace {
  std::vector<HeardTranscript> transcripts;
  std::vector<engine::LatencyFrame> latencies;
  std::vector<HeardError> errors;
  std::string hangup_reason;
  std::int64_t started_unix_ms = 0;  // the executor clock's Unix time at the start
  std::int64_t call_ms = 0;          // from start to hang-up
};

/// The error of a session that could not be created (e.g. a voice the synthesizer does not
/// have), its message saying so; the error code is kept.
[[nodiscard]] inline core::Error cannot_start(core::Error error) {
  error.message = "the call cannot start: " + error.message;
  return error;
}

/// Runs the call on a ManualExecutor in virtual time, as fast as the providers allow: 20 ms of
/// caller audio per 20 ms step of a ManualClock. Before every step the local providers' work
/// is waited for (wait_pool_idle on the compute pool, then the events it posted are run, until
/// both are quiet), so the call unfolds as if decoding and synthesis took no time: latencies
/// show the pipeline's own delays (endpointing, pacing), not the machine's speed.
[[nodiscard]] core::Result<CallTrace> run_accelerated(const CallParts& parts,
                                                      const DriveOptions& options);

/// Runs the call on a real event loop in real time: 20 ms of caller audio every 20 ms of the
/// system clock. Latencies include the real cost of the providers. Blocks until the call ends.
[[nodiscard]] core::Result<CallTrace> run_realtime(const CallParts& parts,
                                                   const DriveOptions& options);

}  // namespace ovos::app
