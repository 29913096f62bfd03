#pragma once

// The HTTP client timeouts every text-to-speech vendor's REST API gets by default.

#include <chrono>

#include "net/http_client.h"

namespace ovos::providers::speech {

/// Connect within 5 s; the first byte of audio and each later chunk within 15 s (a long
/// sentence takes the vendor a while before it answers).
[[nodiscard]] inline net::HttpClientOptions voice_http_options() {
  net::HttpClientOptions options;
  options.connect_timeout = std::chrono::milliseconds(5000);
  options.first_byte_timeout = std::chrono::milliseconds(15000);
  options.idle_timeout = std::chrono::milliseconds(15000);
  return options;
}

}  // namespace ovos::providers::speech
