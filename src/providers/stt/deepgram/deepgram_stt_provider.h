#pragma once

// Deepgram speech-to-text: live transcription over its WebSocket API.

#include <string>
#include <string_view>
#include <vector>

#include "net/event_loop.h"
#include "providers/stt.h"
#include "providers/stt/deepgram/deepgram_stt_stream.h"

namespace ovos::providers::deepgram {

/// What a DeepgramSttProvider is built from; plain data.
struct DeepgramSttConfig {
  /// Used when the credentials carry no `base_url` (https:// and wss:// both work).
  std::string default_base_url = "wss://api.deepgram.com";
  std::string default_model = "nova-2";
  DeepgramListenTimings timings;
  std::string ca_file;  // wss: PEM file of trusted CAs instead of the system store
};

/// Opens one Deepgram live session per call (DeepgramSttStream) on the shared vendor I/O loop,
/// with the call's stored key (`api_key`, optional `base_url`), model, language, keywords and
/// endpointing. A missing key fails open_stream with kUnauthenticated. The key is never logged.
/// Thread-safe; the loop must outlive it and its streams.
class DeepgramSttProvider final : public SttProvider {
 public:
  explicit DeepgramSttProvider(net::EventLoop& loop, DeepgramSttConfig config = {});

  [[nodiscard]] std::string_view name() const override { return "deepgram"; }
  [[nodiscard]] std::string_view config_schema() const override;
  [[nodiscard]] std::vector<std::string_view> capabilities() const override {
    return {"streaming", "interim_results", "keywords", "speech_started"};
  }
  [[nodiscard]] core::Result<std::unique_ptr<SttStream>> open_stream(
      const SttOptions& options, core::Executor& events_on, SttEventHandler on_event) override;

 private:
  net::EventLoop& loop_;
  const DeepgramSttConfig config_;
};

}  // namespace ovos::providers::deepgram
