#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::agents::knowledge {

// Text hygiene shared by every document type. Stateless; safe from any thread.

/// Succeeds when `text` is well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or code
/// points past U+10FFFF). Otherwise a kValidation error naming the byte offset of the first bad
/// sequence, at path `path`.
[[nodiscard]] core::Result<void> check_utf8(std::string_view text, std::string_view path);

/// `text` with every malformed sequence replaced by U+FFFD (for text a library produced).
[[nodiscard]] std::string repair_utf8(std::string_view text);

/// Tidies extracted text (valid UTF-8 in, valid UTF-8 out): drops a leading byte-order mark;
/// CR LF and CR become LF; tabs and other spaces become ' '; other control characters go;
/// runs of spaces collapse to one; lines lose their trailing spaces; more than one blank line
/// becomes one; the whole is trimmed.
[[nodiscard]] std::string normalize_text(std::string_view text);

}  // namespace ovos::agents::knowledge
