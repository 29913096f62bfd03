// The audio frames of the serial WebSocket voices (Sarvam's `audio`, Smallest's `chunk`) on the
// shapes of their documented examples: little-endian PCM16 for the context the frame names, a
// WAV header skipped, and malformed audio refused.

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/base64.h"
#include "providers/tts/sarvam/sarvam_socket_protocol.h"
#include "providers/tts/smallest/smallest_socket_protocol.h"

namespace ovos::providers {
namespace {

using Kind = speech::SocketTtsMessage::Kind;

/// One vendor's audio frames as its protocol file decodes them.
struct SerialFrames {
  std::string name;
  std::function<core::Result<speech::SocketTtsMessage>(std::string_view)> decode;
  std::function<std::string(std::string_view base64)> example;  // as documented, all fields
  std::string context;                                          // the example names it
  std::function<std::string(std::string_view base64)> bare;     // the least a frame holds
  std::vector<std::string> without_audio;  // audio frames with no audio in them
  std::string unknown;                     // a frame it does not know: skipped
};

void PrintTo(const SerialFrames* frames, std::ostream* out) {
  *out << frames->name;
}

const SerialFrames kSarvam{
    .name = "sarvam",
    .decode = sarvam::decode_socket_message,
    .example =
        [](std::string_view base64) {
          return R"({"type":"audio","data":{"audio":")" + std::string(base64) +
                 R"(","content_type":"audio/pcm","request_id":"20250101_abc"}})";
        },
    .context = "",  // Sarvam names no context
    .bare =
        [](std::string_view base64) {
          return R"({"type":"audio","data":{"audio":")" + std::string(base64) + R"("}})";
        },
    .without_audio = {R"({"type":"audio","data":{}})"},
    .unknown = R"({"type":"pong"})",
};

const SerialFrames kSmallest{
    .name = "smallest",
    .decode = smallest::decode_socket_message,
    .example =
        [](std::string_view base64) {
          return R"({"session_id":"ws_550e8400-e29b","request_id":"task_6ba7b810-9dad",)"
                 R"("external_session_id":"my-session-123","external_request_id":"my-request-456",)"
                 R"("status":"chunk","data":{"audio":")" +
                 std::string(base64) + R"("}})";
        },
    .context = "my-request-456",
    .bare =  // as Lightning v2 sends it: no id
    [](std::string_view base64) {
      return R"({"status":"chunk","data":{"audio":")" + std::string(base64) + R"("}})";
    },
    .without_audio = {R"({"status":"chunk","data":{}})", R"({"status":"chunk"})"},
    .unknown = R"({"status":"queued"})",
};

class SerialSocketProtocolTest : public ::testing::TestWithParam<const SerialFrames*> {
 protected:
  const SerialFrames& vendor = *GetParam();
};

TEST_P(SerialSocketProtocolTest, AudioIsLittleEndianPcmOfTheContextItNames) {
  const std::string pcm("\x01\x02\xff\x7f", 4);
  auto chunk = vendor.decode(vendor.example(crypto::base64_encode(pcm)));
  ASSERT_TRUE(chunk.ok()) << chunk.error().message;
  EXPECT_EQ(chunk->kind, Kind::kChunk);
  EXPECT_EQ(chunk->samples, (std::vector<std::int16_t>{0x0201, 0x7fff}));
  EXPECT_EQ(chunk->context_id, vendor.context);
}

TEST_P(SerialSocketProtocolTest, AWavChunkHasItsHeaderSkipped) {
  std::string wav = "RIFF" + std::string(4, '\0') + "WAVEfmt " + std::string("\x10\0\0\0", 4) +
                    std::string(16, '\0') + "data" + std::string("\x02\0\0\0", 4) + "\x05\x06";
  auto chunk = vendor.decode(vendor.bare(crypto::base64_encode(wav)));
  ASSERT_TRUE(chunk.ok()) << chunk.error().message;
  EXPECT_EQ(chunk->samples, (std::vector<std::int16_t>{0x0605}));
  EXPECT_TRUE(chunk->context_id.empty());
}

TEST_P(SerialSocketProtocolTest, MalformedFramesAreRefusedAndUnknownOnesSkipped) {
  std::vector<std::string> bad{"not json", "[1]", vendor.bare("%%%"),
                               vendor.bare("AQID")};  // 3 bytes
  bad.insert(bad.end(), vendor.without_audio.begin(), vendor.without_audio.end());
  for (const auto& frame : bad)
    EXPECT_FALSE(vendor.decode(frame).ok()) << frame;
  auto unknown = vendor.decode(vendor.unknown);
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->kind, Kind::kOther);
}

INSTANTIATE_TEST_SUITE_P(Vendors, SerialSocketProtocolTest, ::testing::Values(&kSarvam, &kSmallest),
                         [](const ::testing::TestParamInfo<const SerialFrames*>& param) {
                           return param.param->name;
                         });

}  // namespace
}  // namespace ovos::providers
