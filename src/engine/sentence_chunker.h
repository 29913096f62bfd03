#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ovos::engine {

/// Where the chunker may break an LLM's text for text-to-speech.
struct ChunkerOptions {
  /// The first piece may end at a clause (, ; : —) once it has this many code points, so the first
  /// audio goes out early.
  std::size_t first_chunk_min_chars = 12;
  /// Later pieces end only at sentence ends (. ! ? …) or newlines, once this long.
  std::size_t min_chars = 40;
  /// A piece growing past this many code points is broken at the last space before the limit.
  std::size_t max_chars = 250;
};

/// Turns an LLM token stream into speakable pieces (trimmed, never empty, never cut inside a
/// UTF-8 code point). The pieces depend only on the text, not on how it was split into tokens.
/// Owned by one call's turn; not thread-safe. Owns the text not yet emitted.
class SentenceChunker {
 public:
  explicit SentenceChunker(ChunkerOptions options = {});

  /// Appends `token`; returns the pieces that are now complete, in order.
  [[nodiscard]] std::vector<std::string> push(std::string_view token);
  /// Ends the stream: returns the remainder (at most one piece). The next push starts a new
  /// stream whose first piece may again end at a clause.
  [[nodiscard]] std::vector<std::string> flush();
  /// Drops the text not yet emitted (barge-in) and starts a new stream.
  void reset();

 private:
  ChunkerOptions options_;
  std::string buffer_;
  bool first_ = true;
};

}  // namespace ovos::engine
