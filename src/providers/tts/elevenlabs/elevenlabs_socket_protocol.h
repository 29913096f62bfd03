#pragma once

// ElevenLabs text-to-speech over its multi-context WebSocket
// (wss://api.elevenlabs.io/v1/text-to-speech/{voice_id}/multi-stream-input): the URL of a
// connection, the messages of a context and what the server sends. Pure encode/decode; no
// sockets. From ElevenLabs' AsyncAPI reference of the endpoint (its Multi-Context WebSocket
// page) and pipecat's ElevenLabsTTSService, which uses it the same way.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "providers/speech/socket_tts_message.h"

namespace ovos::providers::elevenlabs {

/// `{base}/v1/text-to-speech/{voice_id}/multi-stream-input?model_id=..&output_format=pcm_<rate>
/// &auto_mode=true&inactivity_timeout=180`; `base` is a ws(s):// origin. The key goes in the
/// xi-api-key header. auto_mode: our text arrives in whole sentences, so ElevenLabs need not
/// buffer for more; inactivity_timeout: the socket stays open 180 s without text (ElevenLabs'
/// maximum, per its help centre; the default is 20 s), so it is there when the next turn
/// speaks.
[[nodiscard]] std::string multi_stream_url(std::string_view base, std::string_view voice_id,
                                           std::string_view model_id, int rate);

/// The messages that speak `text` as context `id`: the context's first message
/// {"text":" ","context_id"}, the text (ending with a space) with "flush": true, then
/// {"context_id","close_context":true} so that isFinal follows its last audio.
[[nodiscard]] std::vector<std::string> speak_messages(std::string_view id, std::string_view text);

/// {"context_id": id, "close_context": true}: a barge-in ends the context.
[[nodiscard]] std::string close_context_message(std::string_view id);

/// {"close_socket": true}.
[[nodiscard]] std::string close_socket_message();

/// One server message: {"audio": "<base64 pcm>", "contextId"} is kChunk, {"isFinal": true,
/// "contextId"} kDone, one with "error" or "message" and no audio kError (the reference
/// documents no error message, so its shape is read loosely), anything else kOther. Not a JSON
/// object, bad base64 or an odd number of PCM bytes is kInvalidArgument.
[[nodiscard]] core::Result<speech::SocketTtsMessage> decode_socket_message(std::string_view text);

}  // namespace ovos::providers::elevenlabs
