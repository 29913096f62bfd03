#pragma once

// OpenAI text-to-speech (/v1/audio/speech, response_format pcm), audio streamed as it arrives.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/speech/voice_http_options.h"
#include "providers/tts.h"

namespace ovos::providers::openai {

/// What an OpenAiTtsProvider is built from; plain data.
struct OpenAiTtsConfig {
  std::string default_base_url = "https://api.openai.com/v1";  // when the key has no base_url
  std::string default_model = "gpt-4o-mini-tts";
  std::string default_voice = "alloy";
  net::HttpClientOptions http = speech::voice_http_options();
  net::RetryPolicy::Options retry{};
};

/// Speaks each context with one POST {base_url}/audio/speech (speech::HttpTtsStream) on the
/// shared vendor I/O loop: the agent's model and voice, 24 kHz PCM converted to the call's
/// rate, the call's stored `api_key` (optional `base_url`, `organization`). A missing key fails
/// open_stream with kUnauthenticated. Thread-safe; the loop must outlive it and its streams.
class OpenAiTtsProvider final : public TtsProvider {
 public:
  explicit OpenAiTtsProvider(net::EventLoop& loop, OpenAiTtsConfig config = {});

  [[nodiscard]] std::string_view name() const override { return "openai"; }
  [[nodiscard]] std::string_view config_schema() const override;
  [[nodiscard]] std::vector<std::string_view> capabilities() const override {
    return {"streaming", "cancel"};
  }
  [[nodiscard]] core::Result<std::unique_ptr<TtsStream>> open_stream(
      const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) override;

 private:
  net::EventLoop& loop_;
  const OpenAiTtsConfig config_;
  const std::shared_ptr<net::HttpClient> client_;
};

}  // namespace ovos::providers::openai
