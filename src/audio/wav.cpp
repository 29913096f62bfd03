#include "audio/wav.h"

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "audio/g711.h"
#include "audio/posix_file.h"
#include "core/ids.h"

namespace ovos::audio {
namespace {

constexpr std::uint16_t kTagPcm = 1;
constexpr std::uint16_t kTagFloat = 3;
constexpr std::uint16_t kTagAlaw = 6;
constexpr std::uint16_t kTagMulaw = 7;
constexpr std::uint16_t kTagExtensible = 0xFFFE;
constexpr std::uint32_t kStreamingSize = 0xFFFFFFFF;
constexpr int kMaxSampleRate = 768000;
// Bytes 2..15 of every KSDATAFORMAT_SUBTYPE_* GUID built from a format tag.
constexpr std::array<std::uint8_t, 14> kGuidTail = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                                                    0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};

using Bytes = std::span<const std::uint8_t>;

// Callers check bounds before every read.
std::uint16_t u16_at(Bytes b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}

std::uint32_t u32_at(Bytes b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at]) | (static_cast<std::uint32_t>(b[at + 1]) << 8) |
         (static_cast<std::uint32_t>(b[at + 2]) << 16) |
         (static_cast<std::uint32_t>(b[at + 3]) << 24);
}

bool id_at(Bytes b, std::size_t at, std::string_view id) {
  return b.size() >= at + 4 && std::memcmp(b.data() + at, id.data(), 4) == 0;
}

core::Error malformed(const std::string& what) {
  return core::Error::invalid("malformed WAV: " + what);
}

core::Error unsupported(const std::string& what) {
  return {core::ErrorCode::kUnsupportedMediaType, "unsupported WAV: " + what, {}};
}

struct Format {
  std::uint16_t tag = 0;
  int channels = 0;
  int sample_rate = 0;
  int block_align = 0;
  int bits = 0;
  WavEncoding encoding = WavEncoding::kPcm16;
};

// The format tag of WAVE_FORMAT_EXTENSIBLE's subformat GUID; `body` is at least 40 bytes.
core::Result<std::uint16_t> extensible_subformat(Bytes body) {
  if (u16_at(body, 16) < 22) return malformed("extensible fmt chunk with cbSize below 22");
  if (!std::equal(kGuidTail.begin(), kGuidTail.end(), body.begin() + 26)) {
    return unsupported("extensible subformat GUID is not a standard format tag");
  }
  return u16_at(body, 24);
}

core::Result<WavEncoding> encoding_of(std::uint16_t tag, int bits) {
  switch (tag) {
    case kTagPcm:
      if (bits == 8) return WavEncoding::kPcm8;
      if (bits == 16) return WavEncoding::kPcm16;
      if (bits == 24) return WavEncoding::kPcm24;
      if (bits == 32) return WavEncoding::kPcm32;
      return unsupported("PCM with " + std::to_string(bits) + " bits per sample");
    case kTagFloat:
      if (bits == 32) return WavEncoding::kFloat32;
      return unsupported("float with " + std::to_string(bits) + " bits per sample");
    case kTagMulaw:
    case kTagAlaw:
      if (bits == 8) return tag == kTagMulaw ? WavEncoding::kMulaw : WavEncoding::kAlaw;
      return unsupported("G.711 with " + std::to_string(bits) + " bits per sample");
    default:
      return unsupported("format tag " + std::to_string(tag) +
                         " (supported: PCM, float, mu-law, A-law)");
  }
}

// Parses and checks a fmt chunk body (exactly the bytes the chunk declares).
core::Result<Format> parse_fmt(Bytes body) {
  if (body.size() < 16) {
    return malformed("fmt chunk is " + std::to_string(body.size()) + " bytes, needs 16");
  }
  Format f;
  f.tag = u16_at(body, 0);
  const std::uint16_t channels = u16_at(body, 2);
  const std::uint32_t rate = u32_at(body, 4);
  f.block_align = u16_at(body, 12);
  f.bits = u16_at(body, 14);
  if (channels == 0) return malformed("zero channels");
  if (rate == 0) return malformed("zero sample rate");
  if (rate > kMaxSampleRate) return malformed("sample rate " + std::to_string(rate) + " Hz");
  if (channels > 2) {
    return unsupported(std::to_string(channels) + " channels (mono and stereo only)");
  }
  f.channels = channels;
  f.sample_rate = static_cast<int>(rate);
  if (f.tag == kTagExtensible) {
    if (body.size() < 40) {
      return malformed("extensible fmt chunk is " + std::to_string(body.size()) +
                       " bytes, needs 40");
    }
    OVOS_ASSIGN_OR_RETURN(f.tag, extensible_subformat(body));
  }
  OVOS_ASSIGN_OR_RETURN(f.encoding, encoding_of(f.tag, f.bits));
  const int expected_align = f.channels * (f.bits / 8);
  if (f.block_align != expected_align) {
    return malformed("block align " + std::to_string(f.block_align) + " instead of " +
                     std::to_string(expected_align) + " for " + std::to_string(f.channels) +
                     " channel(s) of " + std::to_string(f.bits) + " bits");
  }
  return f;
}

Sample decode_one(Bytes s, WavEncoding encoding) {
  switch (encoding) {
    case WavEncoding::kPcm8:
      return static_cast<Sample>((s[0] - 128) * 256);
    case WavEncoding::kPcm16:
      return static_cast<Sample>(u16_at(s, 0));
    case WavEncoding::kPcm24:
      return static_cast<Sample>(u16_at(s, 1));
    case WavEncoding::kPcm32:
      return static_cast<Sample>(u16_at(s, 2));
    case WavEncoding::kFloat32:
      return float_to_sample(std::bit_cast<float>(u32_at(s, 0)));
    case WavEncoding::kMulaw:
      return mulaw_to_linear(s[0]);
    case WavEncoding::kAlaw:
      return alaw_to_linear(s[0]);
  }
  return 0;
}

// Converts the whole frames of `data` to 16-bit samples.
std::vector<Sample> decode_samples(Bytes data, const Format& f) {
  const auto width = static_cast<std::size_t>(f.bits / 8);
  const std::size_t frame_bytes = width * static_cast<std::size_t>(f.channels);
  const std::size_t count = data.size() / frame_bytes * static_cast<std::size_t>(f.channels);
  std::vector<Sample> samples(count);
  for (std::size_t i = 0; i < count; ++i)
    samples[i] = decode_one(data.subspan(i * width, width), f.encoding);
  return samples;
}

// Where the first fmt and data chunks are. Offsets are of the chunk bodies; sizes as declared.
struct ChunkMap {
  std::optional<std::size_t> fmt_at;
  std::uint32_t fmt_size = 0;
  std::optional<std::size_t> data_at;
  std::uint32_t data_size = 0;
};

// Four printable ASCII bytes at `at`: what a chunk id looks like.
bool looks_like_id(Bytes b, std::uint64_t at) {
  if (at > b.size() || b.size() - at < 4) return false;
  for (std::size_t i = 0; i < 4; ++i) {
    const std::uint8_t c = b[static_cast<std::size_t>(at) + i];
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

// Walks the chunk list after "RIFF....WAVE" until the bytes run out or a chunk runs past them.
// Odd-sized chunks are followed by a pad byte; writers that forget it are recognised by the
// next id starting one byte early.
ChunkMap map_chunks(Bytes bytes) {
  ChunkMap map;
  std::uint64_t pos = 12;
  while (bytes.size() - pos >= 8) {
    const auto at = static_cast<std::size_t>(pos);
    const std::uint32_t size = u32_at(bytes, at + 4);
    if (id_at(bytes, at, "fmt ") && !map.fmt_at) {
      map.fmt_at = at + 8;
      map.fmt_size = size;
    } else if (id_at(bytes, at, "data") && !map.data_at) {
      map.data_at = at + 8;
      map.data_size = size;
    }
    pos += 8 + static_cast<std::uint64_t>(size);
    if ((size & 1U) != 0 && !(looks_like_id(bytes, pos) && !looks_like_id(bytes, pos + 1))) ++pos;
    if (pos > bytes.size()) break;
  }
  return map;
}

}  // namespace

core::Result<WavData> read_wav(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 12) return malformed("too short for a RIFF header");
  if (id_at(bytes, 0, "RIFX")) return unsupported("big-endian RIFX");
  if (id_at(bytes, 0, "RF64")) return unsupported("RF64");
  if (!id_at(bytes, 0, "RIFF")) return malformed("no RIFF header");
  if (!id_at(bytes, 8, "WAVE")) return malformed("RIFF form is not WAVE");
  const ChunkMap map = map_chunks(bytes);
  if (!map.fmt_at) return malformed("no fmt chunk");
  if (map.fmt_size > bytes.size() - *map.fmt_at) return malformed("fmt chunk runs past the end");
  if (!map.data_at) return malformed("no data chunk");
  if (*map.data_at < *map.fmt_at) return malformed("data chunk before fmt chunk");
  OVOS_ASSIGN_OR_RETURN(const Format format, parse_fmt(bytes.subspan(*map.fmt_at, map.fmt_size)));

  const std::size_t available = bytes.size() - *map.data_at;
  WavData wav;
  wav.sample_rate = format.sample_rate;
  wav.channels = format.channels;
  wav.encoding = format.encoding;
  // Writers that cannot seek back leave the size at 0xFFFFFFFF or at 0; a 0 followed by bytes
  // that are not another chunk is taken to mean the same.
  const bool to_end = map.data_size == kStreamingSize ||
                      (map.data_size == 0 && available > 0 && !looks_like_id(bytes, *map.data_at));
  wav.truncated = !to_end && map.data_size > available;
  const std::size_t data_bytes =
      to_end ? available : std::min<std::size_t>(map.data_size, available);
  wav.samples = decode_samples(bytes.subspan(*map.data_at, data_bytes), format);
  return wav;
}

core::Result<WavData> read_wav_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
  OVOS_ASSIGN_OR_RETURN(const auto bytes, PosixFile::read_all(path, max_bytes));
  return read_wav(bytes);
}

std::array<std::uint8_t, kWavHeaderSize> wav_header(int sample_rate, int channels,
                                                    std::uint64_t data_bytes) {
  assert(channels == 1 || channels == 2);
  const auto block_align = static_cast<std::uint32_t>(std::max(channels, 1) * 2);
  const auto data = static_cast<std::uint32_t>(std::min(data_bytes, kWavMaxDataBytes));
  std::array<std::uint8_t, kWavHeaderSize> h{};
  std::size_t at = 0;
  const auto put_id = [&](std::string_view id) {
    std::memcpy(h.data() + at, id.data(), 4);
    at += 4;
  };
  const auto put_u32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
      h[at++] = static_cast<std::uint8_t>(v >> (8 * i));
  };
  const auto put_u16 = [&](std::uint32_t v) {
    h[at++] = static_cast<std::uint8_t>(v);
    h[at++] = static_cast<std::uint8_t>(v >> 8);
  };
  put_id("RIFF");
  put_u32(36 + data);
  put_id("WAVE");
  put_id("fmt ");
  put_u32(16);
  put_u16(kTagPcm);
  put_u16(static_cast<std::uint32_t>(channels));
  put_u32(static_cast<std::uint32_t>(sample_rate));
  put_u32(static_cast<std::uint32_t>(sample_rate) * block_align);
  put_u16(block_align);
  put_u16(16);
  put_id("data");
  put_u32(data);
  return h;
}

std::vector<std::uint8_t> write_wav(std::span<const Sample> samples, int sample_rate,
                                    int channels) {
  const auto header = wav_header(sample_rate, channels, samples.size() * 2);
  std::vector<std::uint8_t> out(header.begin(), header.end());
  const auto pcm = pcm16_to_bytes(samples);
  out.insert(out.end(), pcm.begin(), pcm.end());
  return out;
}

core::Result<void> write_wav_file(const std::filesystem::path& path,
                                  std::span<const Sample> samples, int sample_rate, int channels) {
  if (channels != 1 && channels != 2) return core::Error::invalid("WAV channels must be 1 or 2");
  if (sample_rate <= 0) return core::Error::invalid("WAV sample rate must be positive");
  std::array<std::uint8_t, 8> suffix{};
  core::random_bytes(suffix);
  std::filesystem::path tmp = path;
  tmp += ".tmp-" + core::to_hex(suffix);
  OVOS_ASSIGN_OR_RETURN(auto file, PosixFile::create(tmp, /*exclusive=*/true));
  const auto bytes = write_wav(samples, sample_rate, channels);
  core::Result<void> done = file.write_at(bytes, 0);
  if (done.ok()) done = file.sync();
  if (done.ok()) done = file.close();
  if (done.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    done = core::Error::unavailable("cannot rename " + tmp.string() + " to " + path.string() +
                                    ": " + errno_text(errno));
  }
  if (!done.ok()) ::unlink(tmp.c_str());
  return done;
}

}  // namespace ovos::audio
