// OpenAI's transcription request (multipart/form-data) and answer, as its API reference gives
// them.

#include "providers/stt/openai/openai_transcription_protocol.h"

#include <gtest/gtest.h>

#include <vector>

namespace ovos::providers::openai {
namespace {

TEST(OpenAiTranscriptionProtocol, BuildsTheMultipartBody) {
  const std::vector<std::uint8_t> wav = {'R', 'I', 'F', 'F', 0, 1, 2};
  TranscriptionParams params;
  params.model = "gpt-4o-transcribe";
  params.language = "en";
  params.prompt = "Acme, refund";
  EXPECT_EQ(
      transcription_body("XyZ", wav, params),
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"audio.wav\"\r\n"
      "Content-Type: audio/wav\r\n\r\n" +
          std::string("RIFF\0\1\2", 7) +
          "\r\n"
          "--XyZ\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ngpt-4o-transcribe\r\n"
          "--XyZ\r\nContent-Disposition: form-data; name=\"response_format\"\r\n\r\njson\r\n"
          "--XyZ\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nen\r\n"
          "--XyZ\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nAcme, refund\r\n"
          "--XyZ--\r\n");
  EXPECT_EQ(multipart_content_type("XyZ"), "multipart/form-data; boundary=XyZ");
  EXPECT_EQ(transcription_url("https://api.openai.com/v1"),
            "https://api.openai.com/v1/audio/transcriptions");
}

TEST(OpenAiTranscriptionProtocol, LeavesOutWhatIsNotGiven) {
  const std::string body = transcription_body("b", {}, TranscriptionParams{});
  EXPECT_NE(body.find("name=\"model\"\r\n\r\nwhisper-1\r\n"), std::string::npos);
  EXPECT_EQ(body.find("name=\"language\""), std::string::npos);
  EXPECT_EQ(body.find("name=\"prompt\""), std::string::npos);
}

TEST(OpenAiTranscriptionProtocol, ReadsTheDocumentedAnswer) {
  auto text = decode_transcription(
      R"({"text": "Imagine the wildest idea that you've ever had, and you're curious about how )"
      R"(it might scale to something that's a 100, a 1,000 times bigger."})");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text,
            "Imagine the wildest idea that you've ever had, and you're curious about how it "
            "might scale to something that's a 100, a 1,000 times bigger.");
  // gpt-4o-transcribe adds usage.
  auto with_usage = decode_transcription(
      R"({"text":"Hi.","usage":{"type":"tokens","input_tokens":14,"output_tokens":45,)"
      R"("total_tokens":59}})");
  ASSERT_TRUE(with_usage.ok());
  EXPECT_EQ(*with_usage, "Hi.");
  for (const char* bad : {"", "Hi.", "[]", R"({"txt":"x"})", R"({"text":3})"}) {
    EXPECT_FALSE(decode_transcription(bad).ok()) << bad;
  }
}

TEST(OpenAiTranscriptionProtocol, LanguagesAreIso639One) {
  EXPECT_EQ(transcription_language("en-US"), "en");
  EXPECT_EQ(transcription_language("hi"), "hi");
  EXPECT_EQ(transcription_language("PT_br"), "pt");
  EXPECT_EQ(transcription_language("multi"), "");
  EXPECT_EQ(transcription_language(""), "");
}

}  // namespace
}  // namespace ovos::providers::openai
