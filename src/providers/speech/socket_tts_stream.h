#pragma once

// Text-to-speech over a vendor's WebSocket: one connection per call, opened with it, each
// flushed context one generation, reconnects with retries. Either the vendor multiplexes
// contexts by id (Cartesia's /tts/websocket, ElevenLabs' multi-stream-input) and a cancel is
// sent to it, or it names none (Sarvam's /text-to-speech/ws) and contexts go one at a time.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/executor.h"
#include "core/result.h"
#include "net/event_loop.h"
#include "net/retry.h"
#include "net/websocket_client.h"
#include "providers/speech/socket_tts_message.h"
#include "providers/tts.h"

namespace ovos::providers::speech {

/// A vendor's messages on such a socket; pure functions (the protocol file's).
struct SocketTtsDialect {
  std::string vendor;  // for logs and error messages
  /// The messages that speak `text`, the whole of a flushed context, as context `id`.
  std::function<std::vector<std::string>(std::string_view id, std::string_view text)> speak;
  /// The messages that stop context `id` (sent only when it was sent on this connection).
  std::function<std::vector<std::string>(std::string_view id)> cancel;
  /// Decodes one text message; an error is logged and the message skipped.
  std::function<core::Result<SocketTtsMessage>(std::string_view text)> decode;
  /// Sent before the socket is closed when the call ends; empty: nothing.
  std::string goodbye;
  /// Sent first on every new connection, before any speak message (Sarvam's config).
  std::vector<std::string> hello;
  /// Sent every `keepalive_every` while a connection is open (Sarvam's ping); zero: never.
  std::string keepalive;
  std::chrono::milliseconds keepalive_every{0};
  /// The vendor's messages name no context (Sarvam): contexts are spoken one at a time in the
  /// order flushed, each message belongs to the one in flight, and as the vendor cannot stop
  /// one, cancelling the one in flight closes the connection and opens a new one (`cancel` is
  /// not used).
  bool serial = false;
};

/// Where one stream connects and how; `ws.url` or its headers carry the key (never log them
/// unredacted).
struct SocketTtsSetup {
  net::EventLoop* loop = nullptr;  // runs the connection; must outlive the stream
  net::WebSocketClientOptions ws;
  net::RetryPolicy retry{net::RetryPolicy::Options{}};
  SocketTtsDialect dialect;
  int source_rate = 16000;  // of the vendor's audio
  int output_rate = 0;      // the call's; audio is converted when it differs from source_rate
  /// A connection with a context sent and no message for this long is dropped as if it had
  /// closed (its unheard contexts sent again on a new one); zero: never.
  std::chrono::milliseconds stall_timeout{0};
};

/// Where a vendor's WebSocket voice connects: `url` with the auth `headers` (never log them),
/// the upgrade done within `connect_timeout`.
struct SocketTtsEndpoint {
  std::string url;
  std::vector<net::HttpHeader> headers;
  std::chrono::milliseconds connect_timeout{5000};
};

/// A setup with what every WebSocket voice fills alike: its dialect (whose vendor also tags the
/// connection for ovos_vendor_errors_total), the loop, retries, rates and endpoint.
[[nodiscard]] SocketTtsSetup socket_tts_setup(SocketTtsDialect dialect, net::EventLoop& loop,
                                              const net::RetryPolicy::Options& retry,
                                              int source_rate, int output_rate,
                                              SocketTtsEndpoint endpoint);

/// A TtsStream over one vendor WebSocket, opened at once. A flushed context is sent as the
/// dialect's speak messages; its chunks become kAudio and its done kDone, its error kError (an
/// error whose status is 408, 429 or 5xx, before the context's first audio, sends it again
/// after the retry policy's wait). cancel() sends the dialect's cancel (a serial dialect:
/// reopens the connection when the context was in flight) and drops whatever of that context
/// arrives later. A
/// connection that drops is reopened (net::RetryPolicy) when there is something to say;
/// contexts that had no audio yet are sent again, the others end with kError. A refused upgrade
/// that retrying cannot fix (401, 403, other 4xx but 408/429) fails the contexts in flight and
/// every later one. Methods run on the call's executor; close() there guarantees no event after
/// it returns.
class SocketTtsStream final : public TtsStream {
 public:
  static std::unique_ptr<SocketTtsStream> start(SocketTtsSetup setup, core::Executor& events_on,
                                                TtsEventHandler on_event);
  ~SocketTtsStream() override;
  SocketTtsStream(const SocketTtsStream&) = delete;
  SocketTtsStream& operator=(const SocketTtsStream&) = delete;

  void push_text(TtsContextId context, std::string_view text) override;
  void flush(TtsContextId context) override;
  void cancel(TtsContextId context) override;
  void close() override;

 private:
  struct Session;  // the I/O side, on the loop
  struct Filter;   // contexts cancelled on the call's side
  SocketTtsStream(std::shared_ptr<Session> session, std::shared_ptr<Filter> filter);

  std::shared_ptr<Session> session_;
  std::shared_ptr<Filter> filter_;
  std::map<TtsContextId, std::string> pending_;  // pushed, not yet flushed
  bool closed_ = false;
};

}  // namespace ovos::providers::speech
