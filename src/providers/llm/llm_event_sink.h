#pragma once

// Hands a completion's LlmEvents to its caller's executor, and drops them once it is cancelled.

#include <atomic>
#include <memory>
#include <vector>

#include "core/executor.h"
#include "core/result.h"
#include "providers/llm.h"

namespace ovos::providers {

/// Where one completion's events go: its handler, run on the caller's executor. Shared by the
/// completion, its I/O side and every task it posted. post() is thread-safe; cancel() belongs
/// on the executor, where it guarantees that no event is delivered after it returns (each
/// posted task checks the flag before running the handler). The terminal event (kDone,
/// kError) ends delivery as well. The handler is destroyed with the last reference, on
/// whichever thread drops it.
class LlmEventSink {
 public:
  LlmEventSink(core::Executor& executor, LlmEventHandler handler)
      : executor_(executor), handler_(std::move(handler)) {}

  /// Posts `events`, in order, to the executor; nothing when empty.
  static void post(const std::shared_ptr<LlmEventSink>& sink, std::vector<LlmEvent> events);
  /// Stops delivery for good. Idempotent.
  void cancel() { stopped_.store(true); }
  /// Whether cancelled or the terminal event was handed over.
  [[nodiscard]] bool stopped() const { return stopped_.load(); }

 private:
  core::Executor& executor_;
  LlmEventHandler handler_;
  std::atomic<bool> stopped_{false};
};

/// A completion that failed before any I/O: `error` is posted as its only event (kError).
[[nodiscard]] std::unique_ptr<LlmCompletion> failed_completion(core::Error error,
                                                               core::Executor& events_on,
                                                               LlmEventHandler on_event);

}  // namespace ovos::providers
