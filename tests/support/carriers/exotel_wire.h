#pragma once

#include <memory>
#include <string>

#include "support/carriers/carrier_media_leg.h"

namespace ovos::testing {

/// Exotel's Voicebot applet stream as Exotel speaks it (AgentStream WebSocket protocol,
/// https://developer.exotel.com/docs/agentstream/websocket-protocol): connected, then start
/// with snake_case members and numbers as decimal strings, media of 16-bit little-endian PCM
/// at 8 kHz in 100 ms messages, dtmf, mark echoed once the audio before it played, and stop.
/// What the server sends is held to Exotel's rules: only media, mark and clear naming this
/// stream, media as raw PCM (no WAV header) in chunks of a multiple of 320 bytes, at least
/// 3,200 and at most 100,000 bytes.
std::unique_ptr<CarrierWire> make_exotel_wire(std::string account_sid);

}  // namespace ovos::testing
