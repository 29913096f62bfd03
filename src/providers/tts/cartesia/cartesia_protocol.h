#pragma once

// Cartesia text-to-speech over its WebSocket (wss://api.cartesia.ai/tts/websocket): the URL of
// a connection, the generation and cancel requests of a context, and the messages it answers
// with. Pure encode/decode; no sockets.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ovos::providers::cartesia {

/// The API version this client was written against (sent as cartesia_version).
inline constexpr std::string_view kApiVersion = "2024-11-13";

/// What every generation of one stream shares.
struct VoiceParams {
  std::string model_id = "sonic-2";
  std::string voice_id;  // voice {"mode":"id","id":...}
  std::string language = "en";
  int sample_rate = 16000;  // raw pcm_s16le
};

/// The PCM rates Cartesia produces; another call rate gets 24000 (converted by the caller).
[[nodiscard]] int output_rate(int wanted);

/// `{base}/tts/websocket?api_key=<key>&cartesia_version=<kApiVersion>`; `base` is a ws(s)://
/// origin. The key is in the query, as the API's WebSocket authentication takes it: log only
/// a redacted URL.
[[nodiscard]] std::string websocket_url(std::string_view base, std::string_view api_key);

/// A generation request: the whole transcript of a context with continue false.
[[nodiscard]] std::string generation_message(const VoiceParams& voice, std::string_view context_id,
                                             std::string_view transcript);

/// {"context_id": ..., "cancel": true}.
[[nodiscard]] std::string cancel_message(std::string_view context_id);

/// One message Cartesia sends, reduced to what a call needs.
struct ServerMessage {
  enum class Kind { kChunk, kDone, kError, kOther };  // kOther: timestamps, flush_done, ...
  Kind kind = Kind::kOther;
  std::string type;  // as sent
  std::string context_id;
  std::vector<std::int16_t> samples;  // kChunk: the decoded pcm_s16le of `data`
  int status_code = 0;
  std::string error;  // kError: "error", or "title: message" of newer versions
};

/// Decodes one text message. Not a JSON object, no `type`, a chunk without base64 `data` or
/// with an odd number of bytes is kInvalidArgument.
[[nodiscard]] core::Result<ServerMessage> decode_server_message(std::string_view text);

}  // namespace ovos::providers::cartesia
