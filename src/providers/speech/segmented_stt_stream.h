#pragma once

// One call's speech-to-text through a vendor's request-per-utterance API (OpenAI transcription,
// Azure short audio), segmented by the engine's VAD: the audio of each utterance is sent in one
// request when the utterance ends.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/executor.h"
#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/stt.h"

namespace ovos::providers::speech {

/// Where the requests go and how; the loop and client must outlive the stream.
struct SegmentedSttSetup {
  std::string vendor;  // for logs and error messages
  net::EventLoop* loop = nullptr;
  std::shared_ptr<net::HttpClient> client;  // on `loop`
  net::RetryPolicy retry{net::RetryPolicy::Options{}};
  /// The complete request that transcribes one utterance (mono PCM16 at sample_rate).
  std::function<net::HttpClientRequest(std::span<const std::int16_t> samples)> request_for;
  /// The text of a 2xx answer; an error when it cannot be read.
  std::function<core::Result<std::string>(std::string_view body)> text_of;
  /// The error of a non-2xx answer, from its status and body.
  std::function<core::Error(int status, std::string_view body)> error_for;
  int sample_rate = 16000;
  std::size_t max_seconds = 300;  // audio kept per utterance; older audio is dropped
  double min_seconds = 0.1;       // shorter utterances are reported empty without a request
};

/// An SttStream with no interim results: push_audio() keeps the audio of the utterance;
/// finalize() sends it (one request) and reports the answer's text as one kFinal.
/// Utterances are sent in order, one request at a time. A 408/429/5xx answer or a network
/// failure is retried as `retry` says; when the retries run out, or the answer is not readable,
/// the utterance's kFinal is empty (the call goes on; the failure is logged). A refusal that
/// retrying cannot fix (401, 403, a spent quota, a bad request) is one kError, the last event.
/// Methods run on the call's executor; close() there guarantees no event after it returns.
class SegmentedSttStream final : public SttStream {
 public:
  static std::unique_ptr<SegmentedSttStream> start(SegmentedSttSetup setup,
                                                   core::Executor& events_on,
                                                   SttEventHandler on_event);
  ~SegmentedSttStream() override;
  SegmentedSttStream(const SegmentedSttStream&) = delete;
  SegmentedSttStream& operator=(const SegmentedSttStream&) = delete;

  void push_audio(std::span<const std::int16_t> samples) override;
  void finalize() override;
  void close() override;

 private:
  struct Session;  // the I/O side, on the loop
  explicit SegmentedSttStream(std::shared_ptr<Session> session);

  std::shared_ptr<Session> session_;
  std::vector<std::int16_t> utterance_;
  bool closed_ = false;
};

}  // namespace ovos::providers::speech
