#include "audio/g711.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "audio/pcm.h"

namespace ovos::audio {
namespace {

// FNV-1a over little-endian bytes: a compact fingerprint of a whole table.
class Fnv {
 public:
  void add(std::uint8_t byte) {
    hash_ ^= byte;
    hash_ *= 0x100000001b3ULL;
  }
  void add(Sample s) {
    const auto u = static_cast<std::uint16_t>(s);
    add(static_cast<std::uint8_t>(u & 0xFF));
    add(static_cast<std::uint8_t>(u >> 8));
  }
  [[nodiscard]] std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// The fingerprints below are of Python's audioop (ulaw2lin, alaw2lin, lin2ulaw, lin2alaw with
// width 2), the reference C code of Sun Microsystems that most G.711 implementations copy.
constexpr std::uint64_t kMulawDecodeFnv = 0xb91e65d68481a1a8ULL;
constexpr std::uint64_t kAlawDecodeFnv = 0x693a40ca62a3d2a5ULL;
constexpr std::uint64_t kMulawEncodeFnv = 0xd5ee23f7d0ffae91ULL;
constexpr std::uint64_t kAlawEncodeFnv = 0xf030666eb780cf25ULL;

TEST(G711, MulawDecodesKnownCodes) {
  EXPECT_EQ(mulaw_to_linear(0xFF), 0);
  EXPECT_EQ(mulaw_to_linear(0x7F), 0);  // negative zero
  EXPECT_EQ(mulaw_to_linear(0x00), -32124);
  EXPECT_EQ(mulaw_to_linear(0x80), 32124);
  EXPECT_EQ(mulaw_to_linear(0xFE), 8);
  EXPECT_EQ(mulaw_to_linear(0x7E), -8);
  EXPECT_EQ(mulaw_to_linear(0xF0), 120);
  EXPECT_EQ(mulaw_to_linear(0x70), -120);
}

TEST(G711, AlawDecodesKnownCodes) {
  EXPECT_EQ(alaw_to_linear(0xD5), 8);
  EXPECT_EQ(alaw_to_linear(0x55), -8);
  EXPECT_EQ(alaw_to_linear(0xAA), 32256);
  EXPECT_EQ(alaw_to_linear(0x2A), -32256);
  EXPECT_EQ(alaw_to_linear(0xD4), 24);
  EXPECT_EQ(alaw_to_linear(0xC5), 264);
}

TEST(G711, EncodesSilenceAndFullScale) {
  EXPECT_EQ(linear_to_mulaw(0), 0xFF);
  EXPECT_EQ(linear_to_mulaw(32767), 0x80);
  EXPECT_EQ(linear_to_mulaw(-32767), 0x00);
  EXPECT_EQ(linear_to_mulaw(-32768), 0x00);
  EXPECT_EQ(linear_to_alaw(0), 0xD5);
  EXPECT_EQ(linear_to_alaw(32767), 0xAA);
  EXPECT_EQ(linear_to_alaw(-32767), 0x2A);
  EXPECT_EQ(linear_to_alaw(-32768), 0x2A);
  EXPECT_EQ(linear_to_mulaw(1000), 0xCE);
  EXPECT_EQ(linear_to_mulaw(-1000), 0x4E);
  EXPECT_EQ(linear_to_alaw(1000), 0xFA);
  EXPECT_EQ(linear_to_alaw(-1000), 0x7A);
}

TEST(G711, DecodeTablesMatchReference) {
  Fnv mu;
  Fnv a;
  for (int code = 0; code < 256; ++code) {
    mu.add(mulaw_to_linear(static_cast<std::uint8_t>(code)));
    a.add(alaw_to_linear(static_cast<std::uint8_t>(code)));
  }
  EXPECT_EQ(mu.value(), kMulawDecodeFnv);
  EXPECT_EQ(a.value(), kAlawDecodeFnv);
}

TEST(G711, EncodersMatchReferenceOverWholeRange) {
  Fnv mu;
  Fnv a;
  for (int v = -32768; v <= 32767; ++v) {
    mu.add(linear_to_mulaw(static_cast<Sample>(v)));
    a.add(linear_to_alaw(static_cast<Sample>(v)));
  }
  EXPECT_EQ(mu.value(), kMulawEncodeFnv);
  EXPECT_EQ(a.value(), kAlawEncodeFnv);
}

TEST(G711, RoundTripErrorIsBoundedAndMonotonic) {
  int previous_mu = -32768;
  int previous_a = -32768;
  for (int v = -32768; v <= 32767; ++v) {
    const auto s = static_cast<Sample>(v);
    const int mu = mulaw_to_linear(linear_to_mulaw(s));
    const int a = alaw_to_linear(linear_to_alaw(s));
    // Both laws keep a relative precision of about 1/16, with a small absolute floor.
    ASSERT_LE(std::abs(mu - v), std::abs(v) / 16.0 + 8.0) << v;
    ASSERT_LE(std::abs(a - v), std::abs(v) / 16.0 + 8.0) << v;
    ASSERT_GE(mu, previous_mu) << v;
    ASSERT_GE(a, previous_a) << v;
    previous_mu = mu;
    previous_a = a;
  }
}

TEST(G711, CodesSurviveDecodeThenEncode) {
  for (int code = 0; code < 256; ++code) {
    const auto c = static_cast<std::uint8_t>(code);
    EXPECT_EQ(linear_to_alaw(alaw_to_linear(c)), c) << code;
    const std::uint8_t expected_mu = c == 0x7F ? 0xFF : c;  // -0 comes back as +0
    EXPECT_EQ(linear_to_mulaw(mulaw_to_linear(c)), expected_mu) << code;
  }
}

TEST(G711, SpanFunctionsMatchSingleSamples) {
  const std::vector<Sample> pcm = {0, 1, -1, 500, -500, 32767, -32768, 12345};
  const auto mu = encode_mulaw(pcm);
  const auto a = encode_alaw(pcm);
  ASSERT_EQ(mu.size(), pcm.size());
  ASSERT_EQ(a.size(), pcm.size());
  const auto mu_pcm = decode_mulaw(mu);
  const auto a_pcm = decode_alaw(a);
  for (std::size_t i = 0; i < pcm.size(); ++i) {
    EXPECT_EQ(mu[i], linear_to_mulaw(pcm[i]));
    EXPECT_EQ(a[i], linear_to_alaw(pcm[i]));
    EXPECT_EQ(mu_pcm[i], mulaw_to_linear(mu[i]));
    EXPECT_EQ(a_pcm[i], alaw_to_linear(a[i]));
  }
  EXPECT_TRUE(encode_mulaw({}).empty());
  EXPECT_TRUE(decode_alaw({}).empty());
}

}  // namespace
}  // namespace ovos::audio
