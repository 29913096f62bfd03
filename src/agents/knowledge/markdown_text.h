#pragma once

#include <string>
#include <string_view>

namespace ovos::agents::knowledge {

/// The readable text of a Markdown document (CommonMark and GitHub tables), line by line:
/// heading marks, emphasis (* _ ~~), list and quote markers, task boxes, horizontal rules,
/// table rules, HTML tags and link definitions go; links and images keep their text or alt
/// text, inline code its content; fenced code blocks keep their lines verbatim (the fences
/// go); backslash escapes give the character. Paragraph breaks (blank lines) are kept, and a
/// heading ends with one, so the chunker sees the structure. Pure; safe from any thread.
[[nodiscard]] std::string markdown_to_text(std::string_view markdown);

}  // namespace ovos::agents::knowledge
