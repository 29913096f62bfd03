#pragma once

// Amazon Polly text-to-speech (SynthesizeSpeech over REST, AWS Signature V4), audio streamed as
// it arrives.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/speech/voice_http_options.h"
#include "providers/tts.h"

namespace ovos::providers::polly {

/// What a PollyTtsProvider is built from; plain data.
struct PollyTtsConfig {
  std::string default_region = "us-east-1";
  std::string default_voice = "Joanna";
  std::string default_engine = "neural";
  /// The time requests are signed with (tests pin it).
  std::function<std::chrono::system_clock::time_point()> now = [] {
    return std::chrono::system_clock::now();
  };
  net::HttpClientOptions http = speech::voice_http_options();
  net::RetryPolicy::Options retry{};
};

/// Speaks each context with one signed POST {https://polly.<region>.amazonaws.com}/v1/speech
/// (speech::HttpTtsStream) on the shared vendor I/O loop: the agent's `voice`, engine (`model`,
/// Bolna's `engine`) and language, pcm at 8 or 16 kHz (other call rates converted), signed with
/// the call's stored `access_key_id` and `secret_access_key` for its `region` (or sent to a
/// `base_url`, still signed for the region). Missing keys fail open_stream with
/// kUnauthenticated. Thread-safe; the loop must outlive it and its streams.
class PollyTtsProvider final : public TtsProvider {
 public:
  explicit PollyTtsProvider(net::EventLoop& loop, PollyTtsConfig config = {});

  [[nodiscard]] std::string_view name() const override { return "polly"; }
  [[nodiscard]] std::string_view config_schema() const override;
  [[nodiscard]] std::vector<std::string_view> capabilities() const override {
    return {"streaming", "cancel"};
  }
  [[nodiscard]] core::Result<std::unique_ptr<TtsStream>> open_stream(
      const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) override;

 private:
  net::EventLoop& loop_;
  const PollyTtsConfig config_;
  const std::shared_ptr<net::HttpClient> client_;
};

}  // namespace ovos::providers::polly
