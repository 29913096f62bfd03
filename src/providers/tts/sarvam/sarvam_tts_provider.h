#pragma once

// Sarvam text-to-speech: its HTTP streaming API (one request per piece of text) or, with
// synthesizer.stream, its WebSocket (one per call).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/speech/vendor_url.h"
#include "providers/tts.h"
#include "providers/tts/sarvam/sarvam_protocol.h"

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
  /// How often an open WebSocket is sent {"type":"ping"} (Sarvam's docs ask for pings on
  /// long-running connections and give no interval; pipecat sends one every 20 s).
  std::chrono::milliseconds ping_every{20000};
  /// A WebSocket that says nothing for this long while a piece waits for its audio or its
  /// final event is dropped and opened again (a piece is sent only after the one before has its
  /// final event, so a lost one would otherwise hold up the rest of the call).
  std::chrono::milliseconds stall_timeout{15000};
};

/// Speaks each context with one POST {base}/text-to-speech/stream (speech::HttpTtsStream, raw
/// PCM16 played as it arrives) on the shared vendor I/O loop: the agent's `model` (default
/// bulbul:v2), `voice_id` (else `voice`, else the model's default speaker) as the speaker, the
/// language as Sarvam's code (hi-IN...), the call's rate when Sarvam has it (else 24 kHz,
/// converted), and the call's stored `api_key` in the api-subscription-key header (optional
/// `base_url`). With TtsOptions::stream (synthesizer.stream) the call speaks over one
/// /text-to-speech/ws WebSocket instead (speech::SocketTtsStream, serial: one context at a
/// time; a barge-in closes the connection and opens another). A missing key fails open_stream
/// with kUnauthenticated. Thread-safe; the loop must outlive it and its streams.
class SarvamTtsProvider final : public TtsProvider {
 public:
  explicit SarvamTtsProvider(net::EventLoop& loop, SarvamTtsConfig config = {});

  [[nodiscard]] std::string_view name() const override { return "sarvam"; }
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
  const SarvamTtsConfig config_;
  const std::shared_ptr<net::HttpClient> client_;
};

}  // namespace ovos::providers::sarvam
