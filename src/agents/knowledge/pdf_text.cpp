#include "agents/knowledge/pdf_text.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <cctype>
#include <climits>
#include <memory>
#include <mutex>

#include "agents/knowledge/plain_text.h"

namespace ovos::agents::knowledge {
namespace {

void quiet(const std::string& /*message*/, void* /*closure*/) {}

// Poppler prints parse errors of broken files to stderr unless told otherwise; the server's
// stderr is its JSON log.
void silence_poppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(&quiet, nullptr); });
}

core::Error bad_pdf(std::string message) {
  return core::Error::validation(message, {{"body", message}});
}

// "exam-\nple" -> "example": a hyphen at a line end between two lowercase letters.
std::string join_hyphenated(std::string text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '-' && i + 1 < text.size() && text[i + 1] == '\n' && i > 0 &&
        std::islower(static_cast<unsigned char>(text[i - 1])) != 0 && i + 2 < text.size() &&
        std::islower(static_cast<unsigned char>(text[i + 2])) != 0) {
      ++i;  // skip the hyphen and the newline
      continue;
    }
    out += text[i];
  }
  return out;
}

// PDF text breaks lines where the page did: a line break inside a sentence becomes a space; one
// after . ! ? or : and blank lines stay.
std::string unwrap_lines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool lone_break = text[i] == '\n' && (i + 1 >= text.size() || text[i + 1] != '\n') &&
                            (i == 0 || text[i - 1] != '\n');
    if (lone_break && !out.empty() &&
        std::string_view(".!?:").find(out.back()) == std::string_view::npos) {
      out += ' ';
      continue;
    }
    out += text[i];
  }
  return out;
}

}  // namespace

core::Result<PdfText> pdf_to_text(std::string_view bytes, int max_pages) {
  silence_poppler();
  if (!bytes.starts_with("%PDF-")) return bad_pdf("the file is not a PDF (no %PDF- header)");
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    return core::Error{core::ErrorCode::kTooLarge, "the PDF is too large", {}};
  }
  const std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) return bad_pdf("the PDF is damaged and cannot be read");
  // Checked before anything else: poppler must not be asked for the pages of a locked file.
  if (doc->is_locked() || doc->is_encrypted()) {
    return bad_pdf("the PDF is encrypted; upload a copy saved without a password or restrictions");
  }
  PdfText out;
  out.pages = doc->pages();
  if (out.pages > max_pages) {
    return core::Error{core::ErrorCode::kTooLarge,
                       "the PDF has " + std::to_string(out.pages) + " pages; at most " +
                           std::to_string(max_pages) + " are accepted",
                       {}};
  }
  for (int i = 0; i < out.pages; ++i) {
    const std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) return bad_pdf("page " + std::to_string(i + 1) + " of the PDF cannot be read");
    const auto utf8 =
        page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout).to_utf8();
    if (!out.text.empty()) out.text += "\n\n";
    out.text +=
        unwrap_lines(join_hyphenated(repair_utf8(std::string_view(utf8.data(), utf8.size()))));
  }
  return out;
}

}  // namespace ovos::agents::knowledge
