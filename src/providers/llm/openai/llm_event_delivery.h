#pragma once

// Hands a completion's events to the caller's executor, and drops them once it was cancelled.

#include <atomic>
#include <memory>

#include "core/executor.h"
#include "providers/llm.h"

namespace ovos::providers::openai {

/// The caller's side of one completion: post() (from any thread, e.g. the I/O loop) queues an
/// event on the call's executor, where it runs the handler unless close() ran first. A terminal
/// event (kDone, kError) closes it as it is delivered, so nothing follows it. close() is called
/// on the executor (LlmCompletion::cancel); once it returns the handler never runs again. The
/// handler may cancel or destroy the completion from inside. Shared by the queued events.
class LlmEventDelivery : public std::enable_shared_from_this<LlmEventDelivery> {
 public:
  static std::shared_ptr<LlmEventDelivery> create(core::Executor& executor,
                                                  LlmEventHandler handler);

  /// Queues `event` on the executor. Thread-safe.
  void post(LlmEvent event);
  /// Stops delivery; call on the executor.
  void close() { closed_.store(true); }
  [[nodiscard]] bool closed() const { return closed_.load(); }

 private:
  LlmEventDelivery(core::Executor& executor, LlmEventHandler handler)
      : executor_(executor), handler_(std::move(handler)) {}
  void run(LlmEvent event);

  core::Executor& executor_;
  const LlmEventHandler handler_;
  std::atomic<bool> closed_{false};
};

}  // namespace ovos::providers::openai
