#pragma once

// One call's live transcription over Deepgram's WebSocket: the connection loop (connect,
// retry, keep-alive, reconnect with the current utterance's audio replayed) on the vendor I/O
// loop, and its events handed to the call's executor.

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "core/executor.h"
#include "net/event_loop.h"
#include "net/retry.h"
#include "net/websocket_client.h"
#include "providers/speech/loop_stt_stream.h"
#include "providers/stt.h"

namespace ovos::providers::deepgram {

/// Timing and limits of Deepgram live sessions; plain data.
struct DeepgramListenTimings {
  std::chrono::milliseconds connect_timeout{5000};  // TCP + TLS, and again the upgrade
  /// A KeepAlive goes out when no audio was sent for this long (Deepgram closes a session
  /// after 10 s without audio or KeepAlive).
  std::chrono::milliseconds keep_alive_interval{4000};
  /// After finalize(), how long to wait for Deepgram's final before reporting what it has.
  std::chrono::milliseconds finalize_timeout{2000};
  /// Audio of the current utterance kept for a replay after a reconnect.
  std::chrono::seconds max_replay{30};
  net::RetryPolicy::Options retry{};
};

/// Where one session connects and how; `ws.url` and its Authorization header are set.
struct DeepgramListenSetup {
  net::EventLoop* loop = nullptr;  // runs the connection; must outlive the stream
  net::WebSocketClientOptions ws;
  int sample_rate = 16000;
  DeepgramListenTimings timings;
};

/// A live Deepgram session as an SttStream. Connects at once; audio pushed before the socket
/// is open is kept and sent when it opens. Events: Results become kInterim (the finals of the
/// utterance so far, then the current hypothesis); after finalize() a {"type":"Finalize"} goes
/// out and the final that answers it (from_finalize or speech_final, else UtteranceEnd, else
/// finalize_timeout) becomes one kFinal with every final stretch of the utterance joined;
/// SpeechStarted becomes kSpeechStarted. A refused upgrade is retried as net::RetryPolicy says
/// (401/403/400 never; 408/429/5xx and network errors with backoff); a session that drops is
/// reopened the same way and the utterance's audio is sent again. When it cannot go on, one
/// kError ends the events. Methods run on the call's executor; close() there guarantees no
/// event after it returns. Malformed messages are logged and skipped.
class DeepgramSttStream final : public speech::LoopSttStream {
 public:
  static std::unique_ptr<DeepgramSttStream> start(DeepgramListenSetup setup,
                                                  core::Executor& events_on,
                                                  SttEventHandler on_event);

 private:
  struct Session;  // the I/O side, on the loop
  using LoopSttStream::LoopSttStream;
};

}  // namespace ovos::providers::deepgram
