#pragma once

// Amazon Polly SynthesizeSpeech over REST (POST /v1/speech, signed with SigV4): the request of
// one piece of text and the meaning of its errors. Pure encode/decode; no sockets.

#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::providers::polly {

/// The pcm SampleRate to ask for: Polly's pcm is 8000 or 16000 Hz; other call rates get 16000
/// (converted by the caller).
[[nodiscard]] int output_rate(int wanted);

/// `https://polly.<region>.amazonaws.com`.
[[nodiscard]] std::string regional_base(std::string_view region);

/// One synthesis request's settings.
struct SpeechParams {
  std::string voice_id = "Joanna";
  std::string engine = "neural";  // standard, neural, long-form, generative
  std::string language_code;      // e.g. en-US; empty: the voice's
  int sample_rate = 16000;
};

/// The JSON body: {"Engine","LanguageCode"?,"OutputFormat":"pcm","SampleRate":"<rate>",
/// "Text","TextType":"text","VoiceId"}.
[[nodiscard]] std::string speech_body(const SpeechParams& params, std::string_view text);

/// The error of a non-2xx answer, from its JSON body ({"message"} and, when AWS adds it,
/// "__type"): 400/404 kInvalidArgument, 403 (bad key or signature) kUnauthenticated, 429 and a
/// ThrottlingException kRateLimited, 5xx kUnavailable.
[[nodiscard]] core::Error error_for(int status, std::string_view body);

}  // namespace ovos::providers::polly
