#include "net/sse_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace std::string_literals;

namespace ovos::net {
namespace {

std::vector<SseEvent> parse_all(std::string_view stream, std::vector<std::size_t> cuts) {
  SseParser parser;
  std::vector<SseEvent> out;
  std::size_t from = 0;
  cuts.push_back(stream.size());
  for (const auto cut : cuts) {
    auto events = parser.push(stream.substr(from, cut - from));
    EXPECT_TRUE(events.ok());
    for (auto& e : *events)
      out.push_back(std::move(e));
    from = cut;
  }
  return out;
}

// Every line ending, a comment, a field without colon, a BOM, multi-line data, id, retry.
constexpr std::string_view kSample =
    "\xEF\xBB\xBF: keep-alive\r\n"
    "event: greeting\r\n"
    "data: hello\r\n"
    "data:  two spaces\r\n"
    "\r\n"
    "id: 7\n"
    "data\n"
    "\n"
    "retry: 1500\r"
    "data:x:y\r"
    "\r"
    "event: ignored-without-data\n"
    "\n"
    "data: last\n"
    "\n"
    "data: never dispatched";

const std::vector<SseEvent> kExpected = {
    {"greeting", "hello\n two spaces", ""},
    {"message", "", "7"},
    {"message", "x:y", "7"},
    {"message", "last", "7"},
};

TEST(SseParserTest, ParsesTheSampleInOnePiece) {
  EXPECT_EQ(parse_all(kSample, {}), kExpected);
}

TEST(SseParserTest, EventsAreTheSameAtEverySplitPoint) {
  for (std::size_t cut = 0; cut <= kSample.size(); ++cut) {
    EXPECT_EQ(parse_all(kSample, {cut}), kExpected) << "cut at " << cut;
  }
}

TEST(SseParserTest, EventsAreTheSameAtEveryPairOfSplitPoints) {
  for (std::size_t a = 0; a <= kSample.size(); ++a) {
    for (std::size_t b = a; b <= kSample.size(); ++b) {
      ASSERT_EQ(parse_all(kSample, {a, b}), kExpected) << "cuts at " << a << ", " << b;
    }
  }
}

TEST(SseParserTest, ByteByByteKeepsIdAndRetry) {
  SseParser parser;
  std::vector<SseEvent> out;
  for (const char c : kSample) {
    auto events = parser.push(std::string_view(&c, 1));
    ASSERT_TRUE(events.ok());
    out.insert(out.end(), events->begin(), events->end());
  }
  EXPECT_EQ(out, kExpected);
  EXPECT_EQ(parser.last_event_id(), "7");
  ASSERT_TRUE(parser.retry().has_value());
  EXPECT_EQ(parser.retry()->count(), 1500);
}

TEST(SseParserTest, CrLfSplitAcrossChunksIsOneLineEnd) {
  SseParser parser;
  auto a = parser.push("data: a\r");
  auto b = parser.push("\n\r");
  auto c = parser.push("\n");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_TRUE(a->empty());
  ASSERT_EQ(b->size(), 1u) << "\\r then \\n\\r: one line end, then a blank line";
  EXPECT_EQ((*b)[0].data, "a");
  EXPECT_TRUE(c->empty()) << "the \\n after \\r belongs to it, not a second blank line";
}

TEST(SseParserTest, BomIsOnlyStrippedAtTheStart) {
  SseParser parser;
  auto events = parser.push(
      "data: a\n\n\xEF\xBB\xBF"
      "data: b\n\n");
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u) << "a BOM later is part of a field name, so 'data' is unknown";
  EXPECT_EQ((*events)[0].data, "a");
}

TEST(SseParserTest, OpenAiStyleStreamEndsWithDone) {
  constexpr std::string_view kStream =
      "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n"
      "data: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\n"
      "data: [DONE]\n\n";
  for (std::size_t cut = 0; cut <= kStream.size(); ++cut) {
    const auto events = parse_all(kStream, {cut});
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].event, "message");
    EXPECT_EQ(events[1].data, "{\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}");
    EXPECT_EQ(events[2].data, "[DONE]");
  }
}

TEST(SseParserTest, AnthropicStyleEventAndDataPairs) {
  constexpr std::string_view kStream =
      "event: message_start\n"
      "data: {\"type\":\"message_start\"}\n\n"
      "event: ping\n"
      "data: {\"type\": \"ping\"}\n\n"
      "event: content_block_delta\n"
      "data: {\"type\":\"content_block_delta\",\"delta\":{\"text\":\"Hi\"}}\n\n"
      "event: message_stop\n"
      "data: {\"type\":\"message_stop\"}\n\n";
  for (std::size_t cut = 0; cut <= kStream.size(); ++cut) {
    const auto events = parse_all(kStream, {cut});
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(events[0].event, "message_start");
    EXPECT_EQ(events[1].event, "ping");
    EXPECT_EQ(events[2].event, "content_block_delta");
    EXPECT_EQ(events[2].data, "{\"type\":\"content_block_delta\",\"delta\":{\"text\":\"Hi\"}}");
    EXPECT_EQ(events[3].event, "message_stop");
  }
}

TEST(SseParserTest, BadRetryAndNulIdAreIgnored) {
  SseParser parser;
  auto events = parser.push("retry: 12a\nid: a\0b\nretry: \ndata: x\n\n"s);
  ASSERT_TRUE(events.ok());
  EXPECT_FALSE(parser.retry().has_value());
  EXPECT_EQ(parser.last_event_id(), "");
  ASSERT_EQ(events->size(), 1u);
}

TEST(SseParserTest, EventLargerThanTheLimitIsAnError) {
  SseParser parser(16);
  auto fits = parser.push("data: 0123456789\n\n");
  ASSERT_TRUE(fits.ok());
  EXPECT_EQ(fits->size(), 1u);
  auto lines = parser.push("data: 01234567\ndata: 01234567\n");
  ASSERT_FALSE(lines.ok()) << "two data lines together pass the limit";
  EXPECT_EQ(lines.error().code, core::ErrorCode::kTooLarge);
  EXPECT_FALSE(parser.push("\n").ok()) << "the parser stays failed";

  SseParser endless(16);
  auto first = endless.push("data: 0123456789");
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(endless.push("0123456789").ok()) << "a line without an end counts too";
}

}  // namespace
}  // namespace ovos::net
