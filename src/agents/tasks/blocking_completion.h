#pragma once

#include <chrono>
#include <stop_token>
#include <string>

#include "core/executor.h"
#include "core/result.h"
#include "providers/llm.h"

namespace ovos::agents::tasks {

/// Runs one chat completion to its end and returns the whole reply, blocking the calling
/// thread (a post-call worker, never an event loop). The completion is started, delivers its
/// events and is destroyed on `events_on`, as LlmProvider requires. Errors: the provider's own
/// (kError event), kUnavailable after `timeout`, kUnavailable when `stop` is requested first.
/// Tool calls in the reply are ignored.
[[nodiscard]] core::Result<std::string> complete_chat(providers::LlmProvider& provider,
                                                      providers::ChatRequest request,
                                                      core::Executor& events_on,
                                                      std::chrono::milliseconds timeout,
                                                      std::stop_token stop);

}  // namespace ovos::agents::tasks
