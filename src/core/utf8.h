#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ovos::core {

// UTF-8 helpers shared by every module that measures or rewrites user text. Stateless.

/// Decodes the code point starting at text[i] into `cp`; returns its length in bytes, or 0 when
/// the sequence there is malformed or cut short (cp is then unspecified).
[[nodiscard]] std::size_t decode_utf8(std::string_view text, std::size_t i, char32_t& cp);

/// Appends `cp` to `out` as UTF-8.
void append_utf8(char32_t cp, std::string& out);

/// Number of code points in `text`, counting every byte that does not continue a sequence
/// (exact for valid UTF-8, which is what JSON parsers hand over).
[[nodiscard]] std::size_t utf8_length(std::string_view text);

/// `text` cut to at most `max_bytes` bytes at a code-point boundary, with "…" added when cut:
/// for quoting untrusted text in messages.
[[nodiscard]] std::string clip_utf8(std::string_view text, std::size_t max_bytes);

}  // namespace ovos::core
