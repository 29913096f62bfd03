#pragma once

// The agent's mind as the engine sees it: conversation in, a stream of reply events out.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/executor.h"
#include "core/result.h"
#include "providers/llm.h"

namespace ovos::agents {

/// One tool the agent ran during a reply, as logged on the turn.
struct ToolActivity {
  std::string name;
  std::string arguments;  // the JSON text the model produced
  std::string result;     // what the model was told (clipped)
  bool ok = true;
  std::int64_t elapsed_ms = 0;
};

/// What a reply reports, in order: route (graph agents), then text, sayings, tool activity,
/// sources and call actions in any order, then one kDone or kError.
struct ReplyEvent {
  enum class Kind {
    kText,         // text: the next piece of the reply
    kSay,          // text: a whole sentence to speak now (e.g. a tool's pre_call_message)
    kToolStarted,  // tool.name: a tool runs; the caller's barge-in waits until it finished
    kToolResult,   // tool: it finished; messages (on a round's last result): for the history
    kSources,      // sources: the passages the reply is grounded on, for the turn's log
    kEndCall,      // hang up once the reply has been heard
    kTransfer,     // text: transfer the call there once the reply has been heard
    kRoute,        // text: a graph node the reply entered, in order (the last one answers)
    kDone,
    kError,
  };
  Kind kind = Kind::kText;
  std::string text;
  ToolActivity tool;
  std::vector<providers::ChatMessage> messages;
  std::vector<std::string> sources;
  core::Error error{};
};
using ReplyHandler = std::function<void(ReplyEvent)>;

/// A reply in flight; destroying or cancelling it stops it (an LLM completion, a tool's HTTP
/// request) and no more events arrive.
using ReplyInFlight = providers::LlmCompletion;

/// The agent's mind as the engine sees it: given the conversation so far, produce the next
/// reply as a stream of events. A simple LLM agent, a graph agent or a knowledge-base agent
/// each implement it. One per call; used only on the call's executor.
class Responder {
 public:
  virtual ~Responder() = default;
  /// Starts the reply to `history` (which ends with the caller's message). Events are
  /// delivered on `executor`, never from inside this call.
  [[nodiscard]] virtual std::unique_ptr<ReplyInFlight> reply(
      const std::vector<providers::ChatMessage>& history, core::Executor& executor,
      ReplyHandler on_event) = 0;
  /// What the caller is expected to say next, for recognisers that can use it; empty: anything.
  [[nodiscard]] virtual std::vector<std::string> expected_replies() const { return {}; }
  /// An external event reached the call (graph agents' event edges). Returns what to say now
  /// because of it; empty: nothing.
  virtual std::string on_call_event(std::string_view /*event*/) { return {}; }
};

}  // namespace ovos::agents
