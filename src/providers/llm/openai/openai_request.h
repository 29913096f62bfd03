#pragma once

// Encodes a ChatRequest as an OpenAI Chat Completions request body.

#include <string>

#include "core/result.h"
#include "providers/llm.h"

namespace ovos::providers::openai {

/// Which field carries ChatRequest::max_tokens. OpenAI deprecated `max_tokens` in favour of
/// `max_completion_tokens`, and its reasoning models (o-series, gpt-5) accept only the new one;
/// compatible servers (Ollama, vLLM, Groq, LiteLLM, older Azure api-versions) know `max_tokens`.
/// The default is `max_tokens`, which every server listed above and OpenAI's chat models take.
enum class MaxTokensField { kMaxTokens, kMaxCompletionTokens };

/// The JSON body of `POST /v1/chat/completions`. With `stream`, asks for server-sent events and
/// a final usage chunk (`stream_options.include_usage`). An empty model is left out (Azure
/// picks it from the deployment). Fails when a tool's parameters_json is not a JSON object.
[[nodiscard]] core::Result<std::string> chat_request_body(
    const ChatRequest& request, bool stream,
    MaxTokensField max_tokens_field = MaxTokensField::kMaxTokens);

}  // namespace ovos::providers::openai
