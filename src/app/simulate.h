#pragma once

#include <cstddef>
#include <filesystem>

namespace ovos::app {

/// What `openvoiceos simulate` was asked to do. Plain data.
struct SimulateOptions {
  std::filesystem::path agent;   // agent JSON file
  std::filesystem::path caller;  // WAV file or caller script
  std::filesystem::path out;     // stereo WAV of the call; empty: none
  bool realtime = false;         // real event loop and real time instead of virtual time
  bool json = false;             // one JSON object on stdout instead of text
  double tail_seconds = 8;       // the caller stays on the line this long after its audio
  unsigned compute_threads = 0;  // for local speech; 0: one per core
  std::size_t stt_decoders = 2;
};

/// `openvoiceos simulate`: one call between an agent and a simulated caller, with no network
/// and no database, through the same CallSession pipeline a phone call uses (local providers:
/// pocketsphinx, flite, the scripted LLM). Prints the conversation, per-turn latencies and the
/// hang-up reason on stdout (text or JSON), problems on stderr. Returns the exit code: 0 the
/// call ran, 1 it failed at run time (a provider error ended it, the recording failed), 2 bad
/// input (unreadable or invalid agent, providers this build cannot run, bad caller file).
[[nodiscard]] int simulate(const SimulateOptions& options);

}  // namespace ovos::app
