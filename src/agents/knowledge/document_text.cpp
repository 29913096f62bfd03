#include "agents/knowledge/document_text.h"

#include <cctype>

#include "agents/knowledge/markdown_text.h"
#include "agents/knowledge/pdf_text.h"
#include "agents/knowledge/plain_text.h"
#include "core/utf8.h"

namespace ovos::agents::knowledge {
namespace {

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  std::string out(s);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

core::Error unsupported(std::string message) {
  return {core::ErrorCode::kUnsupportedMediaType, std::move(message), {}};
}

core::Error too_large(std::string message) {
  return {core::ErrorCode::kTooLarge, std::move(message), {}};
}

core::Error no_text(std::string message) {
  return core::Error::validation(message, {{"body", message}});
}

// The charset parameter of a Content-Type's parameters ("; charset=utf-8"), lowercased.
std::string charset_of(std::string_view parameters) {
  while (!parameters.empty()) {
    const auto semicolon = parameters.find(';');
    const std::string param = lower_trimmed(parameters.substr(0, semicolon));
    parameters.remove_prefix(semicolon == std::string_view::npos ? parameters.size()
                                                                 : semicolon + 1);
    if (param.starts_with("charset=")) {
      std::string value = param.substr(8);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return value;
    }
  }
  return {};
}

}  // namespace

std::string_view media_type(DocumentType type) {
  switch (type) {
    case DocumentType::kPlainText:
      return "text/plain";
    case DocumentType::kMarkdown:
      return "text/markdown";
    case DocumentType::kPdf:
      return "application/pdf";
  }
  return "text/plain";
}

core::Result<DocumentType> document_type(std::string_view content_type) {
  constexpr std::string_view kAccepted = "text/plain, text/markdown or application/pdf";
  if (content_type.empty()) {
    return unsupported("send the file with a Content-Type header: " + std::string(kAccepted));
  }
  const auto semicolon = content_type.find(';');
  const std::string type = lower_trimmed(content_type.substr(0, semicolon));
  const std::string charset =
      semicolon == std::string_view::npos ? "" : charset_of(content_type.substr(semicolon + 1));
  DocumentType out{};
  if (type == "text/plain") {
    out = DocumentType::kPlainText;
  } else if (type == "text/markdown" || type == "text/x-markdown") {
    out = DocumentType::kMarkdown;
  } else if (type == "application/pdf") {
    return DocumentType::kPdf;
  } else {
    return unsupported("documents of type '" + core::clip_utf8(type, 100) +
                       "' are not accepted; send " + std::string(kAccepted));
  }
  if (!charset.empty() && charset != "utf-8" && charset != "utf8" && charset != "us-ascii") {
    return unsupported("text must be UTF-8, not '" + core::clip_utf8(charset, 40) +
                       "'; convert the file to UTF-8");
  }
  return out;
}

core::Result<ExtractedText> extract_text(DocumentType type, std::string_view bytes,
                                         const ExtractLimits& limits) {
  if (bytes.size() > limits.max_bytes) {
    return too_large("the document has " + std::to_string(bytes.size()) + " bytes; at most " +
                     std::to_string(limits.max_bytes) + " are accepted");
  }
  ExtractedText out;
  if (type == DocumentType::kPdf) {
    OVOS_ASSIGN_OR_RETURN(auto pdf, pdf_to_text(bytes, limits.max_pages));
    out.pages = pdf.pages;
    out.text = normalize_text(pdf.text);
    if (out.text.empty()) {
      return no_text("the PDF has no text layer (scanned pages?); run OCR on it or upload text");
    }
  } else {
    OVOS_TRY(check_utf8(bytes, "body"));
    out.text = normalize_text(type == DocumentType::kMarkdown ? markdown_to_text(bytes) : bytes);
    if (out.text.empty()) return no_text("the document has no text");
  }
  out.characters = core::utf8_length(out.text);
  if (out.characters > limits.max_characters) {
    return too_large("the document has " + std::to_string(out.characters) +
                     " characters of text; at most " + std::to_string(limits.max_characters) +
                     " are accepted");
  }
  return out;
}

}  // namespace ovos::agents::knowledge
