#include "agents/knowledge/markdown_text.h"

#include <cctype>
#include <optional>
#include <vector>

namespace ovos::agents::knowledge {
namespace {

bool is_ascii_punct(char c) {
  return std::ispunct(static_cast<unsigned char>(c)) != 0;
}

bool is_space(char c) {
  return c == '\0' || c == ' ' || c == '\t';
}

// Space, punctuation or a text boundary (\0): what may sit outside an emphasis delimiter.
bool is_boundary(char c) {
  return c == '\0' || c == ' ' || c == '\t' || is_ascii_punct(c);
}

std::string_view trim_left(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  return s;
}

std::string_view trim(std::string_view s) {
  s = trim_left(s);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// The index just past the bracket that closes text[open] ('[' or '('), or npos.
std::size_t closing(std::string_view text, std::size_t open, char left, char right) {
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
      continue;
    }
    if (text[i] == left) ++depth;
    if (text[i] == right && --depth == 0) return i + 1;
  }
  return std::string_view::npos;
}

// An HTML tag (<b>, </p>, <br/>, <a href="x">) or comment starting at text[i]; its length or 0.
std::size_t html_tag_length(std::string_view text, std::size_t i) {
  if (text.substr(i).starts_with("<!--")) {
    const auto end = text.find("-->", i + 4);
    return end == std::string_view::npos ? 0 : end + 3 - i;
  }
  std::size_t j = i + 1;
  if (j < text.size() && text[j] == '/') ++j;
  if (j >= text.size() || std::isalpha(static_cast<unsigned char>(text[j])) == 0) return 0;
  while (j < text.size() &&
         (std::isalnum(static_cast<unsigned char>(text[j])) != 0 || text[j] == '-')) {
    ++j;
  }
  const auto end = text.find('>', j);
  if (end == std::string_view::npos || text.substr(j, end - j).find('<') != std::string::npos) {
    return 0;
  }
  if (j < end && text[j] != ' ' && text[j] != '/' && text[j] != '\t') return 0;
  return end + 1 - i;
}

void strip_inline(std::string_view text, std::string& out);

// A link or image at text[i] ('[' or "!["): appends its text and returns its length, or 0.
std::size_t link(std::string_view text, std::size_t i, std::string& out) {
  const std::size_t open = text[i] == '!' ? i + 1 : i;
  const std::size_t label_end = closing(text, open, '[', ']');
  if (label_end == std::string_view::npos) return 0;
  std::size_t end = 0;
  if (label_end < text.size() && text[label_end] == '(') {
    end = closing(text, label_end, '(', ')');
  } else if (label_end < text.size() && text[label_end] == '[') {
    end = closing(text, label_end, '[', ']');
  }
  if (end == 0 || end == std::string_view::npos) return 0;
  strip_inline(text.substr(open + 1, label_end - open - 2), out);
  return end - i;
}

// A run of emphasis delimiters at text[i]: dropped when it opens (a space, punctuation or the
// edge before it, no space after) or closes emphasis (the mirror), kept inside a word
// (snake_case, 5*3) or between spaces (2 * 3). Returns its length.
std::size_t emphasis(std::string_view text, std::size_t i, std::string& out) {
  std::size_t end = i;
  while (end < text.size() && text[end] == text[i])
    ++end;
  const char before = i == 0 ? '\0' : text[i - 1];
  const char after = end < text.size() ? text[end] : '\0';
  const bool opens = is_boundary(before) && !is_space(after);
  const bool closes = !is_space(before) && is_boundary(after);
  const bool tilde_too_short = text[i] == '~' && end - i < 2;
  if ((opens || closes) && !tilde_too_short) return end - i;
  out.append(text.substr(i, end - i));
  return end - i;
}

// A code span at text[i] (a run of backticks): appends its content; 0 when it does not close.
std::size_t code_span(std::string_view text, std::size_t i, std::string& out) {
  std::size_t ticks = 0;
  while (i + ticks < text.size() && text[i + ticks] == '`')
    ++ticks;
  const std::string fence(ticks, '`');
  for (std::size_t at = text.find(fence, i + ticks); at != std::string_view::npos;
       at = text.find(fence, at + 1)) {
    std::size_t run = at;
    while (run < text.size() && text[run] == '`')
      ++run;
    if (run - at != ticks) {
      at = run - 1;
      continue;
    }
    out.append(trim(text.substr(i + ticks, at - i - ticks)));
    return run - i;
  }
  out.append(fence);
  return ticks;
}

void strip_inline(std::string_view text, std::string& out) {
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    std::size_t used = 0;
    if (c == '\\' && i + 1 < text.size() && is_ascii_punct(text[i + 1])) {
      out += text[i + 1];
      used = 2;
    } else if (c == '`') {
      used = code_span(text, i, out);
    } else if (c == '[' || (c == '!' && i + 1 < text.size() && text[i + 1] == '[')) {
      used = link(text, i, out);
    } else if (c == '<') {
      const auto close = text.find('>', i);
      const auto inner =
          close == std::string_view::npos ? std::string_view{} : text.substr(i + 1, close - i - 1);
      if (inner.find("://") != std::string_view::npos || inner.starts_with("mailto:")) {
        if (inner.find(' ') == std::string_view::npos) {
          out.append(inner);
          used = close + 1 - i;
        }
      }
      if (used == 0) {
        used = html_tag_length(text, i);
      }
    } else if (c == '*' || c == '_' || c == '~') {
      used = emphasis(text, i, out);
    }
    if (used == 0) {
      out += c;
      used = 1;
    }
    i += used;
  }
}

bool only_of(std::string_view line, std::string_view chars, std::size_t min_count) {
  std::size_t count = 0;
  for (const char c : line) {
    if (c == ' ' || c == '\t') continue;
    if (chars.find(c) == std::string_view::npos || c != line[line.find_first_not_of(" \t")]) {
      return false;
    }
    ++count;
  }
  return count >= min_count;
}

// |---|:---:| rows of a table.
bool is_table_rule(std::string_view line) {
  if (line.find('-') == std::string_view::npos || line.find('|') == std::string_view::npos) {
    return false;
  }
  for (const char c : line) {
    if (c != '|' && c != '-' && c != ':' && c != ' ' && c != '\t') return false;
  }
  return true;
}

// [label]: destination
bool is_link_definition(std::string_view line) {
  if (!line.starts_with('[')) return false;
  const auto end = line.find("]:");
  return end != std::string_view::npos && end > 1 && line.find(']') == end;
}

// A fence line (``` or ~~~, 3 or more): its character and length, else 0.
std::size_t fence_of(std::string_view line, char& fence_char) {
  line = trim_left(line);
  if (line.size() < 3 || (line[0] != '`' && line[0] != '~')) return 0;
  std::size_t n = 0;
  while (n < line.size() && line[n] == line[0])
    ++n;
  if (n < 3) return 0;
  fence_char = line[0];
  return n;
}

// Drops list markers ("- ", "* ", "+ ", "12. ", "3) ") and task boxes ("[ ] ", "[x] ").
std::string_view strip_list_marker(std::string_view line) {
  std::size_t n = 0;
  if (!line.empty() && (line[0] == '-' || line[0] == '*' || line[0] == '+')) {
    n = 1;
  } else {
    while (n < line.size() && n < 9 && std::isdigit(static_cast<unsigned char>(line[n])) != 0)
      ++n;
    if (n == 0 || n >= line.size() || (line[n] != '.' && line[n] != ')')) return line;
    ++n;
  }
  if (n < line.size() && line[n] != ' ' && line[n] != '\t') return line;
  line = trim_left(line.substr(n));
  if (line.size() >= 3 && line[0] == '[' && line[2] == ']' &&
      (line[1] == ' ' || line[1] == 'x' || line[1] == 'X')) {
    line = trim_left(line.substr(3));
  }
  return line;
}

// One line outside code fences, as text (empty: a paragraph break), or nullopt for a line that
// leaves no trace (table rules, link definitions). `previous_text` says whether the line before
// had text (a line of = under it is a setext heading underline).
std::optional<std::string> block_line(std::string_view raw, bool previous_text) {
  std::string_view line = trim_left(raw);
  while (line.starts_with('>'))
    line = trim_left(line.substr(1));
  if (line.empty()) return std::string();
  if (is_table_rule(line) || is_link_definition(line)) return std::nullopt;
  if ((only_of(line, "=", 1) && previous_text) || only_of(line, "-*_", 3)) return std::string();
  std::string out;
  if (line.starts_with('#')) {
    std::size_t level = 0;
    while (level < line.size() && line[level] == '#')
      ++level;
    if (level <= 6 && (level == line.size() || line[level] == ' ' || line[level] == '\t')) {
      std::string_view heading = trim(line.substr(level));
      while (heading.ends_with('#'))
        heading.remove_suffix(1);
      strip_inline(trim(heading), out);
      return out + "\n";  // a heading is a paragraph of its own
    }
  }
  line = strip_list_marker(line);
  if (line.starts_with('|')) {  // a table row: cells apart by " | "
    line = trim(line.substr(1));
    if (line.ends_with('|')) line.remove_suffix(1);
  }
  strip_inline(line, out);
  return out;
}

}  // namespace

std::string markdown_to_text(std::string_view markdown) {
  std::string out;
  out.reserve(markdown.size());
  char fence_char = 0;
  std::size_t fence_length = 0;  // of the open fence; 0 outside code
  bool previous_text = false;
  while (!markdown.empty()) {
    const auto newline = markdown.find('\n');
    std::string_view line = markdown.substr(0, newline);
    markdown.remove_prefix(newline == std::string_view::npos ? markdown.size() : newline + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    char c = 0;
    const std::size_t fence = fence_of(line, c);
    if (fence_length > 0) {
      if (fence >= fence_length && c == fence_char && trim(line).size() == fence) {
        fence_length = 0;
        continue;
      }
      out.append(line);
      out += '\n';
      continue;
    }
    if (fence > 0) {
      fence_char = c;
      fence_length = fence;
      continue;
    }
    const auto text = block_line(line, previous_text);
    if (!text) continue;
    previous_text = !text->empty();
    out += *text;
    out += '\n';
  }
  return out;
}

}  // namespace ovos::agents::knowledge
