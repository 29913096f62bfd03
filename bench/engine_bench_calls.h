#pragma once

// The load part of engine_bench: many calls on one event-loop thread, and where a call's CPU and
// memory go. See engine_bench.cpp.

#include <vector>

namespace ovos::bench {

/// Ramps the number of concurrent calls on one event-loop thread (each count in a forked child,
/// `seconds` each; `counts` empty: 0, 250, 500, 1000, 1500, 2000, 2500, ... until one is not
/// real time), caller and agent audio at `rate` (16000, or 8000 as on a phone line), and prints
/// the tables. Returns 0.
int run_calls(int seconds, std::vector<int> counts, int rate = 16000);

/// CPU per 20 ms caller frame by part (VAD, pre-roll, resamplers) and heap per call by part
/// (session, VAD, pre-roll, providers), measured over many.
void run_profile();

}  // namespace ovos::bench
