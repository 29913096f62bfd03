#pragma once

// Rime text-to-speech over REST (POST /v1/rime-tts with Accept: audio/pcm): the request of one
// piece of text. Pure encode; no sockets.

#include <string>
#include <string_view>

namespace ovos::providers::rime {

/// One synthesis request's settings.
struct SpeechParams {
  std::string speaker = "cove";
  std::string model_id = "mistv2";
  std::string lang = "eng";  // ISO 639-2/3, as Rime names languages
  int sampling_rate = 16000;
};

/// Rime's three-letter code for an agent's language ("en", "en-US" give "eng"; "es" "spa",
/// "fr" "fra", "de" "ger", "hi" "hin"); a code it does not map is sent as given.
[[nodiscard]] std::string rime_language(std::string_view language);

/// `{base}/v1/rime-tts`; the default base is https://users.rime.ai.
[[nodiscard]] std::string speech_url(std::string_view base);

/// {"speaker","text","modelId","lang","samplingRate"}.
[[nodiscard]] std::string speech_body(const SpeechParams& params, std::string_view text);

}  // namespace ovos::providers::rime
