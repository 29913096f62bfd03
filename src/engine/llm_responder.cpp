#include <utility>

#include "engine/responder.h"

namespace ovos::engine {

LlmResponder::LlmResponder(providers::LlmProvider& llm, std::string system_prompt,
                           providers::ChatRequest request_template,
                           std::vector<std::string> expected_replies)
    : llm_(llm),
      system_prompt_(std::move(system_prompt)),
      template_(std::move(request_template)),
      expected_replies_(std::move(expected_replies)) {}

std::unique_ptr<ReplyInFlight> LlmResponder::reply(
    const std::vector<providers::ChatMessage>& history, core::Executor& executor,
    ReplyHandler on_event) {
  providers::ChatRequest request = template_;
  request.messages.clear();
  if (!system_prompt_.empty()) {
    request.messages.push_back({providers::ChatMessage::Role::kSystem, system_prompt_, {}, {}});
  }
  request.messages.insert(request.messages.end(), history.begin(), history.end());
  return llm_.stream_chat(std::move(request), executor,
                          [on_event = std::move(on_event)](providers::LlmEvent e) {
                            using Kind = providers::LlmEvent::Kind;
                            switch (e.kind) {
                              case Kind::kToken:
                                on_event({ReplyEvent::Kind::kText, std::move(e.text), {}});
                                break;
                              case Kind::kToolCall:
                                // Tools bound to HTTP come with the agents module; end_call is the
                                // engine's own.
                                if (e.tool_call.name == "end_call")
                                  on_event({ReplyEvent::Kind::kEndCall, {}, {}});
                                break;
                              case Kind::kDone:
                                on_event({ReplyEvent::Kind::kDone, {}, {}});
                                break;
                              case Kind::kError:
                                on_event({ReplyEvent::Kind::kError, {}, std::move(e.error)});
                                break;
                            }
                          });
}

}  // namespace ovos::engine
