#include "agents/tasks/blocking_completion.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

namespace ovos::agents::tasks {

namespace {

/// Shared by the waiting thread and the completion's tasks on the executor; whoever runs last
/// frees it.
struct Exchange {
  std::mutex mutex;
  std::condition_variable_any changed;
  std::string text;
  std::optional<core::Result<std::string>> outcome;      // set once, by the terminal event
  std::unique_ptr<providers::LlmCompletion> completion;  // touched on the executor only

  void finish(core::Result<std::string> result) {
    const std::lock_guard lock(mutex);
    if (!outcome) outcome = std::move(result);
    changed.notify_all();
  }
};

}  // namespace

core::Result<std::string> complete_chat(providers::LlmProvider& provider,
                                        providers::ChatRequest request, core::Executor& events_on,
                                        std::chrono::milliseconds timeout, std::stop_token stop) {
  auto exchange = std::make_shared<Exchange>();
  // Tasks on the executor run in the order posted, so this one runs before the release below.
  events_on.post([exchange, &provider, &events_on, request = std::move(request)]() mutable {
    auto on_event = [exchange](providers::LlmEvent event) {
      switch (event.kind) {
        case providers::LlmEvent::Kind::kToken: {
          const std::lock_guard lock(exchange->mutex);
          exchange->text += event.text;
          return;
        }
        case providers::LlmEvent::Kind::kToolCall:
          return;
        case providers::LlmEvent::Kind::kDone: {
          std::string text;
          {
            const std::lock_guard lock(exchange->mutex);
            text = exchange->text;
          }
          exchange->finish(std::move(text));
          return;
        }
        case providers::LlmEvent::Kind::kError:
          exchange->finish(std::move(event.error));
          return;
      }
    };
    exchange->completion = provider.stream_chat(std::move(request), events_on, on_event);
  });

  std::unique_lock lock(exchange->mutex);
  const bool ended = exchange->changed.wait_for(lock, stop, timeout,
                                                [&] { return exchange->outcome.has_value(); });
  std::optional<core::Result<std::string>> outcome = std::move(exchange->outcome);
  lock.unlock();
  // Released where it was made, whatever happened; no event is delivered after that.
  events_on.post([exchange] { exchange->completion.reset(); });
  if (ended && outcome) return std::move(*outcome);
  if (stop.stop_requested())
    return core::Error::unavailable("stopped: the server is shutting down");
  const auto ms = timeout.count();
  return core::Error::unavailable(
      "the model did not finish within " +
      (ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms"));
}

}  // namespace ovos::agents::tasks
