#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "audio/pcm.h"
#include "core/result.h"

namespace ovos::audio {

/// How the samples of a WAV file were stored before read_wav() converted them to 16-bit PCM.
enum class WavEncoding {
  kPcm8,     // unsigned 8-bit
  kPcm16,    // signed 16-bit little-endian
  kPcm24,    // signed 24-bit, reduced to its top 16 bits
  kPcm32,    // signed 32-bit, reduced to its top 16 bits
  kFloat32,  // IEEE float in [-1, 1], saturated
  kMulaw,    // G.711 mu-law (format 7)
  kAlaw,     // G.711 A-law (format 6)
};

/// A decoded WAV file: 16-bit samples, interleaved if stereo. Plain data.
struct WavData {
  int sample_rate = 0;
  int channels = 0;  // 1 or 2
  WavEncoding encoding = WavEncoding::kPcm16;
  std::vector<Sample> samples;
  /// The data chunk declared more bytes than the file holds; `samples` has what was there.
  bool truncated = false;

  [[nodiscard]] std::size_t frames() const {
    return channels > 0 ? samples.size() / static_cast<std::size_t>(channels) : 0;
  }
  /// The samples as mono (channels averaged).
  [[nodiscard]] std::vector<Sample> mono() const { return downmix_to_mono(samples, channels); }
};

// WAV (RIFF/WAVE) reading and writing. Stateless free functions; safe from any thread.
//
// read_wav() takes untrusted bytes. It accepts format tags 1 (PCM 8/16/24/32-bit), 3 (float
// 32-bit), 6 (A-law), 7 (mu-law) and 0xFFFE (WAVE_FORMAT_EXTENSIBLE with one of those as its
// subformat), mono or stereo; chunks in any order after the fmt chunk, unknown ones skipped,
// odd sizes padded (a missing pad byte tolerated); a data chunk that claims more than the file
// holds, or 0xFFFFFFFF or 0 as writers that cannot seek leave it, is read to the end of the file.
// Malformed input is kInvalidArgument, a well-formed but unsupported format kUnsupportedMediaType;
// the message names the problem. It never reads outside `bytes`.

/// Size of the canonical header write_wav() and WavWriter produce.
inline constexpr std::size_t kWavHeaderSize = 44;
/// Most sample bytes a canonical header can describe (RIFF size is 32-bit), a multiple of 4.
inline constexpr std::uint64_t kWavMaxDataBytes = 0xFFFFFFD8;

[[nodiscard]] core::Result<WavData> read_wav(std::span<const std::uint8_t> bytes);

/// Reads and decodes a file; files above `max_bytes` are refused (kTooLarge) before reading.
[[nodiscard]] core::Result<WavData> read_wav_file(const std::filesystem::path& path,
                                                  std::uint64_t max_bytes = 1ULL << 30);

/// The canonical 44-byte header of 16-bit PCM with `data_bytes` bytes of samples. Sizes that do
/// not fit the 32-bit fields are clamped to the largest value that does.
[[nodiscard]] std::array<std::uint8_t, kWavHeaderSize> wav_header(int sample_rate, int channels,
                                                                  std::uint64_t data_bytes);

/// A whole 16-bit PCM WAV file in memory. `samples` interleaved if `channels` is 2.
[[nodiscard]] std::vector<std::uint8_t> write_wav(std::span<const Sample> samples, int sample_rate,
                                                  int channels = 1);

/// Writes a 16-bit PCM WAV file atomically: a temporary file next to `path`, flushed to disk,
/// then renamed over it. Readers see the old file or the new one, never a partial one.
[[nodiscard]] core::Result<void> write_wav_file(const std::filesystem::path& path,
                                                std::span<const Sample> samples, int sample_rate,
                                                int channels = 1);

}  // namespace ovos::audio
