#include "audio/g711.h"

#include <array>

namespace ovos::audio {
namespace {

constexpr int kMulawBias = 0x84;  // 132, in 16-bit units
// The encoder works on 14-bit magnitudes, as the reference and Python's audioop do.
constexpr int kMulawBias14 = 0x21;
constexpr int kMulawClip14 = 8159;
constexpr std::uint8_t kAlawXor = 0x55;  // even-bit inversion of A-law codes

constexpr Sample decode_mulaw_code(std::uint8_t code) {
  const int u = ~code & 0xFF;
  const int exponent = (u >> 4) & 0x07;
  const int magnitude = ((((u & 0x0F) << 3) + kMulawBias) << exponent) - kMulawBias;
  return static_cast<Sample>((u & 0x80) != 0 ? -magnitude : magnitude);
}

constexpr Sample decode_alaw_code(std::uint8_t code) {
  const int a = code ^ kAlawXor;
  const int exponent = (a >> 4) & 0x07;
  int magnitude = (a & 0x0F) << 4;
  if (exponent == 0) {
    magnitude += 8;
  } else {
    magnitude = (magnitude + 0x108) << (exponent - 1);
  }
  return static_cast<Sample>((a & 0x80) != 0 ? magnitude : -magnitude);
}

template <Sample (*Decode)(std::uint8_t)>
constexpr std::array<Sample, 256> make_table() {
  std::array<Sample, 256> table{};
  for (int i = 0; i < 256; ++i)
    table[static_cast<std::size_t>(i)] = Decode(static_cast<std::uint8_t>(i));
  return table;
}

constexpr auto kMulawTable = make_table<decode_mulaw_code>();
constexpr auto kAlawTable = make_table<decode_alaw_code>();

// Position of the highest set bit of `value` above bit `floor_bit`: the G.711 segment (0..7;
// 8 means beyond the last segment).
int segment_of(int value, int floor_bit) {
  int segment = 0;
  for (int v = value >> floor_bit; v > 1; v >>= 1)
    ++segment;
  return segment;
}

}  // namespace

std::uint8_t linear_to_mulaw(Sample sample) {
  int value = sample >> 2;  // arithmetic shift: negative values round away from zero
  int sign = 0;
  if (value < 0) {
    value = -value;
    sign = 0x80;
  }
  if (value > kMulawClip14) value = kMulawClip14;
  value += kMulawBias14;  // now in [33, 8192]
  const int exponent = segment_of(value, 5);
  if (exponent > 7) return static_cast<std::uint8_t>(~(sign | 0x7F) & 0xFF);
  const int mantissa = (value >> (exponent + 1)) & 0x0F;
  return static_cast<std::uint8_t>(~(sign | (exponent << 4) | mantissa) & 0xFF);
}

Sample mulaw_to_linear(std::uint8_t code) {
  return kMulawTable[code];
}

std::uint8_t linear_to_alaw(Sample sample) {
  int value = sample >> 3;  // 13-bit magnitude domain of the standard
  int sign = 0x80;
  if (value < 0) {
    value = -value - 1;
    sign = 0;
  }
  // value is in [0, 4095]; segments 0 and 1 share one step size.
  const int exponent = segment_of(value, 4);
  const int mantissa = exponent == 0 ? (value >> 1) & 0x0F : (value >> exponent) & 0x0F;
  return static_cast<std::uint8_t>((sign | (exponent << 4) | mantissa) ^ kAlawXor);
}

Sample alaw_to_linear(std::uint8_t code) {
  return kAlawTable[code];
}

std::vector<std::uint8_t> encode_mulaw(std::span<const Sample> samples) {
  std::vector<std::uint8_t> out(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i)
    out[i] = linear_to_mulaw(samples[i]);
  return out;
}

std::vector<Sample> decode_mulaw(std::span<const std::uint8_t> codes) {
  std::vector<Sample> out(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i)
    out[i] = kMulawTable[codes[i]];
  return out;
}

std::vector<std::uint8_t> encode_alaw(std::span<const Sample> samples) {
  std::vector<std::uint8_t> out(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i)
    out[i] = linear_to_alaw(samples[i]);
  return out;
}

std::vector<Sample> decode_alaw(std::span<const std::uint8_t> codes) {
  std::vector<Sample> out(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i)
    out[i] = kAlawTable[codes[i]];
  return out;
}

}  // namespace ovos::audio
