#pragma once

// ElevenLabs text-to-speech over HTTP streaming (POST /v1/text-to-speech/{voice_id}/stream):
// the request of one piece of text and the meaning of its error bodies. Pure encode/decode.

#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::providers::elevenlabs {

/// The pcm_<rate> output format to ask for when the call wants `wanted` Hz: 8000, 16000, 22050
/// and 24000 as they are; anything else 24000 (44100 needs a Pro plan), converted by the caller.
[[nodiscard]] int output_rate(int wanted);

/// `{base}/v1/text-to-speech/{voice_id}/stream?output_format=pcm_<rate>`; `base` is an http(s)
/// origin. The voice id is percent-encoded.
[[nodiscard]] std::string stream_url(std::string_view base, std::string_view voice_id, int rate);

/// The JSON body: {"text","model_id"}.
[[nodiscard]] std::string stream_body(std::string_view text, std::string_view model_id);

/// The error of a non-2xx answer. ElevenLabs sends {"detail":{"status","message"}} (401
/// invalid_api_key or quota_exceeded, 429 too_many_concurrent_requests or system_busy) or,
/// for a request it cannot read (422), {"detail":[{"loc","msg","type"}]}. A spent quota is
/// kPermissionDenied whatever the status; otherwise the status decides
/// (speech::http_status_error). The message carries ElevenLabs' status and message.
[[nodiscard]] core::Error error_for(int status, std::string_view body);

}  // namespace ovos::providers::elevenlabs
