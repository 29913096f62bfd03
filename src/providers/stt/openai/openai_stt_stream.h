#pragma once

// One call's speech-to-text through OpenAI's transcription API, segmented by the engine's VAD:
// the audio of each utterance is sent as one WAV when the utterance ends.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/executor.h"
#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/retry.h"
#include "providers/stt.h"
#include "providers/stt/openai/openai_transcription_protocol.h"

namespace ovos::providers::openai {

/// Where the requests go and how; the loop and client must outlive the stream.
struct TranscriptionSetup {
  net::EventLoop* loop = nullptr;
  std::shared_ptr<net::HttpClient> client;  // on `loop`
  net::RetryPolicy retry{net::RetryPolicy::Options{}};
  std::string url;                       // {base}/audio/transcriptions
  std::vector<net::HttpHeader> headers;  // Authorization (and OpenAI-Organization)
  TranscriptionParams params;
  int sample_rate = 16000;
  std::size_t max_seconds = 300;  // audio kept per utterance; older audio is dropped
  double min_seconds = 0.1;       // shorter utterances are reported empty without a request
};

/// An SttStream with no interim results: push_audio() keeps the audio of the utterance;
/// finalize() sends it (a WAV in a multipart POST) and reports the answer's text as one kFinal.
/// Utterances are sent in order, one request at a time. A 408/429/5xx answer or a network
/// failure is retried as `retry` says; when the retries run out, or the answer is not readable,
/// the utterance's kFinal is empty (the call goes on; the failure is logged). A refusal that
/// retrying cannot fix (401, 403, a spent quota, a bad request) is one kError, the last event.
/// Methods run on the call's executor; close() there guarantees no event after it returns.
class OpenAiTranscriptionStream final : public SttStream {
 public:
  static std::unique_ptr<OpenAiTranscriptionStream> start(TranscriptionSetup setup,
                                                          core::Executor& events_on,
                                                          SttEventHandler on_event);
  ~OpenAiTranscriptionStream() override;
  OpenAiTranscriptionStream(const OpenAiTranscriptionStream&) = delete;
  OpenAiTranscriptionStream& operator=(const OpenAiTranscriptionStream&) = delete;

  void push_audio(std::span<const std::int16_t> samples) override;
  void finalize() override;
  void close() override;

 private:
  struct Session;  // the I/O side, on the loop
  explicit OpenAiTranscriptionStream(std::shared_ptr<Session> session);

  std::shared_ptr<Session> session_;
  std::vector<std::int16_t> utterance_;
  bool closed_ = false;
};

}  // namespace ovos::providers::openai
