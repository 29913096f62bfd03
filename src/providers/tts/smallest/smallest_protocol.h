#pragma once

// Smallest.ai text-to-speech (Waves, Lightning models) over REST: POST {base}/waves/v1/tts with
// a Bearer key; the answer is the audio itself. Pure encode/decode; no sockets. From Smallest's
// OpenAPI description of the Waves TTS API (smallest-inc/smallest-ai-documentation:
// fern/apis/waves/openapi/tts-openapi.yaml).

#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::providers::smallest {

/// One synthesis request's settings.
struct SpeechParams {
  std::string voice_id = "magnus";
  std::string model = "lightning_v3.1";
  std::string language = "en";
  int sample_rate = 24000;  // 8000, 16000, 24000 or 44100
};

/// `{base}/waves/v1/tts`; the default base is https://api.smallest.ai.
[[nodiscard]] std::string speech_url(std::string_view base);

/// {"text","voice_id","model","sample_rate","language","output_format":"pcm"}.
[[nodiscard]] std::string speech_body(const SpeechParams& params, std::string_view text);

/// The model to send for an agent's `model`: a `lightning_v3...` name as given; anything else
/// (Bolna's older `lightning`, `lightning-large`, `lightning-v2`, or none) the API's default
/// `lightning_v3.1`.
[[nodiscard]] std::string smallest_model(std::string_view model);

/// The two-letter code of an agent's language ("en-US" gives "en"); empty gives "en".
[[nodiscard]] std::string smallest_language(std::string_view language);

/// A rate Smallest produces: `wanted` when it is one, else 24000 (converted on our side).
[[nodiscard]] int smallest_rate(int wanted);

/// The error of a non-2xx answer {"error": "Unauthorized", "message": "..."}.
[[nodiscard]] core::Error error_for(int status, std::string_view body);

}  // namespace ovos::providers::smallest
