#include "audio/wav.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "audio/g711.h"
#include "unit/audio/signals.h"
#include "unit/audio/temp_dir.h"

namespace ovos::audio {
namespace {

using Bytes = std::vector<std::uint8_t>;

void put_u16(Bytes& b, std::uint32_t v) {
  b.push_back(static_cast<std::uint8_t>(v));
  b.push_back(static_cast<std::uint8_t>(v >> 8));
}

void put_u32(Bytes& b, std::uint32_t v) {
  put_u16(b, v & 0xFFFF);
  put_u16(b, v >> 16);
}

void put_id(Bytes& b, std::string_view id) {
  b.insert(b.end(), id.begin(), id.end());
}

// The body of a plain fmt chunk; block align and byte rate derived unless given.
Bytes fmt_body(std::uint16_t tag, int channels, std::uint32_t rate, int bits,
               std::optional<int> block_align = std::nullopt) {
  Bytes b;
  const int align = block_align.value_or(channels * bits / 8);
  put_u16(b, tag);
  put_u16(b, static_cast<std::uint32_t>(channels));
  put_u32(b, rate);
  put_u32(b, rate * static_cast<std::uint32_t>(align));
  put_u16(b, static_cast<std::uint32_t>(align));
  put_u16(b, static_cast<std::uint32_t>(bits));
  return b;
}

// WAVE_FORMAT_EXTENSIBLE fmt body with `subformat` as the first two bytes of the GUID.
Bytes extensible_body(std::uint16_t subformat, int channels, std::uint32_t rate, int bits,
                      bool standard_guid = true) {
  Bytes b = fmt_body(0xFFFE, channels, rate, bits);
  put_u16(b, 22);  // cbSize
  put_u16(b, static_cast<std::uint32_t>(bits));
  put_u32(b, channels == 2 ? 3 : 4);  // channel mask: FL|FR, or FC
  put_u16(b, subformat);
  const Bytes tail = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                      0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};
  b.insert(b.end(), tail.begin(), tail.end());
  if (!standard_guid) b.back() ^= 0xFF;
  return b;
}

// Builds RIFF files chunk by chunk; the RIFF size is filled in by build().
class WavBuilder {
 public:
  explicit WavBuilder(std::string_view riff = "RIFF", std::string_view form = "WAVE") {
    put_id(bytes_, riff);
    put_u32(bytes_, 0);
    put_id(bytes_, form);
  }
  /// A chunk with `body`; its size field says `declared` if given. Odd bodies get a pad byte.
  WavBuilder& chunk(std::string_view id, const Bytes& body,
                    std::optional<std::uint32_t> declared = std::nullopt) {
    put_id(bytes_, id);
    put_u32(bytes_, declared.value_or(static_cast<std::uint32_t>(body.size())));
    bytes_.insert(bytes_.end(), body.begin(), body.end());
    if (body.size() % 2 == 1 && !declared) bytes_.push_back(0);
    return *this;
  }
  WavBuilder& pcm16_fmt(int channels = 1, std::uint32_t rate = 16000) {
    return chunk("fmt ", fmt_body(1, channels, rate, 16));
  }
  [[nodiscard]] Bytes build() const {
    Bytes out = bytes_;
    const auto riff_size = static_cast<std::uint32_t>(out.size() - 8);
    std::memcpy(out.data() + 4, &riff_size, 4);  // little-endian host
    return out;
  }

 private:
  Bytes bytes_;
};

Bytes le16(std::initializer_list<int> samples) {
  Bytes b;
  for (const int s : samples)
    put_u16(b, static_cast<std::uint16_t>(s));
  return b;
}

// Expects `bytes` to be refused with `code` and a message containing `needle`.
void expect_error(const Bytes& bytes, core::ErrorCode code, std::string_view needle) {
  const auto wav = read_wav(bytes);
  ASSERT_FALSE(wav.ok()) << needle;
  EXPECT_EQ(wav.error().code, code) << wav.error().message;
  EXPECT_NE(wav.error().message.find(needle), std::string::npos)
      << "message: " << wav.error().message << "\nexpected to contain: " << needle;
}

TEST(Wav, WritesTheCanonicalHeader) {
  const auto bytes = write_wav(std::vector<Sample>{1, -2}, 8000);
  const Bytes expected = {'R',  'I',  'F', 'F', 40,   0,    0, 0, 'W', 'A', 'V',  'E',
                          'f',  'm',  't', ' ', 16,   0,    0, 0, 1,   0,   1,    0,
                          0x40, 0x1F, 0,   0,   0x80, 0x3E, 0, 0, 2,   0,   16,   0,
                          'd',  'a',  't', 'a', 4,    0,    0, 0, 1,   0,   0xFE, 0xFF};
  EXPECT_EQ(bytes, expected);
}

TEST(Wav, RoundTripsMonoAndStereo) {
  const auto mono = testing::white_noise(1001, -12.0);
  auto wav = read_wav(write_wav(mono, 8000));
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_EQ(wav->sample_rate, 8000);
  EXPECT_EQ(wav->channels, 1);
  EXPECT_EQ(wav->encoding, WavEncoding::kPcm16);
  EXPECT_FALSE(wav->truncated);
  EXPECT_EQ(wav->samples, mono);

  const std::vector<Sample> stereo = {100, 300, -100, -300, 32767, 32767};
  wav = read_wav(write_wav(stereo, 48000, 2));
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_EQ(wav->channels, 2);
  EXPECT_EQ(wav->frames(), 3U);
  EXPECT_EQ(wav->samples, stereo);
  EXPECT_EQ(wav->mono(), (std::vector<Sample>{200, -200, 32767}));
}

TEST(Wav, SkipsUnknownChunksInAnyOrderWithOddPadding) {
  const Bytes list = {'I', 'N', 'F', 'O', 'I', 'S', 'F', 'T', 3, 0, 0, 0, 'x', 'y', 0};
  const auto bytes = WavBuilder()
                         .chunk("LIST", list)            // before fmt
                         .chunk("junk", Bytes{1, 2, 3})  // odd: pad byte follows
                         .pcm16_fmt()
                         .chunk("fact", Bytes{7})  // odd again, between fmt and data
                         .chunk("data", le16({5, -5, 1234}))
                         .chunk("LIST", list)  // after data
                         .build();
  const auto wav = read_wav(bytes);
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_EQ(wav->samples, (std::vector<Sample>{5, -5, 1234}));
}

TEST(Wav, ReadsExtensiblePcm) {
  const auto bytes = WavBuilder()
                         .chunk("fmt ", extensible_body(1, 2, 44100, 16))
                         .chunk("data", le16({1, 2, 3, 4}))
                         .build();
  const auto wav = read_wav(bytes);
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_EQ(wav->sample_rate, 44100);
  EXPECT_EQ(wav->channels, 2);
  EXPECT_EQ(wav->samples, (std::vector<Sample>{1, 2, 3, 4}));
}

TEST(Wav, ConvertsEightBitAndCompandedFormats) {
  auto wav = read_wav(WavBuilder()
                          .chunk("fmt ", fmt_body(1, 1, 8000, 8))
                          .chunk("data", Bytes{0, 128, 255})
                          .build());
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_EQ(wav->encoding, WavEncoding::kPcm8);
  EXPECT_EQ(wav->samples, (std::vector<Sample>{-32768, 0, 32512}));

  const Bytes codes = {0x00, 0x7F, 0x80, 0xFF, 0x2A, 0xD5};
  wav = read_wav(WavBuilder().chunk("fmt ", fmt_body(7, 1, 8000, 8)).chunk("data", codes).build());
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_EQ(wav->encoding, WavEncoding::kMulaw);
  EXPECT_EQ(wav->samples, decode_mulaw(codes));

  wav = read_wav(WavBuilder().chunk("fmt ", fmt_body(6, 1, 8000, 8)).chunk("data", codes).build());
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_EQ(wav->encoding, WavEncoding::kAlaw);
  EXPECT_EQ(wav->samples, decode_alaw(codes));

  wav = read_wav(
      WavBuilder().chunk("fmt ", extensible_body(7, 1, 8000, 8)).chunk("data", codes).build());
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_EQ(wav->samples, decode_mulaw(codes));
}

TEST(Wav, ConvertsWideAndFloatFormats) {
  const Bytes pcm24 = {0x00, 0x34, 0x12, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x80};
  auto wav =
      read_wav(WavBuilder().chunk("fmt ", fmt_body(1, 1, 16000, 24)).chunk("data", pcm24).build());
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_EQ(wav->samples, (std::vector<Sample>{0x1234, -1, -32768}));

  const Bytes pcm32 = {0x00, 0x00, 0x34, 0x12, 0xFF, 0xFF, 0xFF, 0x7F};
  wav =
      read_wav(WavBuilder().chunk("fmt ", fmt_body(1, 1, 16000, 32)).chunk("data", pcm32).build());
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_EQ(wav->samples, (std::vector<Sample>{0x1234, 32767}));

  Bytes floats;
  for (const float f : {0.5F, -1.0F, 3.0F, std::numeric_limits<float>::quiet_NaN()}) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &f, 4);
    put_u32(floats, bits);
  }
  wav =
      read_wav(WavBuilder().chunk("fmt ", fmt_body(3, 1, 16000, 32)).chunk("data", floats).build());
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_EQ(wav->encoding, WavEncoding::kFloat32);
  EXPECT_EQ(wav->samples, (std::vector<Sample>{16384, -32768, 32767, 0}));
}

TEST(Wav, TruncatedDataKeepsWhatIsThere) {
  // Declares 1000 bytes, holds 11: five whole samples, the odd byte dropped.
  auto bytes =
      WavBuilder().pcm16_fmt().chunk("data", Bytes{1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6}, 1000).build();
  auto wav = read_wav(bytes);
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_TRUE(wav->truncated);
  EXPECT_EQ(wav->samples, (std::vector<Sample>{1, 2, 3, 4, 5}));

  // A stereo file cut inside a frame loses the half frame.
  bytes = WavBuilder().pcm16_fmt(2).chunk("data", le16({1, 2, 3}), 64).build();
  wav = read_wav(bytes);
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_EQ(wav->samples, (std::vector<Sample>{1, 2}));
}

TEST(Wav, StreamingSizeReadsToTheEnd) {
  const auto bytes = WavBuilder().pcm16_fmt().chunk("data", le16({7, 8, 9}), 0xFFFFFFFF).build();
  const auto wav = read_wav(bytes);
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_FALSE(wav->truncated);
  EXPECT_EQ(wav->samples, (std::vector<Sample>{7, 8, 9}));
}

TEST(Wav, ZeroSizeFollowedByAudioReadsToTheEnd) {
  // What a writer that could not seek back leaves: the data size still 0.
  const auto bytes = WavBuilder().pcm16_fmt().chunk("data", le16({-1, -2, 3}), 0).build();
  const auto wav = read_wav(bytes);
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_EQ(wav->samples, (std::vector<Sample>{-1, -2, 3}));
  // A real empty data chunk followed by another chunk stays empty.
  const auto empty = read_wav(
      WavBuilder().pcm16_fmt().chunk("data", {}).chunk("LIST", Bytes{'I', 'N', 'F', 'O'}).build());
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_TRUE(empty->samples.empty());
}

TEST(Wav, ToleratesAMissingPadByte) {
  Bytes bytes = WavBuilder().pcm16_fmt().build();
  put_id(bytes, "junk");
  put_u32(bytes, 3);
  bytes.insert(bytes.end(), {9, 9, 9});  // no pad byte
  put_id(bytes, "data");
  put_u32(bytes, 4);
  const Bytes pcm = le16({11, 12});
  bytes.insert(bytes.end(), pcm.begin(), pcm.end());
  const auto wav = read_wav(bytes);
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_EQ(wav->samples, (std::vector<Sample>{11, 12}));
}

TEST(Wav, EmptyDataIsAnEmptyRecording) {
  const auto wav = read_wav(write_wav({}, 16000));
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_TRUE(wav->samples.empty());
  EXPECT_EQ(wav->frames(), 0U);
}

TEST(Wav, RefusesBrokenContainers) {
  using core::ErrorCode;
  const auto data = le16({1, 2});
  expect_error({}, ErrorCode::kInvalidArgument, "too short");
  expect_error(Bytes(11, 'R'), ErrorCode::kInvalidArgument, "too short");
  expect_error(WavBuilder("JUNK").pcm16_fmt().chunk("data", data).build(),
               ErrorCode::kInvalidArgument, "no RIFF header");
  expect_error(WavBuilder("RIFX").pcm16_fmt().chunk("data", data).build(),
               ErrorCode::kUnsupportedMediaType, "RIFX");
  expect_error(WavBuilder("RIFF", "AVI ").pcm16_fmt().chunk("data", data).build(),
               ErrorCode::kInvalidArgument, "not WAVE");
  expect_error(WavBuilder().chunk("data", data).build(), ErrorCode::kInvalidArgument,
               "no fmt chunk");
  expect_error(WavBuilder().chunk("data", data).pcm16_fmt().build(), ErrorCode::kInvalidArgument,
               "data chunk before fmt chunk");
  expect_error(WavBuilder().pcm16_fmt().build(), ErrorCode::kInvalidArgument, "no data chunk");
  expect_error(WavBuilder().pcm16_fmt().chunk("LIST", Bytes(8, 0), 0xFFFFFFF0).build(),
               ErrorCode::kInvalidArgument, "no data chunk");  // a chunk claims the world
  expect_error(WavBuilder().chunk("fmt ", fmt_body(1, 1, 8000, 16), 0xFFFFFFF0).build(),
               ErrorCode::kInvalidArgument, "fmt chunk runs past the end");
  Bytes short_fmt = fmt_body(1, 1, 8000, 16);
  short_fmt.resize(14);
  expect_error(WavBuilder().chunk("fmt ", short_fmt).chunk("data", data).build(),
               ErrorCode::kInvalidArgument, "needs 16");
}

TEST(Wav, RefusesBadFormats) {
  using core::ErrorCode;
  const auto data = le16({1, 2, 3, 4, 5, 6});
  const auto with_fmt = [&](const Bytes& fmt) {
    return WavBuilder().chunk("fmt ", fmt).chunk("data", data).build();
  };
  expect_error(with_fmt(fmt_body(1, 0, 8000, 16)), ErrorCode::kInvalidArgument, "zero channels");
  expect_error(with_fmt(fmt_body(1, 1, 0, 16)), ErrorCode::kInvalidArgument, "zero sample rate");
  expect_error(with_fmt(fmt_body(1, 1, 0xFFFFFFFF, 16)), ErrorCode::kInvalidArgument,
               "sample rate 4294967295");
  expect_error(with_fmt(fmt_body(1, 1, 8000, 16, 4)), ErrorCode::kInvalidArgument,
               "block align 4 instead of 2");
  expect_error(with_fmt(fmt_body(1, 2, 8000, 16, 2)), ErrorCode::kInvalidArgument,
               "block align 2 instead of 4");
  expect_error(with_fmt(fmt_body(1, 3, 8000, 16)), ErrorCode::kUnsupportedMediaType, "3 channels");
  expect_error(with_fmt(fmt_body(0x55, 1, 8000, 16)), ErrorCode::kUnsupportedMediaType,
               "format tag 85");
  expect_error(with_fmt(fmt_body(1, 1, 8000, 12)), ErrorCode::kUnsupportedMediaType,
               "PCM with 12 bits");
  expect_error(with_fmt(fmt_body(7, 1, 8000, 16)), ErrorCode::kUnsupportedMediaType,
               "G.711 with 16 bits");
  expect_error(with_fmt(fmt_body(3, 1, 8000, 64)), ErrorCode::kUnsupportedMediaType,
               "float with 64 bits");
  expect_error(with_fmt(extensible_body(1, 1, 8000, 16, /*standard_guid=*/false)),
               ErrorCode::kUnsupportedMediaType, "GUID");
  expect_error(with_fmt(extensible_body(2, 1, 8000, 16)), ErrorCode::kUnsupportedMediaType,
               "format tag 2");
  Bytes short_ext = extensible_body(1, 1, 8000, 16);
  short_ext.resize(24);
  expect_error(with_fmt(short_ext), ErrorCode::kInvalidArgument, "needs 40");
}

TEST(Wav, EveryPrefixAndRandomCorruptionIsSafe) {
  const Bytes list = {'I', 'N', 'F', 'O', 'a', 'b', 'c'};
  const auto good = WavBuilder()
                        .chunk("LIST", list)
                        .chunk("fmt ", extensible_body(1, 2, 16000, 16))
                        .chunk("data", le16({1, 2, 3, 4, 5, 6, 7, 8}))
                        .build();
  ASSERT_TRUE(read_wav(good).ok());
  for (std::size_t n = 0; n <= good.size(); ++n) {
    // Copied into an exact-size heap buffer so ASan sees any read past the end.
    const Bytes prefix(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
    const auto wav = read_wav(prefix);
    if (wav.ok()) {
      EXPECT_LE(wav->samples.size(), 8U);
    }
  }
  std::mt19937 rng(1234);
  for (int i = 0; i < 20000; ++i) {
    Bytes mutated = good;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f)
      mutated[rng() % mutated.size()] = static_cast<std::uint8_t>(rng());
    mutated.resize(rng() % (mutated.size() + 1));
    const auto wav = read_wav(mutated);
    if (wav.ok()) {
      EXPECT_LE(wav->samples.size(), mutated.size());
      EXPECT_TRUE(wav->channels == 1 || wav->channels == 2);
    }
  }
}

TEST(Wav, FilesRoundTripAndWritesAreAtomic) {
  const testing::TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const auto path = dir / "a.wav";
  const auto samples = testing::sine(440, 16000, 16000, 5000);
  ASSERT_TRUE(write_wav_file(path, samples, 16000).ok());
  const auto wav = read_wav_file(path);
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_EQ(wav->samples, samples);
  // Overwrite: the new content replaces the old, and no temporary file is left behind.
  ASSERT_TRUE(write_wav_file(path, std::vector<Sample>{1, 2, 3}, 8000).ok());
  EXPECT_EQ(read_wav_file(path)->samples, (std::vector<Sample>{1, 2, 3}));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path()))
    ++files;
  EXPECT_EQ(files, 1U);
}

TEST(Wav, FileErrorsAreReported) {
  const testing::TempDir dir;
  const auto missing = read_wav_file(dir / "missing.wav");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  ASSERT_TRUE(write_wav_file(dir / "b.wav", std::vector<Sample>(100, 1), 8000).ok());
  const auto big = read_wav_file(dir / "b.wav", 100);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, core::ErrorCode::kTooLarge);
  const auto not_file = read_wav_file(dir.path());
  EXPECT_FALSE(not_file.ok());
  const auto no_dir = write_wav_file(dir / "nope" / "c.wav", std::vector<Sample>{1}, 8000);
  ASSERT_FALSE(no_dir.ok());
  EXPECT_EQ(no_dir.error().code, core::ErrorCode::kNotFound);
  EXPECT_FALSE(write_wav_file(dir / "d.wav", std::vector<Sample>{1}, 8000, 3).ok());
  EXPECT_FALSE(write_wav_file(dir / "d.wav", std::vector<Sample>{1}, 0).ok());
}

}  // namespace
}  // namespace ovos::audio
