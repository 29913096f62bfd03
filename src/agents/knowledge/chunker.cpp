#include "agents/knowledge/chunker.h"

#include <algorithm>

#include "core/utf8.h"

namespace ovos::agents::knowledge {
namespace {

// A sentence (or a piece of a long one): byte range, code-point range, and whether a
// paragraph starts with it.
struct Unit {
  std::size_t begin = 0;  // bytes
  std::size_t end = 0;
  std::size_t begin_char = 0;
  std::size_t end_char = 0;
  bool paragraph_start = false;
};

bool ends_sentence(char32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x3002 || cp == 0xFF01 ||
         cp == 0xFF1F;
}

bool is_closing(char32_t cp) {
  return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019;
}

// Splits `text` into sentence units, trimmed of spaces and line breaks.
class Splitter {
 public:
  explicit Splitter(std::string_view text) : text_(text) {}

  std::vector<Unit> run() {
    bool paragraph = true;
    std::size_t chars = 0;
    std::size_t start = std::string_view::npos;
    std::size_t start_char = 0;
    bool end_pending = false;  // a sentence end was seen; the next space closes the sentence
    for (std::size_t i = 0; i < text_.size();) {
      char32_t cp = 0;
      std::size_t length = core::decode_utf8(text_, i, cp);
      if (length == 0) length = 1;
      const bool space = cp == ' ' || cp == '\n';
      if (start != std::string_view::npos && (cp == '\n' || (space && end_pending))) {
        add(start, i, start_char, chars, paragraph);
        paragraph = false;
        start = std::string_view::npos;
        end_pending = false;
      }
      if (cp == '\n' && text_.substr(i).starts_with("\n\n")) paragraph = true;
      if (!space && start == std::string_view::npos) {
        start = i;
        start_char = chars;
      }
      if (!space) end_pending = ends_sentence(cp) || (end_pending && is_closing(cp));
      // CJK full stops need no space after them.
      if (start != std::string_view::npos && (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F)) {
        add(start, i + length, start_char, chars + 1, paragraph);
        paragraph = false;
        start = std::string_view::npos;
        end_pending = false;
      }
      i += length;
      ++chars;
    }
    if (start != std::string_view::npos) add(start, text_.size(), start_char, chars, paragraph);
    return std::move(units_);
  }

 private:
  void add(std::size_t begin, std::size_t end, std::size_t begin_char, std::size_t end_char,
           bool paragraph) {
    while (end > begin && (text_[end - 1] == ' ' || text_[end - 1] == '\n')) {
      --end;
      --end_char;
    }
    if (end > begin) units_.push_back({begin, end, begin_char, end_char, paragraph});
  }

  std::string_view text_;
  std::vector<Unit> units_;
};

// Cuts a unit longer than `limit` code points into pieces, at the last space before the limit
// when there is one.
std::vector<Unit> cut_long(std::string_view text, const Unit& unit, std::size_t limit) {
  std::vector<Unit> pieces;
  std::size_t begin = unit.begin;
  std::size_t begin_char = unit.begin_char;
  bool first = true;
  while (unit.end_char - begin_char > limit) {
    std::size_t i = begin;
    std::size_t chars = begin_char;
    std::size_t last_space = 0;
    std::size_t last_space_char = 0;
    while (chars - begin_char < limit) {
      char32_t cp = 0;
      std::size_t length = core::decode_utf8(text, i, cp);
      if (length == 0) length = 1;
      if (cp == ' ' && i > begin) {
        last_space = i;
        last_space_char = chars;
      }
      i += length;
      ++chars;
    }
    std::size_t end = i;
    std::size_t end_char = chars;
    std::size_t next = i;
    std::size_t next_char = chars;
    if (last_space > begin) {
      end = last_space;
      end_char = last_space_char;
      next = last_space + 1;
      next_char = last_space_char + 1;
    }
    pieces.push_back({begin, end, begin_char, end_char, first && unit.paragraph_start});
    first = false;
    begin = next;
    begin_char = next_char;
  }
  pieces.push_back({begin, unit.end, begin_char, unit.end_char, first && unit.paragraph_start});
  return pieces;
}

}  // namespace

std::vector<TextChunk> chunk_text(std::string_view text, const ChunkOptions& options) {
  const std::size_t target = std::max<std::size_t>(options.target_chars, 16);
  std::vector<Unit> units;
  for (const auto& unit : Splitter(text).run()) {
    for (const auto& piece : cut_long(text, unit, target))
      units.push_back(piece);
  }
  std::vector<TextChunk> chunks;
  const auto emit = [&](std::size_t first, std::size_t last) {
    const Unit& a = units[first];
    const Unit& b = units[last];
    chunks.push_back({static_cast<int>(chunks.size()), a.begin_char, b.end_char,
                      std::string(text.substr(a.begin, b.end - a.begin))});
  };
  const auto long_enough = [&](std::size_t chars) {
    return static_cast<double>(chars) >=
           options.paragraph_break_share * static_cast<double>(target);
  };
  std::size_t first = 0;
  while (first < units.size()) {
    std::size_t last = first;
    while (last + 1 < units.size()) {
      const Unit& next = units[last + 1];
      const std::size_t grown = next.end_char - units[first].begin_char;
      const std::size_t now = units[last].end_char - units[first].begin_char;
      if (grown > target) break;
      if (next.paragraph_start && long_enough(now)) break;
      ++last;
    }
    emit(first, last);
    if (last + 1 >= units.size()) break;
    // The next chunk starts with this one's last sentence when that is short enough, the chunk
    // had more than it (so the text moves forward), the paragraph goes on, and the sentence
    // leaves room for the next one.
    const Unit& tail = units[last];
    const Unit& next = units[last + 1];
    const bool overlap = last > first &&
                         tail.end_char - tail.begin_char <= options.max_overlap_chars &&
                         !next.paragraph_start && next.end_char - tail.begin_char <= target;
    first = overlap ? last : last + 1;
  }
  return chunks;
}

}  // namespace ovos::agents::knowledge
