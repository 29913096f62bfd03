#pragma once

// Hands a cloud speech stream's events from the vendor I/O loop to the call's executor, and
// drops them once the stream is closed.

#include <atomic>
#include <functional>
#include <memory>
#include <utility>

#include "core/executor.h"

namespace ovos::providers::speech {

/// Where one speech stream's events go: its handler, run on the call's executor. Shared by the
/// stream, its I/O side and every task it posted. post() is thread-safe; cancel() belongs on
/// the executor, where it guarantees that no event is delivered after it returns. `accept`
/// (optional, run on the executor just before the handler) drops events the stream no longer
/// wants (a cancelled TTS context); `terminal` events end delivery after they are handed over.
template <typename Event>
class SpeechEventSink {
 public:
  using Handler = std::function<void(Event)>;
  using Predicate = std::function<bool(const Event&)>;

  SpeechEventSink(core::Executor& executor, Handler handler, Predicate terminal = {},
                  Predicate accept = {})
      : executor_(executor),
        handler_(std::move(handler)),
        terminal_(std::move(terminal)),
        accept_(std::move(accept)) {}

  /// Posts `event` to the executor.
  static void post(const std::shared_ptr<SpeechEventSink>& sink, Event event) {
    sink->executor_.post([sink, event = std::move(event)]() mutable {
      // `sink` (and with it the handler) stays alive while the handler runs, even when the
      // handler destroys the stream.
      if (sink->stopped_.load()) return;
      if (sink->accept_ && !sink->accept_(event)) return;
      if (sink->terminal_ && sink->terminal_(event)) sink->stopped_.store(true);
      sink->handler_(std::move(event));
    });
  }
  /// Stops delivery for good. Idempotent.
  void cancel() { stopped_.store(true); }
  [[nodiscard]] bool stopped() const { return stopped_.load(); }

 private:
  core::Executor& executor_;
  Handler handler_;
  Predicate terminal_;
  Predicate accept_;
  std::atomic<bool> stopped_{false};
};

}  // namespace ovos::providers::speech
