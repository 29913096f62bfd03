// Documents uploaded to knowledge bases are untrusted: any bytes sent as text or Markdown must
// be extracted or refused, and what is extracted must chunk and tokenize with consistent
// offsets, without crashing or hanging. (PDFs go through poppler, fuzzed upstream.)
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "agents/knowledge/chunker.h"
#include "agents/knowledge/document_text.h"
#include "agents/knowledge/markdown_text.h"
#include "agents/knowledge/plain_text.h"
#include "agents/knowledge/tokenizer.h"
#include "core/utf8.h"

namespace knowledge = ovos::agents::knowledge;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)knowledge::tokenize(input);  // also malformed UTF-8
  (void)knowledge::markdown_to_text(input);
  for (const auto type :
       {knowledge::DocumentType::kPlainText, knowledge::DocumentType::kMarkdown}) {
    const auto text = knowledge::extract_text(type, input);
    if (!text.ok()) {
      if (text.error().message.empty()) __builtin_trap();
      continue;
    }
    if (!knowledge::check_utf8(text->text, "body").ok()) __builtin_trap();  // valid UTF-8 out
    knowledge::ChunkOptions options;
    options.target_chars = 64;  // small chunks reach the cutting paths on short inputs
    std::size_t last_start = 0;
    for (const auto& chunk : knowledge::chunk_text(text->text, options)) {
      if (chunk.text.empty() || chunk.end_char <= chunk.start_char) __builtin_trap();
      if (chunk.end_char > text->characters) __builtin_trap();
      if (chunk.ordinal > 0 && chunk.start_char <= last_start) __builtin_trap();
      if (ovos::core::utf8_length(chunk.text) != chunk.end_char - chunk.start_char) {
        __builtin_trap();
      }
      last_start = chunk.start_char;
      (void)knowledge::tokenize(chunk.text);
    }
  }
  return 0;
}
