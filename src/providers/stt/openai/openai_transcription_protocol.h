#pragma once

// OpenAI transcription (POST /v1/audio/transcriptions, multipart/form-data): the request of one
// utterance and the text of its answer. Pure encode/decode; no sockets.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::providers::openai {

/// One transcription request's settings.
struct TranscriptionParams {
  std::string model = "whisper-1";  // or gpt-4o-transcribe, gpt-4o-mini-transcribe
  std::string language;             // ISO-639-1 ("en"); empty: the model detects it
  std::string prompt;               // words to expect (names, terms); empty: not sent
};

/// `{base}/audio/transcriptions`; `base` ends with the API version (https://api.openai.com/v1).
[[nodiscard]] std::string transcription_url(std::string_view base);

/// "multipart/form-data; boundary=<boundary>".
[[nodiscard]] std::string multipart_content_type(std::string_view boundary);

/// The multipart body: the parts `file` (audio.wav, audio/wav), `model`, `response_format`
/// ("json"), and `language` and `prompt` when given. `boundary` must not occur in `wav`.
[[nodiscard]] std::string transcription_body(std::string_view boundary,
                                             std::span<const std::uint8_t> wav,
                                             const TranscriptionParams& params);

/// The `text` of a JSON answer ({"text": "..."}); anything else is kInvalidArgument.
[[nodiscard]] core::Result<std::string> decode_transcription(std::string_view body);

/// The ISO-639-1 code OpenAI takes for an agent's language: "en-US" gives "en", "hi" stays;
/// "multi", "auto" and "" give "" (detect).
[[nodiscard]] std::string transcription_language(std::string_view language);

}  // namespace ovos::providers::openai
