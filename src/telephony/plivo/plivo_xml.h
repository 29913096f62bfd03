#pragma once

// Plivo XML documents (https://www.plivo.com/docs/voice/xml/) for the calls we answer and place:
// the audio stream, a transfer and refusals. Pure; any thread.

#include <string>
#include <string_view>

namespace ovos::telephony::plivo {

/// <Response><Stream bidirectional="true" keepCallAlive="true" contentType="..."
/// [statusCallbackUrl="..." statusCallbackMethod="POST"]>wss://...</Stream></Response>.
/// `content_type`: "audio/x-mulaw;rate=8000", "audio/x-l16;rate=8000" or
/// "audio/x-l16;rate=16000" (https://www.plivo.com/docs/voice/xml/audiostream). An empty
/// `status_callback_url` leaves the callback out (StartStream, StopStream, DroppedStream).
[[nodiscard]] std::string plivo_stream_xml(std::string_view wss_url, std::string_view content_type,
                                           std::string_view status_callback_url);

/// <Response><Dial><Number>to</Number></Dial></Response>; a sip: URI is dialed with <User>.
[[nodiscard]] std::string plivo_dial_xml(std::string_view to);

/// <Response><Hangup/></Response>
[[nodiscard]] std::string plivo_hangup_xml();

/// <Response><Speak>text</Speak><Hangup/></Response>: for refusals.
[[nodiscard]] std::string plivo_speak_and_hangup_xml(std::string_view text);

}  // namespace ovos::telephony::plivo
