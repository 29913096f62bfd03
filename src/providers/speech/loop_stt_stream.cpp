#include "providers/speech/loop_stt_stream.h"

#include <utility>

namespace ovos::providers::speech {

std::string join_words(const std::string& first, const std::string& second) {
  if (first.empty()) return second;
  if (second.empty()) return first;
  return first + " " + second;
}

LoopSttStream::LoopSttStream(net::EventLoop& loop, std::shared_ptr<LoopSttSession> session,
                             std::shared_ptr<Sink> sink)
    : loop_(loop), session_(std::move(session)), sink_(std::move(sink)) {}

LoopSttStream::~LoopSttStream() {
  close();
}

std::shared_ptr<LoopSttStream::Sink> LoopSttStream::make_sink(core::Executor& events_on,
                                                              SttEventHandler on_event) {
  return std::make_shared<Sink>(events_on, std::move(on_event),
                                [](const SttEvent& e) { return e.kind == SttEvent::Kind::kError; });
}

void LoopSttStream::push_audio(std::span<const std::int16_t> samples) {
  if (closed_ || samples.empty()) return;
  loop_.post([session = session_,
              copy = std::vector<std::int16_t>(samples.begin(), samples.end())]() mutable {
    session->push(std::move(copy));
  });
}

void LoopSttStream::finalize() {
  if (closed_) return;
  loop_.post([session = session_] { session->finalize(); });
}

void LoopSttStream::close() {
  if (closed_) return;
  closed_ = true;
  sink_->cancel();
  loop_.post([session = session_] { session->shutdown(); });
}

}  // namespace ovos::providers::speech
