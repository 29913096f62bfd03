#pragma once

// Audio bytes as the WebSocket voices send them (base64 in their JSON messages): little-endian
// PCM16, or a WAV file of it. Pure; shared by the vendors' protocol files.

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ovos::providers::speech {

/// The bytes after a WAV file's "data" chunk header; `bytes` itself when it is no WAV file
/// (does not start with "RIFF"); empty when a WAV file has no data chunk.
[[nodiscard]] std::string_view wav_samples(std::string_view bytes);

/// Little-endian PCM16 `bytes` (a WAV file's header skipped) as samples; an odd number of
/// bytes is kInvalidArgument naming `vendor`.
[[nodiscard]] core::Result<std::vector<std::int16_t>> pcm16_samples(std::string_view vendor,
                                                                    std::string_view bytes);

}  // namespace ovos::providers::speech
