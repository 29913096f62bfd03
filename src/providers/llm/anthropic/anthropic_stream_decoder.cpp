#include "providers/llm/anthropic/anthropic_stream_decoder.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "core/utf8.h"
#include "providers/llm/anthropic/anthropic_errors.h"
#include "providers/llm/json_fields.h"

namespace ovos::providers::anthropic {
namespace {

using llm::string_field;

/// At most 80 bytes of untrusted text, quoted in an error.
std::string clip(std::string_view text) {
  return core::clip_utf8(text, 80);
}

const boost::json::object* object_field(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_object() ? &value->as_object() : nullptr;
}

long long index_of(const boost::json::object& data) {
  const auto* value = data.if_contains("index");
  return value != nullptr && value->is_int64() ? value->as_int64() : -1;
}

}  // namespace

std::vector<LlmEvent> AnthropicStreamDecoder::feed(std::string_view event, std::string_view data) {
  std::vector<LlmEvent> out;
  if (finished_) return out;
  if (event == "ping") return out;

  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(data, ec);
  if (ec || !parsed.is_object()) {
    fail(out, core::Error::internal(
                  "anthropic: malformed " + std::string(event.empty() ? "event" : event) + " (" +
                  (ec ? ec.message() : std::string("not an object")) + "): " + clip(data)));
    return out;
  }
  const boost::json::object& object = parsed.as_object();
  const std::string_view name = event.empty() ? string_field(object, "type") : event;

  if (name == "message_start") {
    if (const auto* message = object_field(object, "message")) {
      if (const auto* usage = object_field(*message, "usage")) on_usage(*usage);
    }
  } else if (name == "content_block_start") {
    on_block_start(object, out);
  } else if (name == "content_block_delta") {
    on_block_delta(object, out);
  } else if (name == "content_block_stop") {
    on_block_stop(object, out);
  } else if (name == "message_delta") {
    if (const auto* usage = object_field(object, "usage")) on_usage(*usage);
  } else if (name == "message_stop") {
    LlmEvent done;
    done.kind = LlmEvent::Kind::kDone;
    done.input_tokens = input_tokens_;
    done.output_tokens = output_tokens_;
    out.push_back(std::move(done));
    finished_ = true;
  } else if (name == "error") {
    const auto* error = object_field(object, "error");
    fail(out, error != nullptr
                  ? stream_error(string_field(*error, "type"), string_field(*error, "message"))
                  : stream_error({}, {}));
  }
  // Anything else (ping, events added later) is ignored, as the API's versioning policy asks.
  return out;
}

std::vector<LlmEvent> AnthropicStreamDecoder::finish() {
  std::vector<LlmEvent> out;
  if (!finished_) {
    fail(out,
         core::Error::unavailable("anthropic: stream cut (connection closed before message_stop)"));
  }
  return out;
}

void AnthropicStreamDecoder::on_block_start(const boost::json::object& data,
                                            std::vector<LlmEvent>& out) {
  const auto* block = object_field(data, "content_block");
  if (block == nullptr) return;
  const std::string_view type = string_field(*block, "type");
  if (type == "text") {
    // The block opens empty in practice; text given here is the start of the reply all the same.
    if (const std::string_view text = string_field(*block, "text"); !text.empty()) {
      LlmEvent token;
      token.kind = LlmEvent::Kind::kToken;
      token.text = std::string(text);
      out.push_back(std::move(token));
    }
  } else if (type == "tool_use") {
    ToolCall& call = tool_blocks_[index_of(data)];
    call.id = string_field(*block, "id");
    call.name = string_field(*block, "name");
    call.arguments.clear();
  }
}

void AnthropicStreamDecoder::on_block_delta(const boost::json::object& data,
                                            std::vector<LlmEvent>& out) {
  const auto* delta = object_field(data, "delta");
  if (delta == nullptr) return;
  const std::string_view type = string_field(*delta, "type");
  if (type == "text_delta") {
    if (const std::string_view text = string_field(*delta, "text"); !text.empty()) {
      LlmEvent token;
      token.kind = LlmEvent::Kind::kToken;
      token.text = std::string(text);
      out.push_back(std::move(token));
    }
  } else if (type == "input_json_delta") {
    const auto it = tool_blocks_.find(index_of(data));
    if (it != tool_blocks_.end()) it->second.arguments += string_field(*delta, "partial_json");
  }
}

void AnthropicStreamDecoder::on_block_stop(const boost::json::object& data,
                                           std::vector<LlmEvent>& out) {
  const auto it = tool_blocks_.find(index_of(data));
  if (it == tool_blocks_.end()) return;
  LlmEvent event;
  event.kind = LlmEvent::Kind::kToolCall;
  event.tool_call = std::move(it->second);
  if (event.tool_call.arguments.empty()) event.tool_call.arguments = "{}";
  tool_blocks_.erase(it);
  out.push_back(std::move(event));
}

void AnthropicStreamDecoder::on_usage(const boost::json::object& usage) {
  // message_delta counts are cumulative; newer servers repeat input_tokens there too.
  boost::system::error_code ec;
  if (const auto* input = usage.if_contains("input_tokens")) {
    const int tokens = input->to_number<int>(ec);
    if (!ec) input_tokens_ = tokens;
  }
  if (const auto* output = usage.if_contains("output_tokens")) {
    const int tokens = output->to_number<int>(ec);
    if (!ec) output_tokens_ = tokens;
  }
}

void AnthropicStreamDecoder::fail(std::vector<LlmEvent>& out, core::Error error) {
  LlmEvent event;
  event.kind = LlmEvent::Kind::kError;
  event.error = std::move(error);
  out.push_back(std::move(event));
  finished_ = true;
  tool_blocks_.clear();
}

}  // namespace ovos::providers::anthropic
