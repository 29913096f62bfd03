#pragma once

// The call's side of a streaming speech-to-text session that lives on the vendor I/O loop
// (Deepgram, Bodhi): what the call does is posted there, and what the vendor says comes back
// through a SpeechEventSink.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "net/event_loop.h"
#include "providers/speech/speech_event_sink.h"
#include "providers/stt.h"

namespace ovos::providers::speech {

/// `first` and `second` joined by a space, or whichever is not empty (transcript pieces).
[[nodiscard]] std::string join_words(const std::string& first, const std::string& second);

/// The vendor-loop side of a streaming recognition session; its methods run on the loop.
class LoopSttSession {
 public:
  virtual ~LoopSttSession() = default;
  virtual void push(std::vector<std::int16_t> samples) = 0;
  virtual void finalize() = 0;
  /// The call closed the stream: tell the vendor, close the socket, stop for good.
  virtual void shutdown() = 0;
};

/// An SttStream whose session runs on the vendor loop: each method posts to it (audio is
/// copied). close() stops the events first, so on the call's executor none arrives after it
/// returns. Methods run on the call's executor.
class LoopSttStream : public SttStream {
 public:
  using Sink = SpeechEventSink<SttEvent>;

  ~LoopSttStream() override;
  LoopSttStream(const LoopSttStream&) = delete;
  LoopSttStream& operator=(const LoopSttStream&) = delete;

  void push_audio(std::span<const std::int16_t> samples) final;
  void finalize() final;
  void close() final;

  /// A sink for a session's events on `events_on`; a kError ends them.
  static std::shared_ptr<Sink> make_sink(core::Executor& events_on, SttEventHandler on_event);

 protected:
  LoopSttStream(net::EventLoop& loop, std::shared_ptr<LoopSttSession> session,
                std::shared_ptr<Sink> sink);

 private:
  net::EventLoop& loop_;
  std::shared_ptr<LoopSttSession> session_;
  std::shared_ptr<Sink> sink_;
  bool closed_ = false;
};

}  // namespace ovos::providers::speech
