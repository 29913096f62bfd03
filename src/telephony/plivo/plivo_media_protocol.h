#pragma once

// Plivo Audio Streaming over a WebSocket (bidirectional <Stream>): the JSON text messages
// Plivo sends and the four the server may send back. Pure encode/decode.
// https://www.plivo.com/docs/voice/audio-streaming/audio-streaming (Stream Event Protocol)
// https://www.plivo.com/docs/voice-agents/audio-streaming/concepts/audio-streaming-reference
//
// What the sources say, where it matters:
// - Plivo sends start, media, dtmf, playedStream and clearedAudio, and no stop: the end of a
//   stream reaches only the statusCallbackUrl (StopStream) and the socket closes. A "stop"
//   message is refused as unknown.
// - Plivo's support pages name the checkpoint answer "played" instead of "playedStream"
//   (support.plivo.com article 32800564168345); both are read as PlayedStreamEvent.
// - sequenceNumber and media.chunk are documented as numbers, media.timestamp as a string of
//   Unix epoch milliseconds (not time since the stream started, as with Twilio); each is taken
//   as a JSON integer or a decimal string.
// - mediaFormat.sampleRate is a number in Plivo's examples and a string ("8000") in Bolna's
//   playAudio; both are read.
// - audio/x-l16 is 16-bit signed little-endian PCM. Plivo's pages do not say; Plivo's own
//   agent transport (github.com/plivo-labs/agent-transport,
//   crates/agent-transport/src/audio_stream/protocol.rs) reads and writes it little-endian.

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace ovos::telephony::plivo {

/// Largest text message accepted: a 20 ms L16 frame at 16 kHz is about 1 KB of JSON.
inline constexpr std::size_t kMaxMessageBytes = 64 * 1024;
/// Largest payload in one media message: one second of L16 at 16 kHz.
inline constexpr std::size_t kMaxPayloadBytes = 32000;

/// The stream's audio format: "audio/x-mulaw" (8000 Hz only) or "audio/x-l16" (8000 or
/// 16000 Hz; Plivo's default).
enum class AudioEncoding { kMulaw, kL16 };

/// The MIME name Plivo uses for `encoding`: "audio/x-mulaw" or "audio/x-l16".
[[nodiscard]] std::string_view content_type(AudioEncoding encoding);
/// True for the formats Plivo streams and plays: μ-law at 8000 Hz, L16 at 8000 or 16000 Hz.
[[nodiscard]] bool is_supported_format(AudioEncoding encoding, int sample_rate);

/// {"event":"start",...}: the stream's identity and format, once, first on the socket.
struct StartEvent {
  std::string call_id;
  std::string stream_id;
  std::string account_id;
  std::vector<std::string> tracks;  // "inbound", "outbound"
  AudioEncoding encoding = AudioEncoding::kL16;
  int sample_rate = 8000;
  /// From the top-level "extra_headers", which carries the <Stream extraHeaders="..."> attribute.
  /// Plivo's start example writes it "userId=12345;sessionId=abc-xyz"; its XML reference
  /// writes the attribute "test1=12,test2=123" (values [A-Za-z0-9], at most 512 bytes). Both
  /// ';' and ',' separate pairs, blanks around them are dropped, and a JSON object of strings
  /// (which Plivo's agent transport also accepts) is read as is. A pair without '=' is an
  /// error.
  std::map<std::string, std::string> extra_headers;
};

/// {"event":"media",...}: caller audio, normally 20 ms per message.
struct MediaEvent {
  std::string stream_id;
  std::string track;                  // "inbound" (the caller) or "outbound"
  std::int64_t chunk = 0;             // 1, 2, ... per track
  std::int64_t timestamp_ms = 0;      // Unix epoch milliseconds
  std::int64_t sequence_number = 0;   // per message on the socket; 0 when absent
  std::vector<std::uint8_t> payload;  // raw bytes as sent: μ-law, or L16 (see decode_l16)
};

/// {"event":"dtmf",...}: a key the caller pressed.
struct DtmfEvent {
  std::string stream_id;  // empty when Plivo does not repeat it
  char digit = '0';
};

/// {"event":"playedStream",...}: the audio sent before checkpoint `name` has played. Plivo
/// sends it only when that audio played out, so a checkpoint behind cleared audio gets none.
struct PlayedStreamEvent {
  std::string stream_id;  // empty when absent
  std::string name;
};

/// {"event":"clearedAudio",...}: Plivo dropped the audio it had not played (answers clearAudio).
struct ClearedAudioEvent {
  std::string stream_id;  // empty when absent
};

using PlivoEvent =
    std::variant<StartEvent, MediaEvent, DtmfEvent, PlayedStreamEvent, ClearedAudioEvent>;

/// Parses one text message from Plivo. Malformed JSON, an unknown event, a missing or
/// ill-typed field, bad base64, a payload over kMaxPayloadBytes or an unsupported format are
/// kInvalidArgument errors whose message says what is wrong. Unknown extra fields are ignored.
[[nodiscard]] core::Result<PlivoEvent> parse_plivo_message(std::string_view text);

/// {"event":"playAudio","media":{"contentType":...,"sampleRate":N,"payload":"<base64>"}}.
/// `payload` is raw μ-law or L16 (see encode_l16) in a format is_supported_format() accepts;
/// Plivo plays it in order, behind what it already holds.
[[nodiscard]] std::string play_audio_message(AudioEncoding encoding, int sample_rate,
                                             std::span<const std::uint8_t> payload);
/// {"event":"checkpoint","streamId":S,"name":N}: Plivo answers playedStream once the audio
/// sent before it has played.
[[nodiscard]] std::string checkpoint_message(std::string_view stream_id, std::string_view name);
/// {"event":"clearAudio","streamId":S}: Plivo drops the audio it has not played yet.
[[nodiscard]] std::string clear_audio_message(std::string_view stream_id);
/// {"event":"sendDTMF","dtmf":"<digits>"}: Plivo plays the keys into the call. Empty digits or
/// any key outside 0-9, *, #, A-D is a kInvalidArgument error.
[[nodiscard]] core::Result<std::string> send_dtmf_message(std::string_view digits);

/// L16 payload bytes (16-bit signed little-endian) to samples; an odd byte count is an error.
[[nodiscard]] core::Result<std::vector<std::int16_t>> decode_l16(
    std::span<const std::uint8_t> bytes);
/// Samples to L16 payload bytes (16-bit signed little-endian).
[[nodiscard]] std::vector<std::uint8_t> encode_l16(std::span<const std::int16_t> samples);

}  // namespace ovos::telephony::plivo
