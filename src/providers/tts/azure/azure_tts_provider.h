#pragma once

// Azure AI Speech text-to-speech over its REST API (SSML in, raw PCM streamed out).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/speech/voice_http_options.h"
#include "providers/tts.h"

namespace ovos::providers::azure {

/// What an AzureTtsProvider is built from; plain data.
struct AzureTtsConfig {
  std::string default_voice = "en-US-AvaMultilingualNeural";
  net::HttpClientOptions http = speech::voice_http_options();
  net::RetryPolicy::Options retry{};
};

/// Speaks each context with one POST {region endpoint}/cognitiveservices/v1
/// (speech::HttpTtsStream) on the shared vendor I/O loop: SSML with the agent's `voice` and
/// locale, raw PCM at the call's rate when Azure has it (else 24 kHz, converted), the call's
/// stored `api_key` as Ocp-Apim-Subscription-Key and `region` (or a `base_url` instead). A
/// missing key is kUnauthenticated, and neither region nor base_url kInvalidArgument, at
/// open_stream. Thread-safe; the loop must outlive it and its streams.
class AzureTtsProvider final : public TtsProvider {
 public:
  explicit AzureTtsProvider(net::EventLoop& loop, AzureTtsConfig config = {});

  [[nodiscard]] std::string_view name() const override { return "azuretts"; }
  [[nodiscard]] std::string_view config_schema() const override;
  [[nodiscard]] std::vector<std::string_view> capabilities() const override {
    return {"streaming", "cancel"};
  }
  [[nodiscard]] core::Result<std::unique_ptr<TtsStream>> open_stream(
      const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) override;

 private:
  net::EventLoop& loop_;
  const AzureTtsConfig config_;
  const std::shared_ptr<net::HttpClient> client_;
};

}  // namespace ovos::providers::azure
