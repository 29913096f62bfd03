#pragma once

// Bodhi (Navana) speech-to-text: streaming recognition over its WebSocket.

#include <string>
#include <string_view>
#include <vector>

#include "net/event_loop.h"
#include "providers/stt.h"
#include "providers/stt/bodhi/bodhi_stt_stream.h"

namespace ovos::providers::bodhi {

/// What a BodhiSttProvider is built from; plain data.
struct BodhiSttConfig {
  std::string default_base_url = "wss://bodhi.navana.ai";  // when the key has no base_url
  BodhiTimings timings;
  std::string ca_file;  // wss: PEM file of trusted CAs instead of the system store
};

/// Opens one Bodhi session per call (BodhiSttStream) on the shared vendor I/O loop, with the
/// call's stored key (`api_key` and `customer_id`, optional `base_url`), the agent's model (a
/// Bodhi model name such as `hi-banking-v2-8khz`; any other name, as Bolna's default `nova-2`,
/// picks `<language>-general-v2-8khz`) and endpointing. A missing key or customer id fails
/// open_stream with kUnauthenticated. Thread-safe; the loop must outlive it and its streams.
class BodhiSttProvider final : public SttProvider {
 public:
  explicit BodhiSttProvider(net::EventLoop& loop, BodhiSttConfig config = {});

  [[nodiscard]] std::string_view name() const override { return "bodhi"; }
  [[nodiscard]] std::string_view config_schema() const override;
  [[nodiscard]] std::vector<std::string_view> capabilities() const override {
    return {"streaming", "interim_results"};
  }
  [[nodiscard]] core::Result<std::unique_ptr<SttStream>> open_stream(
      const SttOptions& options, core::Executor& events_on, SttEventHandler on_event) override;

 private:
  net::EventLoop& loop_;
  const BodhiSttConfig config_;
};

}  // namespace ovos::providers::bodhi
