#pragma once

// Exotel AgentStream over a WebSocket (Voicebot applet, bidirectional): the JSON text messages
// Exotel sends and the three the server may send back. Pure encode/decode.
// https://developer.exotel.com/docs/agentstream/websocket-protocol
// https://developer.exotel.com/docs/agentstream/stream-voicebot-applet
//
// What the sources say, where it matters:
// - Members are snake_case (stream_sid, sequence_number, media_format) and numbers are
//   decimal strings ("1", "8000"); Exotel's older reference (github.com/exotel/Agent-Stream,
//   docs/reference/WEBSOCKET_PROTOCOL.md) writes some as numbers. Both are read.
// - The stream_sid is at the top of every message in the current reference and missing from
//   all but start in the older one: it is required only on start (top level or start.stream_sid).
// - Audio is 16-bit signed little-endian mono PCM at the rate the URL asked for
//   (?sample-rate=8000, 16000 or 24000), base64, about 100 ms per inbound message. The
//   reference names it "audio/x-raw"; the older one "linear16".
// - The reference's outbound messages use "stream_sid"; Pipecat's Exotel serializer writes
//   "streamSid" and Exotel's own ElevenLabs bridge mixes both. These functions write the
//   documented "stream_sid".
// - Outbound media must come in chunks of a multiple of 320 bytes and at least 100 ms
//   (telephony/exotel/exotel_chunker.h makes them); marks are echoed once the audio before
//   them has played.

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace ovos::telephony::exotel {

/// Largest payload in one media message: one second of 16-bit PCM at 24 kHz (Exotel sends
/// about 100 ms).
inline constexpr std::size_t kMaxPayloadBytes = 48000;
/// Largest text message accepted: the base64 of kMaxPayloadBytes and the envelope.
inline constexpr std::size_t kMaxMessageBytes = 96 * 1024;

/// {"event":"connected"}: the first message.
struct ConnectedEvent {};

/// {"event":"start",...}: the stream's identity and format, once, right after connected.
struct StartEvent {
  std::string stream_sid;
  std::string call_sid;
  std::string account_sid;
  std::string from;
  std::string to;
  std::map<std::string, std::string> custom_parameters;  // the URL's query parameters
  int sample_rate = 8000;                                // 8000, 16000 or 24000
  int bit_rate = 16;                                     // bits per sample; always 16
};

/// {"event":"media",...}: caller audio.
struct MediaEvent {
  std::string stream_sid;            // empty when Exotel does not repeat it
  std::int64_t chunk = 0;            // 1, 2, ...
  std::int64_t timestamp_ms = 0;     // as Exotel writes it; the reference's reads as ms since start
  std::int64_t sequence_number = 0;  // per message on the socket; 0 when absent
  std::vector<std::int16_t> samples;  // decoded from base64 16-bit little-endian PCM
};

/// {"event":"dtmf",...}: a key the caller pressed (Voicebot only).
struct DtmfEvent {
  std::string stream_sid;  // empty when absent
  char digit = '0';
  int duration_ms = 0;  // 0 when absent
};

/// {"event":"mark",...}: the audio sent before mark `name` has played (Voicebot only).
struct MarkEvent {
  std::string stream_sid;  // empty when absent
  std::string name;
};

/// {"event":"stop",...}: the stream ended; `reason` is "stopped" (the applet ended) or
/// "callended" (the caller hung up) in the reference.
struct StopEvent {
  std::string stream_sid;  // empty when absent
  std::string call_sid;
  std::string reason;
};

using ExotelEvent =
    std::variant<ConnectedEvent, StartEvent, MediaEvent, DtmfEvent, MarkEvent, StopEvent>;

/// Parses one text message from Exotel. Malformed JSON, an unknown event, a missing or
/// ill-typed field, bad base64, a payload over kMaxPayloadBytes or of an odd byte count, a
/// sample rate other than 8000, 16000 or 24000 Hz, a bit rate other than 16 or an encoding that
/// is not linear PCM are kInvalidArgument errors whose message says what is wrong. Unknown
/// extra fields are ignored.
[[nodiscard]] core::Result<ExotelEvent> parse_exotel_message(std::string_view text);

/// {"event":"media","stream_sid":S,"media":{"payload":"<base64 16-bit LE PCM>"}}. Exotel wants
/// `samples` in whole chunks (see OutboundChunker).
[[nodiscard]] std::string media_message(std::string_view stream_sid,
                                        std::span<const std::int16_t> samples);
/// {"event":"mark","stream_sid":S,"mark":{"name":N}}.
[[nodiscard]] std::string mark_message(std::string_view stream_sid, std::string_view name);
/// {"event":"clear","stream_sid":S}: Exotel drops the audio it has not played yet.
[[nodiscard]] std::string clear_message(std::string_view stream_sid);

}  // namespace ovos::telephony::exotel
