#pragma once

// Deepgram Aura text-to-speech over REST (POST /v1/speak): the request of one piece of text.
// Pure encode; no sockets.

#include <string>
#include <string_view>

namespace ovos::providers::deepgram {

/// The linear16 rate to ask Deepgram for when the call wants `wanted`: Deepgram speaks
/// 8000, 16000, 24000, 32000 and 48000 Hz; other rates get the next one up (24000 at most
/// for 22050, 48000 for 44100).
[[nodiscard]] int speak_rate(int wanted);

/// `{base}/v1/speak?model=<model>&encoding=linear16&sample_rate=<rate>&container=none`: raw
/// little-endian PCM16 mono without a WAV header; `base` is an http(s) origin.
[[nodiscard]] std::string speak_url(std::string_view base, std::string_view model, int rate);

/// The JSON body: {"text":"<text>"}.
[[nodiscard]] std::string speak_body(std::string_view text);

}  // namespace ovos::providers::deepgram
