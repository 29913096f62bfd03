#pragma once

// Rime text-to-speech over its REST API, raw PCM streamed as it is synthesized.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/speech/voice_http_options.h"
#include "providers/tts.h"

namespace ovos::providers::rime {

/// What a RimeTtsProvider is built from; plain data.
struct RimeTtsConfig {
  std::string default_base_url = "https://users.rime.ai";  // when the key has no base_url
  std::string default_speaker = "cove";
  std::string default_model = "mistv2";
  net::HttpClientOptions http = speech::voice_http_options();
  net::RetryPolicy::Options retry{};
};

/// Speaks each context with one POST {base}/v1/rime-tts (speech::HttpTtsStream) on the shared
/// vendor I/O loop, asking for audio/pcm at the call's rate: the agent's `voice_id` (else
/// `voice`) as the speaker, its `model` and language, the call's stored `api_key` as a Bearer
/// token (optional `base_url`). A missing key fails open_stream with kUnauthenticated.
/// Thread-safe; the loop must outlive it and its streams.
class RimeTtsProvider final : public TtsProvider {
 public:
  explicit RimeTtsProvider(net::EventLoop& loop, RimeTtsConfig config = {});

  [[nodiscard]] std::string_view name() const override { return "rime"; }
  [[nodiscard]] std::string_view config_schema() const override;
  [[nodiscard]] std::vector<std::string_view> capabilities() const override {
    return {"streaming", "cancel"};
  }
  [[nodiscard]] core::Result<std::unique_ptr<TtsStream>> open_stream(
      const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) override;

 private:
  net::EventLoop& loop_;
  const RimeTtsConfig config_;
  const std::shared_ptr<net::HttpClient> client_;
};

}  // namespace ovos::providers::rime
