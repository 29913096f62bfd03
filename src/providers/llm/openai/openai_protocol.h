#pragma once

// OpenAI Chat Completions wire format (also Azure OpenAI and OpenAI-compatible servers such as
// Ollama, vLLM, Groq, LiteLLM): the request body, the streamed chunks and the error bodies.
// Pure encode/decode; the connection loop lives in the stream file.
//
// Azure OpenAI takes the same body and stream at
// `{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...` with an
// `api-key` header instead of `Authorization: Bearer`; the deployment picks the model, so an
// empty ChatRequest::model is simply left out of the body.

#include "providers/llm/openai/openai_errors.h"          // IWYU pragma: export
#include "providers/llm/openai/openai_request.h"         // IWYU pragma: export
#include "providers/llm/openai/openai_stream_decoder.h"  // IWYU pragma: export
