// Exotel's outbound chunk rule: a multiple of 320 bytes, at least 3.2 KB ("100 ms"), at most
// 100 KB (https://developer.exotel.com/docs/agentstream/stream-voicebot-applet).
#include "telephony/exotel/exotel_chunker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <numeric>

#include "crypto/base64.h"
#include "telephony/exotel/exotel_dialect.h"
#include "telephony/exotel/exotel_media_protocol.h"

namespace ovos::telephony::exotel {
namespace {

std::vector<std::int16_t> ramp(std::size_t count, std::int16_t first = 1) {
  std::vector<std::int16_t> out(count);
  std::iota(out.begin(), out.end(), first);
  return out;
}

void expect_valid_chunk(const std::vector<std::int16_t>& chunk, int sample_rate) {
  const std::size_t bytes = chunk.size() * 2;
  EXPECT_EQ(bytes % 320, 0U) << bytes;
  EXPECT_GE(bytes, 3200U) << bytes;
  EXPECT_GE(bytes, static_cast<std::size_t>(sample_rate) / 10 * 2) << bytes;
  EXPECT_LE(bytes, 100000U) << bytes;
}

TEST(ExotelChunker, HoldsTwentyMillisecondFramesUntilAChunkIsThere) {
  OutboundChunker chunker(8000);
  EXPECT_EQ(chunker.min_chunk_samples(), 1600U);  // 3,200 bytes: 200 ms at 8 kHz
  const auto audio = ramp(1600);
  for (std::size_t frame = 0; frame < 9; ++frame) {
    EXPECT_TRUE(chunker.push(std::span(audio).subspan(frame * 160, 160)).empty()) << frame;
  }
  EXPECT_EQ(chunker.pending_samples(), 1440U);
  const auto chunks = chunker.push(std::span(audio).subspan(1440, 160));
  ASSERT_EQ(chunks.size(), 1U);
  EXPECT_EQ(chunks[0], audio);  // in order, nothing lost
  EXPECT_EQ(chunker.pending_samples(), 0U);
  EXPECT_TRUE(chunker.flush().empty());
}

TEST(ExotelChunker, ScalesTheMinimumWithTheSampleRate) {
  for (const auto& [rate, minimum] :
       {std::pair<int, std::size_t>{8000, 1600}, {16000, 1600}, {24000, 2400}}) {
    OutboundChunker chunker(rate);
    EXPECT_EQ(chunker.min_chunk_samples(), minimum) << rate;
    const std::size_t frame = static_cast<std::size_t>(rate) / 50;  // 20 ms
    const std::size_t frames_per_chunk = minimum / frame;
    const auto audio = ramp(frame * (4 * frames_per_chunk + 3));
    std::vector<std::int16_t> out;
    for (std::size_t at = 0; at < audio.size(); at += frame) {
      for (const auto& chunk : chunker.push(std::span(audio).subspan(at, frame))) {
        expect_valid_chunk(chunk, rate);
        EXPECT_EQ(chunk.size(), minimum) << rate;
        out.insert(out.end(), chunk.begin(), chunk.end());
      }
    }
    EXPECT_EQ(out.size(), 4 * minimum) << rate;  // 4 whole chunks; 60 ms pending
    EXPECT_EQ(chunker.pending_samples(), frame * 3) << rate;
    const auto tail = chunker.flush();
    expect_valid_chunk(tail, rate);
    out.insert(out.end(), tail.begin(), tail.begin() + static_cast<std::ptrdiff_t>(frame * 3));
    EXPECT_EQ(out, audio) << rate;
  }
}

TEST(ExotelChunker, SplitsLongAudioAtTheHundredKilobyteLimit) {
  OutboundChunker chunker(8000);
  EXPECT_EQ(kMaxChunkSamples * 2, 99840U);
  EXPECT_EQ(chunker.push(ramp(24000)).size(), 1U);  // 3 s in one 48,000-byte chunk
  const auto audio = ramp(60001);
  const auto chunks = chunker.push(audio);
  ASSERT_EQ(chunks.size(), 2U);
  EXPECT_EQ(chunks[0].size(), kMaxChunkSamples);
  EXPECT_EQ(chunks[1].size(), 10080U);  // the rest, down to a multiple of 160 samples
  for (const auto& chunk : chunks)
    expect_valid_chunk(chunk, 8000);
  EXPECT_EQ(chunker.pending_samples(), 1U);
  EXPECT_EQ(chunks[1].back(), audio[60000 - 1]);
  const auto tail = chunker.flush();
  ASSERT_EQ(tail.size(), 1600U);
  EXPECT_EQ(tail[0], audio.back());
  EXPECT_TRUE(std::all_of(tail.begin() + 1, tail.end(), [](std::int16_t s) { return s == 0; }));
}

TEST(ExotelChunker, FlushPadsWithSilenceAndResetDropsThePendingAudio) {
  OutboundChunker chunker(16000);
  EXPECT_TRUE(chunker.push(ramp(300, 100)).empty());
  const auto tail = chunker.flush();
  ASSERT_EQ(tail.size(), 1600U);
  EXPECT_EQ(tail[0], 100);
  EXPECT_EQ(tail[299], 399);
  EXPECT_TRUE(std::all_of(tail.begin() + 300, tail.end(), [](std::int16_t s) { return s == 0; }));
  EXPECT_TRUE(chunker.flush().empty());

  EXPECT_TRUE(chunker.push(ramp(1500)).empty());
  chunker.reset();
  EXPECT_EQ(chunker.pending_samples(), 0U);
  EXPECT_TRUE(chunker.flush().empty());
  // After a barge-in the next audio starts a fresh chunk.
  const auto chunks = chunker.push(ramp(1600, 7));
  ASSERT_EQ(chunks.size(), 1U);
  EXPECT_EQ(chunks[0].front(), 7);
}

TEST(ExotelChunker, ChunksTravelInMediaMessagesOfTheRightSize) {
  OutboundChunker chunker(8000);
  auto chunks = chunker.push(ramp(2000));
  chunks.push_back(chunker.flush());
  ASSERT_EQ(chunks.size(), 2U);
  std::vector<std::size_t> sizes;
  for (const auto& chunk : chunks) {
    const auto message = boost::json::parse(media_message("MZ1", chunk));
    const auto bytes = crypto::base64_decode(message.at("media").at("payload").as_string());
    ASSERT_TRUE(bytes.ok());
    sizes.push_back(bytes->size());
  }
  EXPECT_EQ(sizes, (std::vector<std::size_t>{3840, 3200}));
}

TEST(ExotelChunker, TheDialectHoldsBackOneChunkAtTheStreamsRate) {
  for (const auto& [rate, held] : {std::pair{8000, 200}, {16000, 100}, {24000, 100}}) {
    ExotelDialect dialect;
    EXPECT_EQ(dialect.held_back().count(), 0) << "nothing is held before the start";
    const std::string start =
        R"({"event":"start","sequence_number":"1","stream_sid":"MZ1","start":{"stream_sid":"MZ1",)"
        R"("call_sid":"CA1","account_sid":"AC1","from":"+919876543210","to":"+918047491899",)"
        R"("custom_parameters":{},"media_format":{"encoding":"audio/x-raw","sample_rate":")" +
        std::to_string(rate) + R"(","bit_rate":"16"}}})";
    const auto parsed = dialect.parse(start);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    const auto& begun = std::get<telephony::MediaStart>(*parsed);
    EXPECT_EQ(begun.from, "+919876543210");
    EXPECT_EQ(begun.to, "+918047491899");
    EXPECT_EQ(dialect.held_back().count(), held) << rate;
  }
}

}  // namespace
}  // namespace ovos::telephony::exotel
