#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "providers/llm/openai/openai_protocol.h"
#include "unit/llm/llm_test_support.h"

namespace ovos::providers::openai {
namespace {

using providers::testing::describe;
using providers::testing::json_string;
using Strings = std::vector<std::string>;

const std::string kUnavailable = "error:" + std::to_string(int(core::ErrorCode::kUnavailable));
const std::string kInternal = "error:" + std::to_string(int(core::ErrorCode::kInternal));

Strings feed_all(OpenAiStreamDecoder& decoder, const std::vector<std::string>& datas) {
  Strings out;
  for (const auto& data : datas) {
    for (auto& line : describe(decoder.feed(data)))
      out.push_back(std::move(line));
  }
  return out;
}

// A chunk for choice 0 carrying `delta` (JSON) and an optional finish reason.
std::string chunk(std::string_view delta, std::string_view finish_reason = "null") {
  return R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m",)"
         R"("choices":[{"index":0,"delta":)" +
         std::string(delta) + R"(,"finish_reason":)" + std::string(finish_reason) + "}]}";
}

// A tool-call delta: index, then id/name when given (first piece), then an arguments piece.
std::string tool_delta(int index, std::string_view id, std::string_view name,
                       std::string_view arguments) {
  std::string call = R"({"index":)" + std::to_string(index);
  if (!id.empty()) call += R"(,"id":")" + std::string(id) + R"(","type":"function")";
  call += R"(,"function":{)";
  if (!name.empty()) call += R"("name":")" + std::string(name) + R"(",)";
  call += R"("arguments":)" + json_string(arguments) + "}}";
  return call;
}

// The chunk example of OpenAI's API reference ("The chat completion chunk object",
// platform.openai.com/docs/api-reference/chat-streaming): its first, second and last chunks
// verbatim. In place of its "...." one chunk is added with "usage": null, as chunks carry when
// `stream_options: {"include_usage": true}` is set, and after the last the usage chunk that
// option adds before `data: [DONE]` ("choices" empty, "usage" filled), as the reference
// describes it.
TEST(OpenAiStreamDecoderTest, DocumentedChunksThenUsageAndDone) {
  OpenAiStreamDecoder decoder;
  const Strings events = feed_all(
      decoder,
      {
          R"({"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini", "system_fingerprint": "fp_44709d6fcb", "choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]})",
          R"({"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini", "system_fingerprint": "fp_44709d6fcb", "choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]})",
          R"({"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini", "system_fingerprint": "fp_44709d6fcb", "choices":[{"index":0,"delta":{"content":" there!"},"logprobs":null,"finish_reason":null}],"usage":null})",
          R"({"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini", "system_fingerprint": "fp_44709d6fcb", "choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]})",
          R"({"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini", "system_fingerprint": "fp_44709d6fcb", "choices":[],"usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21}})",
      });
  EXPECT_EQ(events, (Strings{"token:Hello", "token: there!"}));
  EXPECT_FALSE(decoder.finished());
  EXPECT_EQ(describe(decoder.feed("[DONE]")), (Strings{"done:9/12"}));
  EXPECT_TRUE(decoder.finished());
  EXPECT_TRUE(decoder.finish().empty());
  EXPECT_TRUE(decoder.feed(chunk(R"({"content":"late"})")).empty());
}

// The `delta.tool_calls` printed by OpenAI's function-calling guide ("Streaming" section,
// platform.openai.com/docs/guides/function-calling), verbatim, each wrapped in a chunk; the
// choice then finishes with "tool_calls".
TEST(OpenAiStreamDecoderTest, DocumentedToolCallDeltas) {
  const std::vector<std::string> documented = {
      R"([{"index": 0, "id": "call_DdmO9pD3xa9XTPNJ32zg2hcA", "function": {"arguments": "", "name": "get_weather"}, "type": "function"}])",
      R"([{"index": 0, "id": null, "function": {"arguments": "{\"", "name": null}, "type": null}])",
      R"([{"index": 0, "id": null, "function": {"arguments": "location", "name": null}, "type": null}])",
      R"([{"index": 0, "id": null, "function": {"arguments": "\":\"", "name": null}, "type": null}])",
      R"([{"index": 0, "id": null, "function": {"arguments": "Paris", "name": null}, "type": null}])",
      R"([{"index": 0, "id": null, "function": {"arguments": ",", "name": null}, "type": null}])",
      R"([{"index": 0, "id": null, "function": {"arguments": " France", "name": null}, "type": null}])",
      R"([{"index": 0, "id": null, "function": {"arguments": "\"}", "name": null}, "type": null}])",
  };
  OpenAiStreamDecoder decoder;
  std::vector<std::string> chunks = {chunk(R"({"role":"assistant","content":null})")};
  for (const auto& calls : documented)
    chunks.push_back(chunk(R"({"tool_calls":)" + calls + "}"));
  EXPECT_TRUE(feed_all(decoder, chunks).empty());  // nothing until the choice finishes
  EXPECT_EQ(
      describe(decoder.feed(chunk("{}", R"("tool_calls")"))),
      (Strings{R"(tool:call_DdmO9pD3xa9XTPNJ32zg2hcA|get_weather|{"location":"Paris, France"})"}));
  EXPECT_EQ(describe(decoder.feed("[DONE]")), (Strings{"done:0/0"}));
}

// Arguments cut into pieces of every size from 1 to 9 bytes, so cuts fall inside keys, inside
// escapes (\" and \n of the JSON text), between a backslash and what it escapes, and around
// multi-byte characters' neighbours; the joined arguments must be the original, byte for byte.
TEST(OpenAiStreamDecoderTest, ArgumentsCutAnywhereAreRebuiltExactly) {
  const std::string arguments =
      R"({"text": "say \"hi\"\n\tnow", "city": "Zürich", "path": "C:\\tmp", "n": [1, 2.5e3, {"a": null}], "ok": true})";
  ASSERT_NO_THROW(boost::json::parse(arguments));
  for (std::size_t size = 1; size <= 9; ++size) {
    OpenAiStreamDecoder decoder;
    std::vector<std::string> chunks = {
        chunk("{\"tool_calls\":[" + tool_delta(0, "call_x", "note", "") + "]}")};
    std::size_t at = 0;
    while (at < arguments.size()) {
      std::size_t take = std::min(size, arguments.size() - at);
      // Keep each piece valid UTF-8, as JSON strings must be.
      while (at + take < arguments.size() &&
             (static_cast<unsigned char>(arguments[at + take]) & 0xC0U) == 0x80U) {
        ++take;
      }
      chunks.push_back(
          chunk("{\"tool_calls\":[" + tool_delta(0, "", "", arguments.substr(at, take)) + "]}"));
      at += take;
    }
    chunks.push_back(chunk("{}", R"("tool_calls")"));
    chunks.emplace_back("[DONE]");
    EXPECT_EQ(feed_all(decoder, chunks), (Strings{"tool:call_x|note|" + arguments, "done:0/0"}))
        << "piece size " << size;
  }
}

// Two calls in parallel: indexes 0 and 1 start in one chunk, their pieces interleave, and the
// calls come out whole, in index order, when the choice finishes.
TEST(OpenAiStreamDecoderTest, ParallelToolCallsInterleaved) {
  OpenAiStreamDecoder decoder;
  const Strings events = feed_all(
      decoder,
      {
          chunk(R"({"role":"assistant","content":"Checking both."})"),
          chunk("{\"tool_calls\":[" + tool_delta(0, "call_a", "get_weather", "") + "," +
                tool_delta(1, "call_b", "get_weather", "{\"loc") + "]}"),
          chunk("{\"tool_calls\":[" + tool_delta(0, "", "", "{\"location\":") + "]}"),
          chunk("{\"tool_calls\":[" + tool_delta(1, "", "", "ation\": \"Ber") + "]}"),
          chunk("{\"tool_calls\":[" + tool_delta(0, "", "", " \"Paris\"}") + "]}"),
          chunk("{\"tool_calls\":[" + tool_delta(1, "", "", "lin\"}") + "]}"),
          chunk("{}", R"("tool_calls")"),
          R"({"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":80,"completion_tokens":40,"total_tokens":120}})",
          "[DONE]",
      });
  EXPECT_EQ(events, (Strings{
                        "token:Checking both.",
                        R"(tool:call_a|get_weather|{"location": "Paris"})",
                        R"(tool:call_b|get_weather|{"location": "Berlin"})",
                        "done:80/40",
                    }));
}

// Without a finish reason the calls still come out, at [DONE]; a missing id is made up so the
// result can be paired, missing arguments are "{}".
TEST(OpenAiStreamDecoderTest, ToolCallsWithoutFinishReasonComeOutAtDone) {
  OpenAiStreamDecoder decoder;
  const Strings events = feed_all(
      decoder, {
                   chunk(R"({"tool_calls":[{"index":0,"function":{"name":"end_call"}}]})"),
                   chunk(R"({"tool_calls":[{"index":3,"id":"call_z","function":{"name":"hold",)"
                         R"("arguments":"{\"s\":5}"}}]})"),
                   "[DONE]",
               });
  EXPECT_EQ(events,
            (Strings{"tool:call_0|end_call|{}", R"(tool:call_z|hold|{"s":5})", "done:0/0"}));
}

TEST(OpenAiStreamDecoderTest, ToolCallWithoutNameIsAnError) {
  OpenAiStreamDecoder decoder;
  const Strings events = feed_all(
      decoder, {chunk(R"({"tool_calls":[{"index":0,"id":"c","function":{"arguments":"{}"}}]})"),
                chunk("{}", R"("tool_calls")")});
  EXPECT_EQ(events, (Strings{kInternal}));
  EXPECT_TRUE(decoder.finished());
}

// An error object inside the stream (the error body shape of OpenAI's error-codes guide).
TEST(OpenAiStreamDecoderTest, ErrorChunkEndsTheStream) {
  OpenAiStreamDecoder decoder;
  EXPECT_EQ(feed_all(decoder, {chunk(R"({"content":"Hi"})")}), (Strings{"token:Hi"}));
  const auto events = decoder.feed(
      R"({"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}})");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(describe(events[0]), kUnavailable);
  EXPECT_NE(events[0].error.message.find("The server had an error"), std::string::npos);
  EXPECT_TRUE(decoder.finished());
  EXPECT_TRUE(decoder.feed("[DONE]").empty());
  EXPECT_TRUE(decoder.finish().empty());

  OpenAiStreamDecoder limited;
  const auto rate = limited.feed(
      R"({"error":{"message":"Rate limit reached","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}})");
  EXPECT_EQ(rate.at(0).error.code, core::ErrorCode::kRateLimited);
}

TEST(OpenAiStreamDecoderTest, MalformedJsonIsAnErrorNamingTheChunk) {
  OpenAiStreamDecoder decoder;
  const auto events = decoder.feed(R"({"id":"chatcmpl-1","choices":[{"index":0,"delta":{"con)");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(describe(events[0]), kInternal);
  EXPECT_NE(events[0].error.message.find("malformed chunk"), std::string::npos);
  EXPECT_NE(events[0].error.message.find("chatcmpl-1"), std::string::npos);
  EXPECT_TRUE(decoder.finished());

  OpenAiStreamDecoder not_object;
  EXPECT_EQ(describe(not_object.feed("[1,2]")), (Strings{kInternal}));
}

TEST(OpenAiStreamDecoderTest, StreamCutBeforeDoneIsAnError) {
  OpenAiStreamDecoder decoder;
  EXPECT_EQ(feed_all(decoder, {chunk(R"({"content":"Half a sen"})")}),
            (Strings{"token:Half a sen"}));
  const auto events = decoder.finish();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(describe(events[0]), kUnavailable);
  EXPECT_NE(events[0].error.message.find("stream cut"), std::string::npos);
  EXPECT_TRUE(decoder.finish().empty());  // reported once
}

TEST(OpenAiStreamDecoderTest, OtherChoicesAndBlankContentAreSkipped) {
  OpenAiStreamDecoder decoder;
  const Strings events = feed_all(
      decoder, {R"({"choices":[{"index":1,"delta":{"content":"other"},"finish_reason":null},)"
                R"({"index":0,"delta":{"content":" ünï \n"},"finish_reason":null}]})",
                chunk(R"({"content":""})"), chunk(R"({"content":null})"), " [DONE] "});
  EXPECT_EQ(events, (Strings{"token: ünï \n", "done:0/0"}));
}

}  // namespace
}  // namespace ovos::providers::openai
