#pragma once

// What the phone-call load benchmark's server and load generator agree on (bench/call_load_*):
// the fake providers' fixed delays, the agent's scripted answer, and the caller's audio.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ovos::bench::load {

using std::chrono::milliseconds;

/// Fixed delays of the fake providers and the session's endpointing. A reply's first audio is
/// due kFixedReplyDelay after the caller's speech ended; what comes on top is our overhead.
inline constexpr milliseconds kEndpointing{500};
inline constexpr milliseconds kSttFinalDelay{100};
inline constexpr milliseconds kLlmFirstToken{200};
inline constexpr milliseconds kTtsFirstByte{100};
inline constexpr milliseconds kTtsPerWord{150};
inline constexpr milliseconds kFixedReplyDelay =
    kEndpointing + kSttFinalDelay + kLlmFirstToken + kTtsFirstByte;

/// The agent's prompt for the scripted LLM: every question gets the same 16-word answer
/// (2.4 s of the fake TTS's tone).
inline constexpr const char* kAgentScript =
    "Answer from this script.\n"
    "* => We are open from nine in the morning until five in the evening, Monday to Friday.";

inline constexpr int kRate = 8000;                 // Twilio: μ-law at 8 kHz
inline constexpr std::size_t kFrameSamples = 160;  // 20 ms

/// One caller utterance inside the cycle, in 20 ms frames: [onset, end) holds its energy.
struct Utterance {
  std::size_t onset = 0;
  std::size_t end = 0;  // one past the last frame above the energy threshold
};

/// What every simulated caller says, looped: questions spoken by flite (16 kHz, resampled to
/// 8 kHz), each followed by silence long enough for the whole answer to play.
struct CallerCycle {
  std::vector<std::int16_t> pcm;  // 8 kHz, whole 20 ms frames
  std::size_t frames = 0;
  std::vector<Utterance> utterances;
};

/// Builds the cycle: two questions, each followed by `silence` (throws when flite fails).
[[nodiscard]] CallerCycle make_caller_cycle(milliseconds silence);

}  // namespace ovos::bench::load
