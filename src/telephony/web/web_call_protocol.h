#pragma once

// The browser web-call protocol (docs/web-call-protocol.md): what a client may send over the
// call's WebSocket and what the server sends back. Pure encode/decode; no sockets.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace ovos::telephony::web {

/// Limits of the protocol, enforced by the parser.
inline constexpr std::size_t kMaxTextMessageBytes = 16 * 1024;
inline constexpr std::size_t kMaxAudioMessageBytes = 64 * 1024;  // 2 s of 16 kHz PCM16
inline constexpr std::size_t kMaxVariables = 64;

/// {"type":"start"}: optional first message; formats both directions and passes variables
/// that fill the agent's prompt.
struct StartMessage {
  int input_sample_rate = 16000;
  int output_sample_rate = 16000;
  std::map<std::string, std::string> variables;
};

/// {"type":"dtmf","digit":"5"}: a key press (0-9, *, #, A-D).
struct DtmfMessage {
  char digit = '0';
};

/// {"type":"event","name":"payment_received"}: something happened outside the conversation;
/// a graph agent may move along an event edge (Bolna's CallEvent).
struct EventMessage {
  std::string name;
};

/// {"type":"played","mark":"…"}: the client's player reached a mark the server sent.
struct PlayedMessage {
  std::string mark;
};

/// {"type":"stop"}: the caller hangs up.
struct StopMessage {};

/// {"type":"ping"}: keep-alive; answered with {"type":"pong"}.
struct PingMessage {};

/// A binary message: little-endian PCM16 mono at the input sample rate.
struct AudioMessage {
  std::vector<std::int16_t> samples;
};

using ClientMessage = std::variant<StartMessage, DtmfMessage, EventMessage, PlayedMessage,
                                   StopMessage, PingMessage, AudioMessage>;

/// Parses one text (JSON) message. Unknown types, unknown or ill-typed fields, oversized
/// messages and bad values are kInvalidArgument errors whose message says what is wrong.
[[nodiscard]] core::Result<ClientMessage> parse_text_message(std::string_view text);
/// Parses one binary message: an even number of bytes, at most kMaxAudioMessageBytes.
[[nodiscard]] core::Result<ClientMessage> parse_binary_message(std::span<const std::uint8_t> bytes);

/// Who spoke, in transcripts.
enum class Speaker { kUser, kAgent };

// Server -> client text messages, serialized to one JSON object each.
[[nodiscard]] std::string ready_message(std::string_view call_id, int input_rate, int output_rate);
[[nodiscard]] std::string transcript_message(Speaker speaker, std::string_view text, bool final,
                                             int turn);
/// Per-turn latency in ms; a negative value means the stage did not happen and is sent as null.
struct TurnLatency {
  int turn = 0;
  std::int64_t stt_ms = -1;
  std::int64_t llm_ms = -1;
  std::int64_t tts_ms = -1;
  std::int64_t total_ms = -1;
};
[[nodiscard]] std::string latency_message(const TurnLatency& latency);
[[nodiscard]] std::string clear_message();
[[nodiscard]] std::string mark_message(std::string_view name);
[[nodiscard]] std::string pong_message();
[[nodiscard]] std::string error_message(std::string_view code, std::string_view message);
[[nodiscard]] std::string end_message(std::string_view reason, std::string_view transfer_to = {});

/// PCM16 samples as little-endian bytes, for a binary message.
[[nodiscard]] std::vector<std::uint8_t> audio_bytes(std::span<const std::int16_t> samples);

}  // namespace ovos::telephony::web
