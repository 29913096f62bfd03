#include "providers/llm/openai/openai_stream_decoder.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "core/utf8.h"
#include "providers/llm/json_fields.h"
#include "providers/llm/openai/openai_errors.h"

namespace ovos::providers::openai {
namespace {

using llm::string_field;

/// At most 80 bytes of untrusted text, quoted in an error.
std::string clip(std::string_view text) {
  return core::clip_utf8(text, 80);
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

int int_field(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr) return 0;
  boost::system::error_code ec;
  const int number = value->to_number<int>(ec);
  return ec ? 0 : number;
}

const boost::json::object* object_field(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_object() ? &value->as_object() : nullptr;
}

}  // namespace

std::vector<LlmEvent> OpenAiStreamDecoder::feed(std::string_view data) {
  std::vector<LlmEvent> out;
  if (finished_) return out;
  if (trim(data) == "[DONE]") {
    flush_tool_calls(out);
    if (finished_) return out;
    LlmEvent done;
    done.kind = LlmEvent::Kind::kDone;
    done.input_tokens = input_tokens_;
    done.output_tokens = output_tokens_;
    out.push_back(std::move(done));
    finished_ = true;
    return out;
  }

  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(data, ec);
  if (ec || !parsed.is_object()) {
    fail(out, core::Error::internal("openai: malformed chunk (" +
                                    (ec ? ec.message() : std::string("not an object")) +
                                    "): " + clip(data)));
    return out;
  }
  const boost::json::object& chunk = parsed.as_object();

  if (const auto* error = chunk.if_contains("error"); error != nullptr && !error->is_null()) {
    if (error->is_object()) {
      const auto& fields = error->as_object();
      // `code` may be a string, a number or null.
      std::string code(string_field(fields, "code"));
      if (const auto* number = fields.if_contains("code");
          number != nullptr && number->is_int64()) {
        code = std::to_string(number->as_int64());
      }
      fail(out, stream_error(string_field(fields, "type"), code, string_field(fields, "message")));
    } else {
      fail(out, stream_error({}, {}, error->is_string() ? error->as_string() : "unreadable error"));
    }
    return out;
  }

  if (const auto* usage = object_field(chunk, "usage")) {
    input_tokens_ = int_field(*usage, "prompt_tokens");
    output_tokens_ = int_field(*usage, "completion_tokens");
  }
  if (const auto* choices = chunk.if_contains("choices");
      choices != nullptr && choices->is_array()) {
    for (const auto& choice : choices->as_array()) {
      if (!choice.is_object() || int_field(choice.as_object(), "index") != 0) continue;
      read_choice(choice.as_object(), out);
      if (finished_) break;
    }
  }
  return out;
}

std::vector<LlmEvent> OpenAiStreamDecoder::finish() {
  std::vector<LlmEvent> out;
  if (!finished_) {
    fail(out, core::Error::unavailable("openai: stream cut (connection closed before [DONE])"));
  }
  return out;
}

void OpenAiStreamDecoder::read_choice(const boost::json::object& choice,
                                      std::vector<LlmEvent>& out) {
  if (const auto* delta = object_field(choice, "delta")) {
    if (const std::string_view content = string_field(*delta, "content"); !content.empty()) {
      LlmEvent token;
      token.kind = LlmEvent::Kind::kToken;
      token.text = std::string(content);
      out.push_back(std::move(token));
    }
    if (const auto* calls = delta->if_contains("tool_calls");
        calls != nullptr && calls->is_array()) {
      std::size_t position = 0;
      for (const auto& call : calls->as_array()) {
        if (call.is_object()) read_tool_call(call.as_object(), position);
        ++position;
      }
    }
  }
  // Any finish reason ends the choice: "tool_calls" from OpenAI, but compatible servers may
  // say "stop" after tool calls.
  if (const auto* reason = choice.if_contains("finish_reason");
      reason != nullptr && reason->is_string()) {
    flush_tool_calls(out);
  }
}

void OpenAiStreamDecoder::read_tool_call(const boost::json::object& call, std::size_t position) {
  long long index = static_cast<long long>(position);
  if (const auto* value = call.if_contains("index"); value != nullptr && value->is_int64()) {
    index = value->as_int64();
  }
  PendingCall& pending = pending_[index];
  if (const std::string_view id = string_field(call, "id"); !id.empty()) pending.id = id;
  if (const auto* function = object_field(call, "function")) {
    if (const std::string_view name = string_field(*function, "name"); !name.empty()) {
      pending.name = name;
    }
    pending.arguments += string_field(*function, "arguments");
  }
}

void OpenAiStreamDecoder::flush_tool_calls(std::vector<LlmEvent>& out) {
  for (auto& [index, call] : pending_) {
    if (call.name.empty()) {
      auto error = core::Error::internal("openai: tool call " + std::to_string(index) +
                                         " came without a function name");
      fail(out, std::move(error));  // clears pending_
      return;
    }
    LlmEvent event;
    event.kind = LlmEvent::Kind::kToolCall;
    // Some compatible servers leave the id out; the engine still needs one to pair the result.
    event.tool_call.id = call.id.empty() ? "call_" + std::to_string(index) : std::move(call.id);
    event.tool_call.name = std::move(call.name);
    event.tool_call.arguments = call.arguments.empty() ? "{}" : std::move(call.arguments);
    out.push_back(std::move(event));
  }
  pending_.clear();
}

void OpenAiStreamDecoder::fail(std::vector<LlmEvent>& out, core::Error error) {
  LlmEvent event;
  event.kind = LlmEvent::Kind::kError;
  event.error = std::move(error);
  out.push_back(std::move(event));
  finished_ = true;
  pending_.clear();
}

}  // namespace ovos::providers::openai
