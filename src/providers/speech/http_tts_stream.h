#pragma once

// Text-to-speech over a vendor's HTTP API that streams raw PCM back (Deepgram /v1/speak,
// OpenAI /v1/audio/speech, ElevenLabs stream): one request per context, audio handed to the
// call as it arrives.

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/executor.h"
#include "core/result.h"
#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/tts.h"

namespace ovos::providers::speech {

/// What one stream borrows from its provider and how it talks to the vendor. The loop and
/// client must outlive the stream.
struct HttpTtsSetup {
  std::string vendor;  // for logs and error messages
  net::EventLoop* loop = nullptr;
  std::shared_ptr<net::HttpClient> client;  // on `loop`
  net::RetryPolicy retry{net::RetryPolicy::Options{}};
  /// The complete request that speaks `text` (URL, auth headers, body). Holds the key.
  std::function<net::HttpClientRequest(std::string_view text)> request_for;
  /// The error of a non-2xx answer, from its status and (start of the) body.
  std::function<core::Error(int status, std::string_view body)> error_for;
  /// When set, a 2xx body is read whole (up to `max_body_bytes`) and this turns it into the
  /// audio bytes (Sarvam: JSON with base64 WAV); without it the body is the audio, streamed.
  std::function<core::Result<std::string>(std::string_view body)> decode_body;
  std::size_t max_body_bytes = std::size_t{32} << 20;
  /// Of the little-endian PCM16 mono the vendor sends; a WAV body's own header says otherwise.
  int source_rate = 24000;
  int output_rate = 16000;  // the call's; audio is converted when both are resampler rates
  std::size_t max_error_body_bytes = std::size_t{16} << 10;
};

/// A setup with what every HTTP voice fills alike: `vendor`, its loop and client, `retry`, the
/// rates, and errors in the vendor's name from the status and body (http_status_error).
/// `request_for` is left to the vendor.
[[nodiscard]] HttpTtsSetup http_tts_setup(std::string vendor, net::EventLoop& loop,
                                          std::shared_ptr<net::HttpClient> client,
                                          const net::RetryPolicy::Options& retry, int source_rate,
                                          int output_rate);

/// A `request_for` that POSTs `body_for(text)` to `url` with `headers` and a JSON Content-Type.
[[nodiscard]] std::function<net::HttpClientRequest(std::string_view text)> json_post_for(
    std::string url, std::vector<net::HttpHeader> headers,
    std::function<std::string(std::string_view text)> body_for);

/// A TtsStream that speaks each flushed context with one HTTP request, in the order they were
/// flushed, one at a time. Audio is posted to the call's executor as the body arrives (an odd
/// byte at a chunk's end waits for the next chunk), converted to `output_rate` with one
/// resampler per context (its tail is sent before kDone); a body that is a WAV file has its
/// header skipped and its rate read from it. Before a context's first audio, a
/// 408/429/5xx answer (unless `error_for` calls it permanent, as a spent quota) or a network
/// failure is retried as `retry` says, waiting out Retry-After; a 2xx answer in JSON or text is
/// an error, never played;
/// after it, a failure ends that context with kError and the next one goes on. cancel() stops
/// the context's request (or drops it from the queue) and no more of its events are delivered;
/// close() stops everything. Methods run on the call's executor.
class HttpTtsStream final : public TtsStream {
 public:
  static std::unique_ptr<HttpTtsStream> start(HttpTtsSetup setup, core::Executor& events_on,
                                              TtsEventHandler on_event);
  ~HttpTtsStream() override;
  HttpTtsStream(const HttpTtsStream&) = delete;
  HttpTtsStream& operator=(const HttpTtsStream&) = delete;

  void push_text(TtsContextId context, std::string_view text) override;
  void flush(TtsContextId context) override;
  void cancel(TtsContextId context) override;
  void close() override;

 private:
  struct Session;  // the I/O side, on the loop
  struct Filter;   // contexts cancelled on the call's side
  HttpTtsStream(std::shared_ptr<Session> session, std::shared_ptr<Filter> filter);

  std::shared_ptr<Session> session_;
  std::shared_ptr<Filter> filter_;
  std::map<TtsContextId, std::string> pending_;  // text pushed, not yet flushed
  bool closed_ = false;
};

}  // namespace ovos::providers::speech
