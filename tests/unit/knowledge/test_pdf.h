#pragma once

// Small PDFs written at test time: one Helvetica text line per page (WinAnsi encoding), with a
// correct cross-reference table, so poppler reads them as any viewer would.

#include <cstdio>
#include <string>
#include <vector>

namespace ovos::agents::knowledge::testing {

/// Options of make_pdf.
struct PdfOptions {
  bool encrypted = false;  // adds a standard-security /Encrypt dictionary (password unknown)
};

/// A PDF with one page per entry of `pages`, each showing its text (PDF string syntax: escape
/// parentheses and backslashes; octal escapes for WinAnsi characters, e.g. \351 for é). An
/// empty entry makes a page without text.
inline std::string make_pdf(const std::vector<std::string>& pages, PdfOptions options = {}) {
  std::vector<std::string> objects;
  const int n = static_cast<int>(pages.size());
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  std::string kids;
  for (int i = 0; i < n; ++i)
    kids += std::to_string(4 + 2 * i) + " 0 R ";
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(n) + " >>");
  objects.push_back(
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  for (int i = 0; i < n; ++i) {
    objects.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R "
        ">> >> /Contents " +
        std::to_string(5 + 2 * i) + " 0 R >>");
    const std::string content =
        pages[i].empty() ? "" : "BT /F1 12 Tf 72 720 Td (" + pages[i] + ") Tj ET";
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                      "\nendstream");
  }
  const bool encrypt = options.encrypted;
  if (encrypt) {
    objects.push_back("<< /Filter /Standard /V 1 /R 2 /O (" + std::string(32, 'a') + ") /U (" +
                      std::string(32, 'b') + ") /P -44 >>");
  }
  std::string out = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (const auto offset : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R";
  if (encrypt) {
    out += " /Encrypt " + std::to_string(objects.size()) +
           " 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]";
  }
  out += " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

}  // namespace ovos::agents::knowledge::testing
