#pragma once

// Twilio Media Streams over a WebSocket (bidirectional <Connect><Stream>): the JSON text
// messages Twilio sends and the three the server may send back. Pure encode/decode.
// https://www.twilio.com/docs/voice/media-streams/websocket-messages

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace ovos::telephony::twilio {

/// Largest text message accepted: a 20 ms media frame is about 400 bytes; Twilio sends no
/// message near this.
inline constexpr std::size_t kMaxMessageBytes = 64 * 1024;
/// Largest μ-law payload in one media message (one second at 8 kHz).
inline constexpr std::size_t kMaxPayloadBytes = 8000;

/// {"event":"connected","protocol":"Call","version":"1.0.0"}: the first message.
struct ConnectedEvent {
  std::string protocol;
  std::string version;
};

/// {"event":"start",...}: the stream's identity and format, once, right after connected.
struct StartEvent {
  std::string stream_sid;
  std::string account_sid;
  std::string call_sid;
  std::vector<std::string> tracks;                       // "inbound", "outbound"
  std::map<std::string, std::string> custom_parameters;  // from <Parameter> elements
  std::string encoding;                                  // "audio/x-mulaw"
  int sample_rate = 8000;
  int channels = 1;
};

/// {"event":"media",...}: caller audio, μ-law at 8 kHz, normally 20 ms (160 bytes).
struct MediaEvent {
  std::string stream_sid;
  std::string track;                // "inbound" or "outbound"
  std::int64_t chunk = 0;           // 1, 2, ... per track
  std::int64_t timestamp_ms = 0;    // since the stream started
  std::vector<std::uint8_t> mulaw;  // decoded from base64
};

/// {"event":"dtmf",...}: a key the caller pressed.
struct DtmfEvent {
  std::string stream_sid;
  char digit = '0';
};

/// {"event":"mark",...}: the audio sent before this mark has played (or was cleared).
struct MarkEvent {
  std::string stream_sid;
  std::string name;
};

/// {"event":"stop",...}: the stream or the call ended.
struct StopEvent {
  std::string stream_sid;
  std::string account_sid;
  std::string call_sid;
};

using TwilioEvent =
    std::variant<ConnectedEvent, StartEvent, MediaEvent, DtmfEvent, MarkEvent, StopEvent>;

/// Parses one text message from Twilio. Malformed JSON, an unknown event, a missing or
/// ill-typed field, bad base64, a payload over kMaxPayloadBytes or a format other than
/// 8 kHz mono μ-law are kInvalidArgument errors whose message says what is wrong. Unknown
/// extra fields are ignored (Twilio may add some).
[[nodiscard]] core::Result<TwilioEvent> parse_twilio_message(std::string_view text);

/// {"event":"media","streamSid":S,"media":{"payload":"<base64 μ-law>"}}.
[[nodiscard]] std::string media_message(std::string_view stream_sid,
                                        std::span<const std::uint8_t> mulaw);
/// {"event":"mark","streamSid":S,"mark":{"name":N}}.
[[nodiscard]] std::string mark_message(std::string_view stream_sid, std::string_view name);
/// {"event":"clear","streamSid":S}: Twilio drops the audio it has not played yet.
[[nodiscard]] std::string clear_message(std::string_view stream_sid);

}  // namespace ovos::telephony::twilio
