#pragma once

// OpenAI text-to-speech (POST /v1/audio/speech): the request of one piece of text. Pure
// encode; no sockets.

#include <string>
#include <string_view>

namespace ovos::providers::openai {

/// response_format "pcm": raw 24 kHz little-endian PCM16 mono.
inline constexpr int kSpeechPcmRate = 24000;

/// One speech request's settings.
struct SpeechParams {
  std::string model = "gpt-4o-mini-tts";
  std::string voice = "alloy";
  std::string instructions;  // gpt-4o-mini-tts only; empty: not sent
  double speed = 0;          // 0.25..4; 0: not sent
};

/// `{base}/audio/speech`; `base` ends with the API version (https://api.openai.com/v1).
[[nodiscard]] std::string speech_url(std::string_view base);

/// {"model","input","voice","response_format":"pcm"[,"instructions"][,"speed"]}.
[[nodiscard]] std::string speech_body(const SpeechParams& params, std::string_view text);

}  // namespace ovos::providers::openai
