#pragma once

// TwiML documents (https://www.twilio.com/docs/voice/twiml) for the calls we answer and place:
// the media stream, a transfer and refusals. Pure; any thread.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ovos::telephony::twilio {

/// <Response><Connect><Stream url="wss://..."><Parameter name=".." value=".."/>...</Stream>
/// </Connect></Response>: a bidirectional media stream to `wss_url` (no query string: Twilio
/// refuses one, error 31922); each parameter arrives in the stream's start.customParameters.
[[nodiscard]] std::string twiml_connect_stream(
    std::string_view wss_url, const std::vector<std::pair<std::string, std::string>>& parameters);

/// <Response><Dial>to</Dial></Response>: hands the call to a phone number; a sip: URI is dialed
/// with the <Sip> noun (<Dial><Sip>uri</Sip></Dial>).
[[nodiscard]] std::string twiml_dial(std::string_view to);

/// <Response><Hangup/></Response>
[[nodiscard]] std::string twiml_hangup();

/// <Response><Say>text</Say><Hangup/></Response>: for refusals (e.g. the concurrency limit).
[[nodiscard]] std::string twiml_say_and_hangup(std::string_view text);

}  // namespace ovos::telephony::twilio
