#pragma once

// Anthropic Messages API wire format (`POST /v1/messages` with headers `x-api-key` and
// `anthropic-version: 2023-06-01`): the request body, the streamed events and the error bodies.
// Pure encode/decode; the connection loop lives in the stream file.

#include "providers/llm/anthropic/anthropic_errors.h"          // IWYU pragma: export
#include "providers/llm/anthropic/anthropic_request.h"         // IWYU pragma: export
#include "providers/llm/anthropic/anthropic_stream_decoder.h"  // IWYU pragma: export
