#pragma once

// Large-language-model provider interface: a streamed, cancellable chat completion.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/executor.h"
#include "core/result.h"

namespace ovos::providers {

/// A tool call the model asked for; `arguments` is the JSON text the model produced.
struct ToolCall {
  std::string id;
  std::string name;
  std::string arguments;
};

/// One message of a conversation.
struct ChatMessage {
  enum class Role { kSystem, kUser, kAssistant, kTool };
  Role role = Role::kUser;
  std::string content;
  std::vector<ToolCall> tool_calls;  // kAssistant: calls it made
  std::string tool_call_id;          // kTool: which call this answers
};

/// A function the model may call (OpenAI-style); `parameters_json` is a JSON Schema.
struct ToolDefinition {
  std::string name;
  std::string description;
  std::string parameters_json;
};

/// One completion request.
struct ChatRequest {
  /// The caller's stored key for the provider (KeyVault::credentials_for): api_key, base_url,
  /// endpoint, api_version, deployment... as the provider catalogue names them. Never logged.
  std::map<std::string, std::string> credentials;
  std::vector<ChatMessage> messages;
  std::vector<ToolDefinition> tools;
  std::string model;  // empty: the provider's default
  double temperature = 0.2;
  int max_tokens = 256;
};

/// What a streaming completion reports, in order: tokens and tool calls, then one kDone or kError.
struct LlmEvent {
  enum class Kind { kToken, kToolCall, kDone, kError };
  Kind kind = Kind::kToken;
  std::string text;      // kToken
  ToolCall tool_call;    // kToolCall
  int input_tokens = 0;  // kDone: usage, when the provider reports it
  int output_tokens = 0;
  core::Error error{};  // kError
};

/// Called on the executor given to stream_chat, never after cancel() returns.
using LlmEventHandler = std::function<void(LlmEvent)>;

/// A completion in flight. Destroying it cancels it; it may be cancelled or destroyed from
/// inside its own event handler (the engine does so on kDone and on barge-in).
class LlmCompletion {
 public:
  virtual ~LlmCompletion() = default;
  /// Stops the completion (barge-in); no events are delivered after it returns. Idempotent.
  virtual void cancel() = 0;
};

/// Streams chat completions. Shared by all calls; thread-safe.
class LlmProvider {
 public:
  virtual ~LlmProvider() = default;
  [[nodiscard]] virtual std::string_view name() const = 0;
  /// JSON Schema of the settings an agent gives this provider (voice, model, language...), for
  /// the UI's forms; "{}" when it takes none.
  [[nodiscard]] virtual std::string_view config_schema() const { return "{}"; }
  /// What it can do, e.g. "streaming", "interim_results", "expected_phrases", "cancel".
  [[nodiscard]] virtual std::vector<std::string_view> capabilities() const { return {}; }
  [[nodiscard]] virtual std::unique_ptr<LlmCompletion> stream_chat(ChatRequest request,
                                                                   core::Executor& events_on,
                                                                   LlmEventHandler on_event) = 0;
};

}  // namespace ovos::providers
