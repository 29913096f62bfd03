#pragma once

// One call's speech over a Cartesia WebSocket: every context a generation on the same
// connection (multiplexed by context_id), cancel sent to Cartesia, reconnects with retries.

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "core/executor.h"
#include "net/event_loop.h"
#include "net/retry.h"
#include "net/websocket_client.h"
#include "providers/tts.h"
#include "providers/tts/cartesia/cartesia_protocol.h"

namespace ovos::providers::cartesia {

/// Where one stream connects and how; `ws.url` carries the key (never log it unredacted).
struct CartesiaSetup {
  net::EventLoop* loop = nullptr;  // runs the connection; must outlive the stream
  net::WebSocketClientOptions ws;
  net::RetryPolicy retry{net::RetryPolicy::Options{}};
  VoiceParams voice;    // sample_rate: what Cartesia is asked for
  int output_rate = 0;  // the call's; audio is converted when it differs from voice.sample_rate
};

/// A TtsStream over one Cartesia WebSocket, opened at once. A flushed context is one generation
/// request (its whole text, continue false); its chunks become kAudio and its done kDone, its
/// error kError. cancel() sends Cartesia's cancel and drops whatever of that context arrives
/// later. A connection that drops is reopened (net::RetryPolicy); contexts that had no audio
/// yet are sent again, the others end with kError. A refused upgrade that retrying cannot fix
/// (401, 403, other 4xx but 408/429) fails the contexts in flight and every later one. Methods
/// run on the call's executor; close() there guarantees no event after it returns.
class CartesiaTtsStream final : public TtsStream {
 public:
  static std::unique_ptr<CartesiaTtsStream> start(CartesiaSetup setup, core::Executor& events_on,
                                                  TtsEventHandler on_event);
  ~CartesiaTtsStream() override;
  CartesiaTtsStream(const CartesiaTtsStream&) = delete;
  CartesiaTtsStream& operator=(const CartesiaTtsStream&) = delete;

  void push_text(TtsContextId context, std::string_view text) override;
  void flush(TtsContextId context) override;
  void cancel(TtsContextId context) override;
  void close() override;

 private:
  struct Session;  // the I/O side, on the loop
  struct Filter;   // contexts cancelled on the call's side
  CartesiaTtsStream(std::shared_ptr<Session> session, std::shared_ptr<Filter> filter);

  std::shared_ptr<Session> session_;
  std::shared_ptr<Filter> filter_;
  std::map<TtsContextId, std::string> pending_;  // pushed, not yet flushed
  bool closed_ = false;
};

}  // namespace ovos::providers::cartesia
