#pragma once

// Turns the `data` of each server-sent event of an OpenAI streamed chat completion into
// LlmEvents.

#include <boost/json/fwd.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "providers/llm.h"

namespace ovos::providers::openai {

/// Decodes one streamed completion (`chat.completion.chunk` objects, then `[DONE]`). Content
/// deltas become kToken at once; tool calls are gathered by their `index` across chunks (id and
/// name first, arguments in pieces) and reported whole, in index order, when the choice finishes
/// (any `finish_reason`) or at `[DONE]`. `[DONE]` ends the stream with kDone carrying the usage of
/// the final usage chunk; an `error` chunk or a malformed one ends it with kError. Only choice 0
/// is read (requests never set `n`). After the terminal event, input is ignored.
/// Plain data, owned by one stream; not thread-safe.
class OpenAiStreamDecoder {
 public:
  /// Decodes the data of one event.
  [[nodiscard]] std::vector<LlmEvent> feed(std::string_view data);
  /// The connection closed: kError ("stream cut") unless `[DONE]` or an error came first.
  [[nodiscard]] std::vector<LlmEvent> finish();
  /// Whether kDone or kError has been produced.
  [[nodiscard]] bool finished() const { return finished_; }

 private:
  struct PendingCall {
    std::string id;
    std::string name;
    std::string arguments;
  };

  void read_choice(const boost::json::object& choice, std::vector<LlmEvent>& out);
  void read_tool_call(const boost::json::object& call, std::size_t position);
  void flush_tool_calls(std::vector<LlmEvent>& out);
  void fail(std::vector<LlmEvent>& out, core::Error error);

  std::map<long long, PendingCall> pending_;  // by tool call index
  int input_tokens_ = 0;
  int output_tokens_ = 0;
  bool finished_ = false;
};

}  // namespace ovos::providers::openai
