#pragma once

// Sarvam AI text-to-speech (Bulbul) over HTTP streaming: POST {base}/text-to-speech/stream with
// the api-subscription-key header; the answer is the audio itself, streamed (linear16: raw
// PCM16). Pure encode/decode; no sockets. From Sarvam's API reference (docs.sarvam.ai:
// text-to-speech/convert-stream, the HTTP streaming guide and the errors page).

#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::providers::sarvam {

/// One synthesis request's settings (HTTP and WebSocket alike).
struct SpeechParams {
  std::string model = "bulbul:v2";
  std::string speaker = "anushka";
  std::string language = "hi-IN";  // target_language_code
  int sample_rate = 24000;         // speech_sample_rate: 8000, 16000, 22050 or 24000
};

/// `{base}/text-to-speech/stream`; the default base is https://api.sarvam.ai.
[[nodiscard]] std::string stream_url(std::string_view base);

/// {"text","target_language_code","speaker","model","speech_sample_rate",
/// "output_audio_codec":"linear16"}: raw PCM16 at the rate asked for.
[[nodiscard]] std::string stream_body(const SpeechParams& params, std::string_view text);

/// The speaker a model speaks with when the agent names none: `anushka` for bulbul:v2 (and
/// older), `shubh` for the bulbul:v3 models.
[[nodiscard]] std::string default_speaker(std::string_view model);

/// Sarvam's code for an agent's language: "hi" gives "hi-IN", "or" "od-IN"; a code with a
/// region is kept; an empty one is "en-IN".
[[nodiscard]] std::string sarvam_language(std::string_view language);

/// A rate Sarvam produces: `wanted` when it is one, else 24000 (converted on our side).
[[nodiscard]] int sarvam_rate(int wanted);

/// The error of a non-2xx answer {"error": {"message", "code"}}: the status's code, except
/// invalid_api_key_error (Sarvam's 403) is kUnauthenticated and insufficient_quota_error (a 429
/// for spent credits) kPermissionDenied, so neither is retried.
[[nodiscard]] core::Error error_for(int status, std::string_view body);

}  // namespace ovos::providers::sarvam
