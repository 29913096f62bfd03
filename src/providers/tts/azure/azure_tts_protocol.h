#pragma once

// Azure AI Speech text-to-speech over REST (POST /cognitiveservices/v1 with SSML): the request of
// one piece of text. Pure encode; no sockets.

#include <string>
#include <string_view>

namespace ovos::providers::azure {

/// The raw PCM rate to ask for when the call wants `wanted` Hz: 8000, 16000, 24000 and 48000
/// as they are, anything else 24000 (converted by the caller).
[[nodiscard]] int output_rate(int wanted);

/// The X-Microsoft-OutputFormat value of raw 16-bit mono PCM at `rate`, e.g.
/// "raw-16khz-16bit-mono-pcm".
[[nodiscard]] std::string output_format(int rate);

/// `https://<region>.tts.speech.microsoft.com`, the origin of a Speech resource's region.
[[nodiscard]] std::string regional_base(std::string_view region);

/// `{base}/cognitiveservices/v1`.
[[nodiscard]] std::string synthesis_url(std::string_view base);

/// A locale for xml:lang: "en" gives "en-US", other bare languages keep their code ("hi"), a
/// locale ("en-GB") is kept.
[[nodiscard]] std::string locale_of(std::string_view language);

/// `<speak version='1.0' xmlns='http://www.w3.org/2001/10/synthesis' xml:lang='<locale>'>
/// <voice name='<voice>'>text</voice></speak>`, the text and names XML-escaped.
[[nodiscard]] std::string ssml(std::string_view voice, std::string_view locale,
                               std::string_view text);

}  // namespace ovos::providers::azure
