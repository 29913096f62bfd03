#include "agents/tasks/transcript.h"

#include <boost/json/object.hpp>

namespace ovos::agents::tasks {

namespace json = boost::json;

namespace {

constexpr std::string_view kCut = "[the rest of the call is left out: the transcript is too long]";

// One utterance on one line: line breaks inside it become spaces.
void append_line(std::string& out, std::string_view speaker, const std::string& text) {
  if (text.empty()) return;
  out += speaker;
  out += ": ";
  for (const char c : text)
    out += (c == '\n' || c == '\r') ? ' ' : c;
  out += '\n';
}

}  // namespace

std::string transcript_text(const std::vector<store::Turn>& turns, std::size_t max_bytes) {
  std::string out;
  for (const store::Turn& turn : turns) {
    const std::size_t before = out.size();
    append_line(out, "Caller", turn.user_text);
    append_line(out, "Agent", turn.agent_text);
    if (out.size() > max_bytes) {
      out.resize(before);
      out += kCut;
      out += '\n';
      break;
    }
  }
  return out.empty() ? std::string("(nothing was said)\n") : out;
}

json::array transcript_json(const std::vector<store::Turn>& turns) {
  json::array out;
  out.reserve(turns.size());
  for (const store::Turn& turn : turns) {
    out.push_back(
        json::object{{"turn", turn.index}, {"user", turn.user_text}, {"agent", turn.agent_text}});
  }
  return out;
}

}  // namespace ovos::agents::tasks
