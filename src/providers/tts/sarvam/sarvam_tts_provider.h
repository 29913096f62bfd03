#pragma once

// Sarvam text-to-speech over its REST API, one request per piece of text.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/tts.h"

namespace ovos::providers::sarvam {

/// What a SarvamTtsProvider is built from; plain data.
struct SarvamTtsConfig {
  std::string default_base_url = "https://api.sarvam.ai";  // when the key has no base_url
  net::HttpClientOptions http = [] {
    net::HttpClientOptions options;
    options.connect_timeout = std::chrono::milliseconds(5000);
    options.first_byte_timeout = std::chrono::milliseconds(15000);
    options.idle_timeout = std::chrono::milliseconds(15000);
    return options;
  }();
  net::RetryPolicy::Options retry{};
};

/// Speaks each context with one POST {base}/text-to-speech (speech::HttpTtsStream, the answer
/// read whole and its base64 WAV decoded) on the shared vendor I/O loop: the agent's `model`
/// (default bulbul:v2), `voice_id` (else `voice`, else the model's default speaker) as the
/// speaker, the language as Sarvam's code (hi-IN...), the call's rate when Sarvam has it (else
/// 24 kHz, converted), and the call's stored `api_key` in the api-subscription-key header
/// (optional `base_url`). A missing key fails open_stream with kUnauthenticated. Thread-safe;
/// the loop must outlive it and its streams.
class SarvamTtsProvider final : public TtsProvider {
 public:
  explicit SarvamTtsProvider(net::EventLoop& loop, SarvamTtsConfig config = {});

  [[nodiscard]] std::string_view name() const override { return "sarvam"; }
  [[nodiscard]] std::string_view config_schema() const override;
  [[nodiscard]] std::vector<std::string_view> capabilities() const override { return {"cancel"}; }
  [[nodiscard]] core::Result<std::unique_ptr<TtsStream>> open_stream(
      const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) override;

 private:
  net::EventLoop& loop_;
  const SarvamTtsConfig config_;
  const std::shared_ptr<net::HttpClient> client_;
};

}  // namespace ovos::providers::sarvam
