#pragma once

// Smallest.ai text-to-speech over its WebSocket (Waves, wss://api.smallest.ai/waves/v1/tts/live,
// Bearer key on the handshake): the URL of a connection, the request we send per piece and what
// the server sends back. Pure encode/decode; no sockets. From Smallest's AsyncAPI descriptions
// (smallest-inc/smallest-ai-documentation fern/apis/waves/asyncapi: tts-ws.yaml, which replaces
// lightning-v3.1-ws.yaml with the same messages, and lightning-v2-ws.yaml for the error frame)
// and the Lightning v2 and v3.1 WebSocket reference pages (waves-docs.smallest.ai).

#include <string>
#include <string_view>

#include "core/result.h"
#include "providers/speech/socket_tts_message.h"
#include "providers/tts/smallest/smallest_protocol.h"

namespace ovos::providers::smallest {

/// `{base}/waves/v1/tts/live`; `base` is a ws(s):// origin (the HTTP API's, wss://api.smallest.ai
/// by default). The model is named in each request, not in the URL.
[[nodiscard]] std::string socket_url(std::string_view base);

/// One whole piece as one request: {"text","voice_id","model","language","sample_rate",
/// "speed":1.0,"output_format":"pcm","request_id","continue":false,"flush":true,
/// "complete_backoff_ms":0}: nothing more is coming for it (`continue` false, `flush` true),
/// raw PCM16 at `sample_rate`, and the `complete` frame as soon as its last chunk is out (the
/// server's default waits 4 s for more text, which would hold up the next piece). `request_id`
/// (letters, digits, '-', '_', '.') is echoed back as `external_request_id`.
[[nodiscard]] std::string speak_message(const SpeechParams& params, std::string_view request_id,
                                        std::string_view text);

/// One server message, reduced for speech::SocketTtsStream: {"status":"chunk","data":{"audio":
/// "<base64>"}} is kChunk (raw PCM16; a chunk that is a WAV file has its header skipped),
/// {"status":"complete"} kDone, {"status":"error","error":{"message","code"}} (or a top-level
/// "message", as the idle-timeout error has) kError with a numeric code as status, anything
/// else (word_timestamp frames) kOther; `context_id` is the echoed `external_request_id`. Not a
/// JSON object, a chunk without audio or not base64, or an odd number of PCM bytes is
/// kInvalidArgument.
[[nodiscard]] core::Result<speech::SocketTtsMessage> decode_socket_message(std::string_view text);

}  // namespace ovos::providers::smallest
