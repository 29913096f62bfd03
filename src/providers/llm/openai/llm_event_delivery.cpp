#include "providers/llm/openai/llm_event_delivery.h"

#include <utility>

namespace ovos::providers::openai {

std::shared_ptr<LlmEventDelivery> LlmEventDelivery::create(core::Executor& executor,
                                                           LlmEventHandler handler) {
  return std::shared_ptr<LlmEventDelivery>(new LlmEventDelivery(executor, std::move(handler)));
}

void LlmEventDelivery::post(LlmEvent event) {
  executor_.post([self = shared_from_this(), event = std::move(event)]() mutable {
    self->run(std::move(event));
  });
}

void LlmEventDelivery::run(LlmEvent event) {
  if (closed_.load()) return;
  if (event.kind == LlmEvent::Kind::kDone || event.kind == LlmEvent::Kind::kError) close();
  // `self` in the queued task keeps this alive even if the handler destroys the completion.
  handler_(std::move(event));
}

}  // namespace ovos::providers::openai
