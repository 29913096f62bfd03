#pragma once

// Azure AI Speech speech-to-text through its REST API for short audio, one request per
// utterance (the real-time protocol of the Speech SDK is not used).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/stt.h"

namespace ovos::providers::azure {

/// What an AzureSttProvider is built from; plain data.
struct AzureSttConfig {
  net::HttpClientOptions http = [] {
    net::HttpClientOptions options;
    options.connect_timeout = std::chrono::milliseconds(5000);
    options.first_byte_timeout = std::chrono::milliseconds(20000);
    options.idle_timeout = std::chrono::milliseconds(20000);
    return options;
  }();
  net::RetryPolicy::Options retry{};
};

/// Opens one speech::SegmentedSttStream per call on the shared vendor I/O loop: each utterance
/// the engine's VAD ends goes out as a 16 kHz WAV (converted from the call's rate when it
/// differs; at most 60 s, Azure's limit), with the agent's language as the locale, the call's
/// stored `api_key` as Ocp-Apim-Subscription-Key and its `region` (or `base_url`). No interim
/// results. A missing key is kUnauthenticated, and neither region nor base_url
/// kInvalidArgument, at open_stream. Thread-safe; the loop must outlive it and its streams.
class AzureSttProvider final : public SttProvider {
 public:
  explicit AzureSttProvider(net::EventLoop& loop, AzureSttConfig config = {});

  [[nodiscard]] std::string_view name() const override { return "azure"; }
  [[nodiscard]] std::string_view config_schema() const override;
  [[nodiscard]] std::vector<std::string_view> capabilities() const override {
    return {"segmented"};
  }
  [[nodiscard]] core::Result<std::unique_ptr<SttStream>> open_stream(
      const SttOptions& options, core::Executor& events_on, SttEventHandler on_event) override;

 private:
  net::EventLoop& loop_;
  const AzureSttConfig config_;
  const std::shared_ptr<net::HttpClient> client_;
};

}  // namespace ovos::providers::azure
