#pragma once

#include <chrono>
#include <string>

#include "core/executor.h"

namespace ovos::net {

/// Every `interval`, measures how late `loop` runs a task that was due: the time a call's audio
/// waits behind other work on that loop. Each reading goes to the histogram
/// ovos_event_loop_lag_seconds{shard="<shard>"} and the gauge
/// ovos_event_loop_lag_last_microseconds{shard}. Runs until the loop stops (its pending task is
/// then dropped with the loop).
void start_loop_lag_probe(core::Executor& loop, const std::string& shard,
                          std::chrono::milliseconds interval = std::chrono::milliseconds(250));

}  // namespace ovos::net
