#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "providers/llm/anthropic/anthropic_protocol.h"
#include "unit/llm/llm_test_support.h"

namespace ovos::providers::anthropic {
namespace {

using providers::testing::describe;
using providers::testing::json_string;
using providers::testing::split_sse;
using Strings = std::vector<std::string>;

const std::string kUnavailable = "error:" + std::to_string(int(core::ErrorCode::kUnavailable));
const std::string kInternal = "error:" + std::to_string(int(core::ErrorCode::kInternal));

Strings decode(AnthropicStreamDecoder& decoder, std::string_view sse) {
  Strings out;
  for (const auto& event : split_sse(sse)) {
    for (auto& line : describe(decoder.feed(event.event, event.data)))
      out.push_back(line);
  }
  return out;
}

// "Basic streaming request" response of Anthropic's streaming guide
// (docs.anthropic.com/en/docs/build-with-claude/streaming), verbatim.
constexpr std::string_view kBasicStream = R"sse(event: message_start
data: {"type": "message_start", "message": {"id": "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", "type": "message", "role": "assistant", "content": [], "model": "claude-sonnet-4-5-20250929", "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 25, "output_tokens": 1}}}

event: content_block_start
data: {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}

event: ping
data: {"type": "ping"}

event: content_block_delta
data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}}

event: content_block_delta
data: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "!"}}

event: content_block_stop
data: {"type": "content_block_stop", "index": 0}

event: message_delta
data: {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence":null}, "usage": {"output_tokens": 15}}

event: message_stop
data: {"type": "message_stop"}

)sse";

// "Streaming request with tool use" response of the same guide, verbatim.
constexpr std::string_view kToolUseStream = R"sse(event: message_start
data: {"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2},"content":[],"stop_reason":null}}

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

event: ping
data: {"type": "ping"}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":","}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" let"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"'s"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" check"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" the"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" weather"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" for"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" San"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" Francisco"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":","}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" CA"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":":"}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: content_block_start
data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"location\":"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \"San"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" Francisc"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"o,"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" CA\""}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":", "}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\"unit\": \"fah"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"renheit\"}"}}

event: content_block_stop
data: {"type":"content_block_stop","index":1}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

event: message_stop
data: {"type":"message_stop"}
)sse";

TEST(AnthropicStreamDecoderTest, DocumentedBasicStream) {
  AnthropicStreamDecoder decoder;
  EXPECT_EQ(decode(decoder, kBasicStream), (Strings{"token:Hello", "token:!", "done:25/15"}));
  EXPECT_TRUE(decoder.finished());
  EXPECT_TRUE(decoder.finish().empty());
}

TEST(AnthropicStreamDecoderTest, DocumentedToolUseStream) {
  AnthropicStreamDecoder decoder;
  EXPECT_EQ(
      decode(decoder, kToolUseStream),
      (Strings{
          "token:Okay", "token:,", "token: let", "token:'s", "token: check", "token: the",
          "token: weather", "token: for", "token: San", "token: Francisco", "token:,", "token: CA",
          "token::",
          R"(tool:toolu_01T1x1fJ34qAmk2tNTrN7Up6|get_weather|{"location": "San Francisco, CA", "unit": "fahrenheit"})",
          "done:472/89"}));
}

// The "Example error" of the streaming guide's "Error events" section, verbatim.
TEST(AnthropicStreamDecoderTest, DocumentedErrorEvent) {
  AnthropicStreamDecoder decoder;
  const auto events = split_sse(R"sse(event: error
data: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}

)sse");
  ASSERT_EQ(events.size(), 1u);
  const auto out = decoder.feed(events[0].event, events[0].data);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(describe(out[0]), kUnavailable);
  EXPECT_EQ(out[0].error.message, "stream error overloaded_error: Overloaded");
  EXPECT_TRUE(decoder.finished());
  EXPECT_TRUE(decoder.feed("message_stop", R"({"type":"message_stop"})").empty());
  EXPECT_TRUE(decoder.finish().empty());
}

// partial_json cut into pieces of every size from 1 to 9 bytes (mid-key, mid-escape, between a
// backslash and what it escapes); the joined input must be the original, byte for byte.
TEST(AnthropicStreamDecoderTest, PartialJsonCutAnywhereIsRebuiltExactly) {
  const std::string input =
      R"({"text": "say \"hi\"\n\tnow", "city": "Zürich", "path": "C:\\tmp", "n": [1, 2.5e3, {"a": null}]})";
  ASSERT_NO_THROW(boost::json::parse(input));
  for (std::size_t size = 1; size <= 9; ++size) {
    AnthropicStreamDecoder decoder;
    Strings out;
    auto feed = [&](std::string_view event, const std::string& data) {
      for (auto& line : describe(decoder.feed(event, data)))
        out.push_back(line);
    };
    feed("message_start", R"({"type":"message_start","message":{"usage":{"input_tokens":3}}})");
    feed(
        "content_block_start",
        R"({"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"note","input":{}}})");
    std::size_t at = 0;
    while (at < input.size()) {
      std::size_t take = std::min(size, input.size() - at);
      while (at + take < input.size() &&
             (static_cast<unsigned char>(input[at + take]) & 0xC0U) == 0x80U) {
        ++take;
      }
      feed(
          "content_block_delta",
          R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":)" +
              json_string(input.substr(at, take)) + "}}");
      at += take;
    }
    feed("content_block_stop", R"({"type":"content_block_stop","index":0})");
    feed("message_delta", R"({"type":"message_delta","delta":{},"usage":{"output_tokens":40}})");
    feed("message_stop", R"({"type":"message_stop"})");
    EXPECT_EQ(out, (Strings{"tool:toolu_1|note|" + input, "done:3/40"})) << "piece size " << size;
  }
}

// Two tool_use blocks; the first gets no input deltas at all (a tool without parameters).
TEST(AnthropicStreamDecoderTest, SeveralToolUsesAndEmptyInput) {
  AnthropicStreamDecoder decoder;
  const Strings out = decode(decoder, R"sse(event: message_start
data: {"type":"message_start","message":{"usage":{"input_tokens":10,"output_tokens":1}}}

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_a","name":"end_call","input":{}}}

event: content_block_start
data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_b","name":"log","input":{}}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"n\":1}"}}

event: content_block_stop
data: {"type":"content_block_stop","index":1}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":30}}

event: message_stop
data: {"type":"message_stop"}
)sse");
  EXPECT_EQ(out,
            (Strings{"tool:toolu_a|end_call|{}", R"(tool:toolu_b|log|{"n":1})", "done:10/30"}));
}

// Thinking blocks (from the guide's extended-thinking example), pings and unknown events carry
// nothing the engine speaks; an empty event name falls back to the data's type.
TEST(AnthropicStreamDecoderTest, ThinkingPingAndUnknownEventsAreIgnored) {
  AnthropicStreamDecoder decoder;
  const Strings out = decode(decoder, R"sse(event: message_start
data: {"type": "message_start", "message": {"id": "msg_01...", "type": "message", "role": "assistant", "content": [], "model": "claude-sonnet-4-5-20250929", "stop_reason": null, "stop_sequence": null}}

event: content_block_start
data: {"type": "content_block_start", "index": 0, "content_block": {"type": "thinking", "thinking": ""}}

event: content_block_delta
data: {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": "Let me solve this step by step:\n\n1. First break down 27 * 453"}}

event: content_block_delta
data: {"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds..."}}

event: content_block_stop
data: {"type": "content_block_stop", "index": 0}

event: some_future_event
data: {"type": "some_future_event", "whatever": [1]}

event: ping
data: not even json

data: {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}}

data: {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "27 * 453 = 12,231"}}

event: content_block_stop
data: {"type": "content_block_stop", "index": 1}

event: message_delta
data: {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": null}}

data: {"type": "message_stop"}
)sse");
  EXPECT_EQ(out, (Strings{"token:27 * 453 = 12,231", "done:0/0"}));
}

TEST(AnthropicStreamDecoderTest, MalformedJsonIsAnError) {
  AnthropicStreamDecoder decoder;
  const auto out =
      decoder.feed("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{)");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(describe(out[0]), kInternal);
  EXPECT_NE(out[0].error.message.find("malformed content_block_delta"), std::string::npos);
  EXPECT_TRUE(decoder.finished());
}

TEST(AnthropicStreamDecoderTest, StreamCutBeforeMessageStopIsAnError) {
  AnthropicStreamDecoder decoder;
  // The basic stream without its last event.
  const std::string cut(kBasicStream.substr(0, kBasicStream.find("event: message_stop")));
  EXPECT_EQ(decode(decoder, cut), (Strings{"token:Hello", "token:!"}));
  const auto out = decoder.finish();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(describe(out[0]), kUnavailable);
  EXPECT_NE(out[0].error.message.find("stream cut"), std::string::npos);
  EXPECT_TRUE(decoder.finish().empty());
}

}  // namespace
}  // namespace ovos::providers::anthropic
