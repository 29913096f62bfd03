#pragma once

// Turns the server-sent events of an Anthropic streamed message into LlmEvents.

#include <boost/json/fwd.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "providers/llm.h"

namespace ovos::providers::anthropic {

/// Decodes one streamed message, fed (event name, data) pairs. `text_delta` becomes kToken at
/// once; a `tool_use` block gathers its `input_json_delta` pieces and is reported as kToolCall at
/// its `content_block_stop` (arguments: the joined JSON, `{}` when none came). `message_stop`
/// ends the stream with kDone carrying input tokens from `message_start` and output tokens from
/// the last `message_delta`; an `error` event or malformed data ends it with kError. `ping`,
/// thinking blocks and unknown events are ignored. After the terminal event, input is ignored.
/// Plain data, owned by one stream; not thread-safe.
class AnthropicStreamDecoder {
 public:
  /// Decodes one event. An empty `event` name falls back to the data's `type`.
  [[nodiscard]] std::vector<LlmEvent> feed(std::string_view event, std::string_view data);
  /// The connection closed: kError ("stream cut") unless message_stop or an error came first.
  [[nodiscard]] std::vector<LlmEvent> finish();
  /// Whether kDone or kError has been produced.
  [[nodiscard]] bool finished() const { return finished_; }

 private:
  void on_block_start(const boost::json::object& data, std::vector<LlmEvent>& out);
  void on_block_delta(const boost::json::object& data, std::vector<LlmEvent>& out);
  void on_block_stop(const boost::json::object& data, std::vector<LlmEvent>& out);
  void on_usage(const boost::json::object& usage);
  void fail(std::vector<LlmEvent>& out, core::Error error);

  std::map<long long, ToolCall> tool_blocks_;  // open tool_use blocks by content index
  int input_tokens_ = 0;
  int output_tokens_ = 0;
  bool finished_ = false;
};

}  // namespace ovos::providers::anthropic
