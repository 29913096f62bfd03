#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::agents::knowledge {

/// The text of a PDF, page by page.
struct PdfText {
  std::string text;  // pages in order, a blank line apart; valid UTF-8, not yet normalized
  int pages = 0;
};

/// Extracts the text layer of a PDF (poppler), in reading order, joining words that a line
/// break hyphenated. kValidation for a file that is not a PDF or is damaged, and for an
/// encrypted one (even one that opens without a password: its author restricted it);
/// kTooLarge for more than `max_pages` pages. A PDF without a text layer (scanned pages)
/// gives empty text; the caller decides. Poppler's diagnostics never reach stderr. Safe from
/// any thread.
[[nodiscard]] core::Result<PdfText> pdf_to_text(std::string_view bytes, int max_pages);

}  // namespace ovos::agents::knowledge
