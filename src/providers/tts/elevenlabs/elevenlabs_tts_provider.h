#pragma once

// ElevenLabs text-to-speech over its HTTP streaming API, audio handed on as it arrives.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/speech/voice_http_options.h"
#include "providers/tts.h"

namespace ovos::providers::elevenlabs {

/// What an ElevenLabsTtsProvider is built from; plain data.
struct ElevenLabsTtsConfig {
  std::string default_base_url = "https://api.elevenlabs.io";  // when the key has no base_url
  std::string default_model = "eleven_turbo_v2_5";
  net::HttpClientOptions http = speech::voice_http_options();
  net::RetryPolicy::Options retry{};
};

/// Speaks each context with one POST /v1/text-to-speech/{voice_id}/stream
/// (speech::HttpTtsStream) on the shared vendor I/O loop: the agent's `voice_id` (required) and
/// `model`, pcm at the call's rate when ElevenLabs has it (else 24 kHz, converted), the call's
/// stored `api_key` sent as xi-api-key (optional `base_url`). A missing key is kUnauthenticated
/// and a missing voice id kInvalidArgument, at open_stream. The voice's own settings apply.
/// With TtsOptions::stream (synthesizer.stream) the call speaks over one multi-stream-input
/// WebSocket instead (speech::SocketTtsStream), each context an ElevenLabs context, cancel a
/// close_context. Thread-safe; the loop must outlive it and its streams.
class ElevenLabsTtsProvider final : public TtsProvider {
 public:
  explicit ElevenLabsTtsProvider(net::EventLoop& loop, ElevenLabsTtsConfig config = {});

  [[nodiscard]] std::string_view name() const override { return "elevenlabs"; }
  [[nodiscard]] std::string_view config_schema() const override;
  [[nodiscard]] std::vector<std::string_view> capabilities() const override {
    return {"streaming", "cancel"};
  }
  [[nodiscard]] core::Result<std::unique_ptr<TtsStream>> open_stream(
      const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) override;

 private:
  net::EventLoop& loop_;
  const ElevenLabsTtsConfig config_;
  const std::shared_ptr<net::HttpClient> client_;
};

}  // namespace ovos::providers::elevenlabs
