#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "audio/pcm.h"
#include "audio/posix_file.h"
#include "core/result.h"

namespace ovos::audio {

// Records a 16-bit PCM WAV file while the audio happens (a call recording). Samples are
// buffered and written in blocks; every write, and every flush(), also rewrites the header's
// sizes, so the file on disk is a valid WAV of everything written so far and a crash leaves a
// playable recording. Blocking file I/O. One owner, not thread-safe. Movable.
class WavWriter {
 public:
  /// Bytes buffered before append() writes them out by itself.
  static constexpr std::size_t kDefaultBufferBytes = 64 * 1024;

  /// Creates (or truncates) `path` and writes an empty WAV header. Channels 1 or 2.
  [[nodiscard]] static core::Result<WavWriter> open(const std::filesystem::path& path,
                                                    int sample_rate, int channels = 1,
                                                    std::size_t buffer_bytes = kDefaultBufferBytes);

  WavWriter(WavWriter&& other) noexcept = default;
  WavWriter& operator=(WavWriter&& other) noexcept;
  WavWriter(const WavWriter&) = delete;
  WavWriter& operator=(const WavWriter&) = delete;
  /// Closes, ignoring errors; call close() to see them.
  ~WavWriter();

  /// Adds interleaved samples (a multiple of `channels`). kTooLarge once the 4 GiB limit of
  /// the format would be passed; nothing of that chunk is added then.
  [[nodiscard]] core::Result<void> append(std::span<const Sample> samples);

  /// Writes buffered samples and updates the header. With `durable`, also fsyncs.
  [[nodiscard]] core::Result<void> flush(bool durable = false);

  /// Flushes, fsyncs and closes. Later calls, and append(), fail or do nothing.
  [[nodiscard]] core::Result<void> close();

  [[nodiscard]] bool is_open() const { return file_.is_open(); }
  /// Frames appended so far (buffered ones included).
  [[nodiscard]] std::uint64_t frames() const;
  [[nodiscard]] int sample_rate() const { return sample_rate_; }
  [[nodiscard]] int channels() const { return channels_; }

 private:
  WavWriter(PosixFile file, int sample_rate, int channels, std::size_t buffer_bytes);

  PosixFile file_;
  int sample_rate_ = 0;
  int channels_ = 1;
  std::size_t buffer_bytes_ = kDefaultBufferBytes;
  std::vector<std::uint8_t> buffer_;  // little-endian samples not yet written
  std::uint64_t written_bytes_ = 0;   // sample bytes on disk, after the header
};

}  // namespace ovos::audio
