#pragma once

#include <chrono>

#include "core/executor.h"
#include "core/result.h"

namespace ovos::app {

/// Waits until `pool` has no work: none queued and none running. Submits one barrier task per
/// worker thread and waits (real time) until every worker is inside one; since the queue is
/// first-in first-out, each worker has then finished whatever it took before, and nothing else
/// can be running. Returns true when, at that moment, no task was queued behind the barrier
/// (work submitted meanwhile, e.g. by a task that finished, makes it false: call again). Every
/// effect of the finished work, such as events posted to an executor, has happened by then.
/// kUnavailable when the pool refuses the barrier or the workers are not all free within
/// `timeout`. Call from outside the pool; blocks the caller, never the pool for longer than the
/// check.
[[nodiscard]] core::Result<bool> wait_pool_idle(core::ComputePool& pool,
                                                std::chrono::milliseconds timeout);

}  // namespace ovos::app
