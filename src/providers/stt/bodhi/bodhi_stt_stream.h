#pragma once

// One call's streaming recognition over Bodhi's WebSocket: the connection loop (connect with
// the config message, audio in fixed-size packets, retry, reconnect with the utterance's audio
// sent again) on the vendor I/O loop, and its events handed to the call's executor.

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>

#include "core/executor.h"
#include "net/event_loop.h"
#include "net/retry.h"
#include "net/websocket_client.h"
#include "providers/speech/loop_stt_stream.h"
#include "providers/stt.h"
#include "providers/stt/bodhi/bodhi_protocol.h"

namespace ovos::providers::bodhi {

/// Timing and limits of Bodhi sessions; plain data.
struct BodhiTimings {
  std::chrono::milliseconds connect_timeout{5000};  // TCP + TLS, and again the upgrade
  /// Audio goes out in packets of this length (Navana asks for a fixed 50-500 ms; 100 ms is
  /// its recommendation).
  std::chrono::milliseconds packet{100};
  /// After finalize(), how long to wait for the segment's "complete" before reporting what
  /// was heard so far (Bodhi's own endpointing waits 0.44-1.2 s of silence).
  std::chrono::milliseconds finalize_timeout{1500};
  /// Audio of the current utterance kept for a replay after a reconnect.
  std::chrono::seconds max_replay{30};
  net::RetryPolicy::Options retry{};
};

/// Where one session connects and how; `ws.url` and its x-api-key / x-customer-id headers are
/// set (never log them).
struct BodhiSetup {
  net::EventLoop* loop = nullptr;  // runs the connection; must outlive the stream
  net::WebSocketClientOptions ws;
  BodhiConfig config;  // transaction_id is made anew for every connection
  BodhiTimings timings;
};

/// A Bodhi session as an SttStream. Connects at once and sends the config message; audio is
/// sent in packets of `timings.packet` (audio pushed before the socket opens is kept). A
/// "partial" becomes kInterim (the segments completed in this utterance, then the partial); a
/// "complete" is kept. finalize() pads the last packet with silence and reports one kFinal with
/// the utterance's segments joined: when Bodhi has answered all the audio and no segment is
/// open, when the open segment's complete arrives, or after `finalize_timeout` (with the
/// partial as its last words). A refused upgrade
/// is retried as net::RetryPolicy says (401/402/403 never; 408/429/5xx and network errors with
/// backoff). A session that drops during an utterance is reopened and the utterance's audio
/// sent again; one that drops while the caller is silent is reopened with the next audio. When
/// it cannot go on, one kError ends the events. Malformed messages are logged and skipped.
/// Methods run on the call's executor; close() there guarantees no event after it returns.
class BodhiSttStream final : public speech::LoopSttStream {
 public:
  static std::unique_ptr<BodhiSttStream> start(BodhiSetup setup, core::Executor& events_on,
                                               SttEventHandler on_event);

 private:
  struct Session;  // the I/O side, on the loop
  using LoopSttStream::LoopSttStream;
};

}  // namespace ovos::providers::bodhi
