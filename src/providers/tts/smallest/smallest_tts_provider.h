#pragma once

// Smallest text-to-speech: its REST API (one request per piece of text) or, with
// synthesizer.stream, its WebSocket (one per call).

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/speech/vendor_url.h"
#include "providers/speech/voice_http_options.h"
#include "providers/tts.h"
#include "providers/tts/smallest/smallest_protocol.h"

namespace ovos::providers::smallest {

/// What a SmallestTtsProvider is built from; plain data.
struct SmallestTtsConfig {
  std::string default_base_url = "https://api.smallest.ai";  // when the key has no base_url
  net::HttpClientOptions http = speech::voice_http_options();
  net::RetryPolicy::Options retry{};
  /// A WebSocket that says nothing for this long while a piece waits for its audio or its
  /// `complete` is dropped and opened again (a piece is sent only after the one before is
  /// complete, so a lost one would otherwise hold up the rest of the call).
  std::chrono::milliseconds stall_timeout{15000};
};

/// Speaks each context with one POST {base}/waves/v1/tts (speech::HttpTtsStream, raw PCM
/// streamed; a WAV header, if one comes, is skipped) on the shared vendor I/O loop: the agent's
/// `voice_id` (else `voice`, else magnus), `model` (lightning_v3.1 unless a lightning_v3 name
/// is given), language, the call's rate when Smallest has it (else 24 kHz, converted), and the
/// call's stored `api_key` as a Bearer token (optional `base_url`). With TtsOptions::stream
/// (synthesizer.stream) the call speaks over one {base}/waves/v1/tts/live WebSocket instead
/// (speech::SocketTtsStream, serial: one context at a time, each one request; a barge-in
/// closes the connection and opens another, as Smallest has no cancel message). A missing key
/// fails open_stream with kUnauthenticated. Thread-safe; the loop must outlive it and its
/// streams.
class SmallestTtsProvider final : public TtsProvider {
 public:
  explicit SmallestTtsProvider(net::EventLoop& loop, SmallestTtsConfig config = {});

  [[nodiscard]] std::string_view name() const override { return "smallest"; }
  [[nodiscard]] std::string_view config_schema() const override;
  [[nodiscard]] std::vector<std::string_view> capabilities() const override {
    return {"streaming", "cancel"};
  }
  [[nodiscard]] core::Result<std::unique_ptr<TtsStream>> open_stream(
      const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) override;

 private:
  /// What one call's stream speaks with and where.
  struct Target {
    SpeechParams params;
    speech::VendorAccess access;  // the key and the base URL for the API in use
    int output_rate = 0;
  };
  std::unique_ptr<TtsStream> open_socket(const Target& target, core::Executor& events_on,
                                         TtsEventHandler on_event);
  std::unique_ptr<TtsStream> open_http(const Target& target, core::Executor& events_on,
                                       TtsEventHandler on_event);

  net::EventLoop& loop_;
  const SmallestTtsConfig config_;
  const std::shared_ptr<net::HttpClient> client_;
};

}  // namespace ovos::providers::smallest
