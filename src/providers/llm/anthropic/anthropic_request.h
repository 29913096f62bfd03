#pragma once

// Encodes a ChatRequest as an Anthropic Messages API request body.

#include <string>
#include <string_view>

#include "core/result.h"
#include "providers/llm.h"

namespace ovos::providers::anthropic {

/// The `anthropic-version` header value the body is written for.
inline constexpr std::string_view kApiVersion = "2023-06-01";

/// The JSON body of `POST /v1/messages`, as the Messages API wants it:
/// - every system message, wherever it stands, joined (blank line between) into top-level
///   `system`;
/// - content as blocks: text, assistant tool calls as `tool_use` blocks whose `input` is the
///   call's arguments parsed (empty arguments: `{}`), tool results as `tool_result` blocks of a
///   user message;
/// - consecutive messages of one role merged into one message, tool results first in a user
///   message; empty text is left out (the API rejects empty text blocks);
/// - tools as {name, description, input_schema} (empty parameters_json: an object schema);
/// - `max_tokens` always (the API requires it); temperature clamped to Anthropic's 0..1.
/// An empty model is left out for the caller to fill. Fails when tool arguments or a tool's
/// parameters_json are not a JSON object, or max_tokens is not positive.
[[nodiscard]] core::Result<std::string> messages_request_body(const ChatRequest& request,
                                                              bool stream);

}  // namespace ovos::providers::anthropic
