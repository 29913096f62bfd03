#pragma once

// Helpers of the HTTP text-to-speech tests: PCM bodies a fake vendor streams, and a harness
// that speaks contexts and reads back their events.

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "speech_test_support.h"
#include "support/fake_openai_server.h"

namespace ovos::providers::testing {

/// `count` samples of a ramp, as little-endian bytes.
inline std::string pcm_bytes(std::size_t count, int offset = 0) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    const auto v = static_cast<std::uint16_t>(static_cast<std::int16_t>((offset + i) * 7 - 3000));
    out += static_cast<char>(v & 0xff);
    out += static_cast<char>(v >> 8);
  }
  return out;
}

inline std::vector<std::int16_t> pcm_samples(std::size_t count, int offset = 0) {
  std::vector<std::int16_t> out;
  for (std::size_t i = 0; i < count; ++i)
    out.push_back(static_cast<std::int16_t>((offset + i) * 7 - 3000));
  return out;
}

/// Starts a 200 chunked audio response.
inline void start_audio(FakeConnection& connection, std::string_view type = "audio/l16") {
  connection.write("HTTP/1.1 200 OK\r\nContent-Type: " + std::string(type) +
                   "\r\nTransfer-Encoding: chunked\r\n\r\n");
}
inline void chunk(FakeConnection& connection, std::string_view data) {
  std::ostringstream size;
  size << std::hex << data.size();
  connection.write(size.str() + "\r\n" + std::string(data) + "\r\n");
}
inline void end_audio(FakeConnection& connection) {
  connection.write("0\r\n\r\n");
}

/// Streams `samples` of PCM in chunks of 333 bytes (samples split across chunks).
inline void stream_pcm(FakeConnection& connection, std::size_t samples) {
  start_audio(connection);
  const std::string bytes = pcm_bytes(samples);
  for (std::size_t at = 0; at < bytes.size(); at += 333)
    chunk(connection, std::string_view(bytes).substr(at, 333));
  end_audio(connection);
}

/// The harness of the HTTP synthesizers' tests: TtsHarness with a key in the options.
class HttpTtsHarness : public TtsHarness {
 protected:
  TtsOptions options(int rate = 16000) {
    TtsOptions o;
    o.credentials = {{"api_key", "secret-key"}};
    o.sample_rate = rate;
    return o;
  }
  /// A vendor's config aimed at `server` (plus `path`), with retry_fast backoffs.
  template <typename Config>
  Config config_for(const FakeOpenAiServer& server, std::string_view path = "") {
    Config config;
    config.default_base_url = server.url() + std::string(path);
    retry_fast(config);
    return config;
  }
};

}  // namespace ovos::providers::testing
