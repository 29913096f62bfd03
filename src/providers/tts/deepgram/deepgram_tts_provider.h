#pragma once

// Deepgram Aura text-to-speech over its REST API, audio streamed as it is synthesized.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/speech/voice_http_options.h"
#include "providers/tts.h"

namespace ovos::providers::deepgram {

/// What a DeepgramTtsProvider is built from; plain data.
struct DeepgramTtsConfig {
  std::string default_base_url = "https://api.deepgram.com";  // when the key has no base_url
  std::string default_model = "aura-2-thalia-en";
  net::HttpClientOptions http = speech::voice_http_options();
  net::RetryPolicy::Options retry{};
};

/// Speaks each context with one POST /v1/speak (speech::HttpTtsStream) on the shared vendor
/// I/O loop: model from the agent's `model` (else `voice_id`, else the default), linear16 at
/// the call's rate when Deepgram has it (else the next rate up, converted), the call's stored
/// `api_key` (and optional `base_url`). A missing key fails open_stream with kUnauthenticated.
/// Thread-safe; the loop must outlive it and its streams.
class DeepgramTtsProvider final : public TtsProvider {
 public:
  explicit DeepgramTtsProvider(net::EventLoop& loop, DeepgramTtsConfig config = {});

  [[nodiscard]] std::string_view name() const override { return "deepgram"; }
  [[nodiscard]] std::string_view config_schema() const override;
  [[nodiscard]] std::vector<std::string_view> capabilities() const override {
    return {"streaming", "cancel"};
  }
  [[nodiscard]] core::Result<std::unique_ptr<TtsStream>> open_stream(
      const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) override;

 private:
  net::EventLoop& loop_;
  const DeepgramTtsConfig config_;
  const std::shared_ptr<net::HttpClient> client_;
};

}  // namespace ovos::providers::deepgram
