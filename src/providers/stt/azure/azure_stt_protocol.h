#pragma once

// Azure AI Speech recognition through its REST API for short audio
// (POST /speech/recognition/conversation/cognitiveservices/v1): the request of one utterance
// and the text of its answer. Pure encode/decode; no sockets.

#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::providers::azure {

/// The only rate the short-audio API takes for WAV PCM: 16 kHz mono.
inline constexpr int kShortAudioRate = 16000;
/// The most audio one request may carry.
inline constexpr int kShortAudioMaxSeconds = 60;

/// `https://<region>.stt.speech.microsoft.com`.
[[nodiscard]] std::string recognition_base(std::string_view region);

/// `{base}/speech/recognition/conversation/cognitiveservices/v1?language=<locale>&format=simple`.
[[nodiscard]] std::string recognition_url(std::string_view base, std::string_view locale);

/// "audio/wav; codecs=audio/pcm; samplerate=16000".
[[nodiscard]] std::string_view recognition_content_type();

/// The text of a simple-format answer: DisplayText when RecognitionStatus is Success, "" for
/// NoMatch, InitialSilenceTimeout and BabbleTimeout (nothing recognisable was said);
/// kUnavailable for Error (the service failed) and kInvalidArgument for anything unreadable.
[[nodiscard]] core::Result<std::string> recognized_text(std::string_view body);

}  // namespace ovos::providers::azure
