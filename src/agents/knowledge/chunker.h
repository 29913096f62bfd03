#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ovos::agents::knowledge {

/// How long chunks are, in code points.
struct ChunkOptions {
  std::size_t target_chars = 800;  // a chunk grows by whole sentences up to this
  /// A chunk that has reached this share of the target ends at a paragraph break rather than
  /// run into the next paragraph.
  double paragraph_break_share = 0.6;
  /// The last sentence of a chunk starts the next one (the overlap) when it is at most this
  /// long; longer sentences are not repeated.
  std::size_t max_overlap_chars = 300;
};

/// A passage of a document: its text and where it lies in the document's text.
struct TextChunk {
  int ordinal = 0;             // 0, 1, 2... in document order
  std::size_t start_char = 0;  // code-point offsets into the text: [start_char, end_char)
  std::size_t end_char = 0;
  std::string text;  // exactly the text between the offsets
};

/// Splits normalized text (paragraphs apart by blank lines) into overlapping chunks.
/// Sentences end at . ! ? … (and their CJK forms) followed by a space, or at a line break; a
/// sentence longer than the target is cut at spaces (or anywhere, for text without spaces)
/// at code-point boundaries. Chunks are whole sentences up to `target_chars`, end early at a
/// paragraph break once long enough, and within a paragraph repeat the previous chunk's last
/// sentence. Every sentence is in some chunk. Pure; safe from any thread.
[[nodiscard]] std::vector<TextChunk> chunk_text(std::string_view text,
                                                const ChunkOptions& options = {});

}  // namespace ovos::agents::knowledge
