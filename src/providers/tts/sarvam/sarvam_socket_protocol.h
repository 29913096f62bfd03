#pragma once

// Sarvam AI text-to-speech over its WebSocket (wss://api.sarvam.ai/text-to-speech/ws): the URL
// of a connection, the messages we send and what the server sends. Pure encode/decode; no
// sockets. From Sarvam's AsyncAPI reference of the channel (docs.sarvam.ai
// text-to-speech/stream) and its WebSocket streaming guide; the error message's `code` and the
// sample rate sent as a string as Sarvam's SDKs and pipecat's SarvamTTSService do.

#include <string>
#include <string_view>

#include "core/result.h"
#include "providers/speech/socket_tts_message.h"
#include "providers/tts/sarvam/sarvam_protocol.h"

namespace ovos::providers::sarvam {

/// `{base}/text-to-speech/ws?model=<model>&send_completion_event=true`; `base` is a ws(s)://
/// origin. The key goes in the api-subscription-key header. The completion event is the only
/// sign that a flushed text has been spoken whole.
[[nodiscard]] std::string socket_url(std::string_view base, std::string_view model);

/// {"type":"config","data":{...}}, sent first on every connection: target_language_code,
/// speaker, model, speech_sample_rate (a string), output_audio_codec "linear16" (raw PCM16),
/// pace 1.0, enable_preprocessing (false; true on bulbul:v3, which always does it),
/// min_buffer_size 50, max_chunk_length 150 and output_audio_bitrate "128k" (Sarvam's
/// defaults, sent because its server has refused configs without them, per pipecat's users).
[[nodiscard]] std::string config_message(const SpeechParams& params);

/// {"type":"text","data":{"text": text}}.
[[nodiscard]] std::string text_message(std::string_view text);

/// {"type":"flush"}: synthesize what was sent, even short of min_buffer_size.
[[nodiscard]] std::string flush_message();

/// {"type":"ping"}: keeps an idle connection open.
[[nodiscard]] std::string ping_message();

/// One server message, reduced for speech::SocketTtsStream (its messages name no context):
/// {"type":"audio","data":{"audio":"<base64>","content_type","request_id"}} is kChunk (raw
/// PCM16; a chunk that is a WAV file has its header skipped), {"type":"event","data":
/// {"event_type":"final"}} kDone, {"type":"error","data":{"message","code"?}} kError with the
/// code as status (or a "NNN: " the message starts with), anything else kOther. Not a JSON
/// object, an audio that is not base64 or an odd number of PCM bytes is kInvalidArgument.
[[nodiscard]] core::Result<speech::SocketTtsMessage> decode_socket_message(std::string_view text);

}  // namespace ovos::providers::sarvam
