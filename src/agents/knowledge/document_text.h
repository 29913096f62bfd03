#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::agents::knowledge {

/// The kinds of document a knowledge base takes.
enum class DocumentType { kPlainText, kMarkdown, kPdf };

/// The canonical media type: "text/plain", "text/markdown" or "application/pdf".
[[nodiscard]] std::string_view media_type(DocumentType type);

/// Reads a Content-Type header value: text/plain, text/markdown (also text/x-markdown) or
/// application/pdf, any case, with parameters. A charset other than UTF-8 (or its subset
/// US-ASCII) and every other type are kUnsupportedMediaType saying what is accepted.
[[nodiscard]] core::Result<DocumentType> document_type(std::string_view content_type);

/// Bounds on one document, checked before and after extraction.
struct ExtractLimits {
  std::size_t max_bytes = std::size_t{16} << 20;  // of the file
  int max_pages = 2000;                           // of a PDF
  std::size_t max_characters = 4'000'000;         // of the extracted text, in code points
};

/// A document's text, ready for chunking.
struct ExtractedText {
  std::string text;            // normalized (see normalize_text), valid UTF-8, never empty
  std::size_t characters = 0;  // code points
  int pages = 0;               // PDFs only
};

/// The text of one document. Text must be valid UTF-8 (a leading byte-order mark is fine):
/// anything else is a kValidation error with the byte offset, since guessing an encoding would
/// store mojibake. Markdown is stripped of its markup (markdown_to_text). A file over
/// `limits.max_bytes`, a PDF over `max_pages` or a text over `max_characters` is kTooLarge; a
/// document with no text at all (an empty file, a scanned PDF without a text layer) is
/// kValidation. Errors carry path "body". Pure; safe from any thread.
[[nodiscard]] core::Result<ExtractedText> extract_text(DocumentType type, std::string_view bytes,
                                                       const ExtractLimits& limits = {});

}  // namespace ovos::agents::knowledge
