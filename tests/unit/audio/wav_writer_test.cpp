#include "audio/wav_writer.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <utility>
#include <vector>

#include "audio/wav.h"
#include "unit/audio/signals.h"
#include "unit/audio/temp_dir.h"

namespace ovos::audio {
namespace {

// The samples a reader finds in the file right now; fails the test if it is not a valid WAV.
std::vector<Sample> samples_on_disk(const std::filesystem::path& path) {
  auto wav = read_wav_file(path);
  EXPECT_TRUE(wav.ok()) << (wav.ok() ? "" : wav.error().message);
  if (!wav.ok()) return {};
  EXPECT_FALSE(wav->truncated);
  return std::move(wav->samples);
}

TEST(WavWriter, FileIsValidAfterEveryFlush) {
  const testing::TempDir dir;
  const auto path = dir / "call.wav";
  auto writer = WavWriter::open(path, 8000);
  ASSERT_TRUE(writer.ok()) << writer.error().message;
  EXPECT_TRUE(samples_on_disk(path).empty());  // an empty but valid file from the start

  const auto audio = testing::white_noise(8000, -20.0);
  std::vector<Sample> expected;
  for (std::size_t at = 0; at < audio.size(); at += 160) {
    const auto frame = std::span<const Sample>(audio).subspan(at, 160);
    ASSERT_TRUE(writer->append(frame).ok());
    expected.insert(expected.end(), frame.begin(), frame.end());
    if (at % 1600 == 0) {
      ASSERT_TRUE(writer->flush().ok());
      ASSERT_EQ(samples_on_disk(path), expected) << "after " << at;
    }
  }
  EXPECT_EQ(writer->frames(), 8000U);
  ASSERT_TRUE(writer->close().ok());
  EXPECT_FALSE(writer->is_open());
  EXPECT_EQ(samples_on_disk(path), audio);
  EXPECT_EQ(std::filesystem::file_size(path), kWavHeaderSize + 2 * audio.size());
}

TEST(WavWriter, WritesByItselfWhenTheBufferFills) {
  const testing::TempDir dir;
  const auto path = dir / "small-buffer.wav";
  auto writer = WavWriter::open(path, 16000, 1, /*buffer_bytes=*/256);
  ASSERT_TRUE(writer.ok());
  const auto audio = testing::sine(300, 16000, 1000, 9000);
  ASSERT_TRUE(writer->append(std::span<const Sample>(audio).first(100)).ok());
  EXPECT_TRUE(samples_on_disk(path).empty());  // 200 bytes: still buffered
  ASSERT_TRUE(writer->append(std::span<const Sample>(audio).subspan(100, 100)).ok());
  EXPECT_EQ(samples_on_disk(path), std::vector<Sample>(audio.begin(), audio.begin() + 200));
}

TEST(WavWriter, ACrashedWriterLeavesAPlayableFile) {
  const testing::TempDir dir;
  const auto path = dir / "crash.wav";
  const auto audio = testing::sine(500, 8000, 4000, 9000);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto writer = WavWriter::open(path, 8000);
    if (!writer.ok()) ::_exit(1);
    if (!writer->append(std::span<const Sample>(audio).first(3000)).ok()) ::_exit(2);
    if (!writer->flush().ok()) ::_exit(3);
    (void)writer->append(std::span<const Sample>(audio).subspan(3000));  // never flushed
    ::_exit(0);  // no destructor, no close: as if killed
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(samples_on_disk(path), std::vector<Sample>(audio.begin(), audio.begin() + 3000));
}

TEST(WavWriter, RecordsStereo) {
  const testing::TempDir dir;
  const auto path = dir / "stereo.wav";
  {
    auto writer = WavWriter::open(path, 48000, 2);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE(writer->append(std::vector<Sample>{1, -1, 2, -2}).ok());
    EXPECT_EQ(writer->frames(), 2U);
  }  // the destructor closes
  const auto wav = read_wav_file(path);
  ASSERT_TRUE(wav.ok());
  EXPECT_EQ(wav->channels, 2);
  EXPECT_EQ(wav->sample_rate, 48000);
  EXPECT_EQ(wav->samples, (std::vector<Sample>{1, -1, 2, -2}));
}

TEST(WavWriter, ClosedWriterRefusesMoreAudio) {
  const testing::TempDir dir;
  auto writer = WavWriter::open(dir / "closed.wav", 8000);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(writer->close().ok());
  EXPECT_TRUE(writer->close().ok());  // idempotent
  EXPECT_FALSE(writer->append(std::vector<Sample>{1}).ok());
  EXPECT_FALSE(writer->flush().ok());
}

TEST(WavWriter, MoveAssignmentClosesTheOldRecording) {
  const testing::TempDir dir;
  auto first = WavWriter::open(dir / "first.wav", 8000);
  auto second = WavWriter::open(dir / "second.wav", 8000);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(first->append(std::vector<Sample>{4, 5}).ok());
  ASSERT_TRUE(second->append(std::vector<Sample>{6}).ok());
  *first = std::move(*second);
  EXPECT_EQ(samples_on_disk(dir / "first.wav"), (std::vector<Sample>{4, 5}));
  ASSERT_TRUE(first->append(std::vector<Sample>{7}).ok());
  ASSERT_TRUE(first->close().ok());
  EXPECT_EQ(samples_on_disk(dir / "second.wav"), (std::vector<Sample>{6, 7}));
}

TEST(WavWriter, OpenFailsClearly) {
  const testing::TempDir dir;
  const auto missing_dir = WavWriter::open(dir / "no" / "such.wav", 8000);
  ASSERT_FALSE(missing_dir.ok());
  EXPECT_EQ(missing_dir.error().code, core::ErrorCode::kNotFound);
  EXPECT_FALSE(WavWriter::open(dir / "x.wav", 8000, 3).ok());
  EXPECT_FALSE(WavWriter::open(dir / "x.wav", 0).ok());
}

}  // namespace
}  // namespace ovos::audio
