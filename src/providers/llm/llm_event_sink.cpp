#include "providers/llm/llm_event_sink.h"

#include <utility>

namespace ovos::providers {
namespace {

bool terminal(const LlmEvent& event) {
  return event.kind == LlmEvent::Kind::kDone || event.kind == LlmEvent::Kind::kError;
}

/// Holds only the sink: cancelling it is all there is to stop.
class FailedCompletion final : public LlmCompletion {
 public:
  explicit FailedCompletion(std::shared_ptr<LlmEventSink> sink) : sink_(std::move(sink)) {}
  ~FailedCompletion() override { cancel(); }
  FailedCompletion(const FailedCompletion&) = delete;
  FailedCompletion& operator=(const FailedCompletion&) = delete;
  void cancel() override { sink_->cancel(); }

 private:
  std::shared_ptr<LlmEventSink> sink_;
};

}  // namespace

void LlmEventSink::post(const std::shared_ptr<LlmEventSink>& sink, std::vector<LlmEvent> events) {
  if (events.empty()) return;
  sink->executor_.post([sink, events = std::move(events)]() mutable {
    // `sink` (and with it the handler) stays alive while the handler runs, even when the
    // handler destroys the completion.
    for (auto& event : events) {
      if (sink->stopped_.load()) return;
      if (terminal(event)) sink->stopped_.store(true);
      sink->handler_(std::move(event));
    }
  });
}

std::unique_ptr<LlmCompletion> failed_completion(core::Error error, core::Executor& events_on,
                                                 LlmEventHandler on_event) {
  auto sink = std::make_shared<LlmEventSink>(events_on, std::move(on_event));
  LlmEvent event;
  event.kind = LlmEvent::Kind::kError;
  event.error = std::move(error);
  std::vector<LlmEvent> events;
  events.push_back(std::move(event));
  LlmEventSink::post(sink, std::move(events));
  return std::make_unique<FailedCompletion>(std::move(sink));
}

}  // namespace ovos::providers
