#pragma once

// OpenAI speech-to-text: Whisper and gpt-4o transcription over HTTP, one request per utterance.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/stt.h"

namespace ovos::providers::openai {

/// What an OpenAiSttProvider is built from; plain data.
struct OpenAiSttConfig {
  std::string default_base_url = "https://api.openai.com/v1";  // when the key has no base_url
  std::string default_model = "whisper-1";
  net::HttpClientOptions http = [] {
    net::HttpClientOptions options;
    options.connect_timeout = std::chrono::milliseconds(5000);
    options.first_byte_timeout = std::chrono::milliseconds(20000);
    options.idle_timeout = std::chrono::milliseconds(20000);
    return options;
  }();
  net::RetryPolicy::Options retry{};
};

/// Opens one speech::SegmentedSttStream per call on the shared vendor I/O loop: the agent's
/// model when it names an OpenAI one (whisper-*, gpt-*; Bolna's default "nova-2" gives the
/// default model), its language as ISO-639-1, its keywords as the prompt, the call's stored
/// `api_key` (optional `base_url`, `organization`). A missing key fails open_stream with
/// kUnauthenticated. Thread-safe; the loop must outlive it and its streams.
class OpenAiSttProvider final : public SttProvider {
 public:
  explicit OpenAiSttProvider(net::EventLoop& loop, OpenAiSttConfig config = {});

  [[nodiscard]] std::string_view name() const override { return "openai"; }
  [[nodiscard]] std::string_view config_schema() const override;
  [[nodiscard]] std::vector<std::string_view> capabilities() const override {
    return {"segmented", "keywords"};
  }
  [[nodiscard]] core::Result<std::unique_ptr<SttStream>> open_stream(
      const SttOptions& options, core::Executor& events_on, SttEventHandler on_event) override;

 private:
  net::EventLoop& loop_;
  const OpenAiSttConfig config_;
  const std::shared_ptr<net::HttpClient> client_;
};

}  // namespace ovos::providers::openai
