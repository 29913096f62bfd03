#pragma once

// Cartesia text-to-speech over its WebSocket: one connection per call, contexts multiplexed.

#include <string>
#include <string_view>
#include <vector>

#include "net/event_loop.h"
#include "net/retry.h"
#include "providers/tts.h"

namespace ovos::providers::cartesia {

/// What a CartesiaTtsProvider is built from; plain data.
struct CartesiaTtsConfig {
  std::string default_base_url = "wss://api.cartesia.ai";  // when the key has no base_url
  std::string default_model = "sonic-2";
  std::chrono::milliseconds connect_timeout{5000};
  net::RetryPolicy::Options retry{};
};

/// Opens one CartesiaTtsStream per call on the shared vendor I/O loop with the agent's
/// `voice_id` (required), `model` and language, raw pcm_s16le at the call's rate when Cartesia
/// has it (else 24 kHz, converted), and the call's stored `api_key` (optional `base_url`). A
/// missing key is kUnauthenticated and a missing voice id kInvalidArgument, at open_stream.
/// Thread-safe; the loop must outlive it and its streams.
class CartesiaTtsProvider final : public TtsProvider {
 public:
  explicit CartesiaTtsProvider(net::EventLoop& loop, CartesiaTtsConfig config = {});

  [[nodiscard]] std::string_view name() const override { return "cartesia"; }
  [[nodiscard]] std::string_view config_schema() const override;
  [[nodiscard]] std::vector<std::string_view> capabilities() const override {
    return {"streaming", "cancel"};
  }
  [[nodiscard]] core::Result<std::unique_ptr<TtsStream>> open_stream(
      const TtsOptions& options, core::Executor& events_on, TtsEventHandler on_event) override;

 private:
  net::EventLoop& loop_;
  const CartesiaTtsConfig config_;
};

}  // namespace ovos::providers::cartesia
