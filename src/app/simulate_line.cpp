#include "app/simulate_line.h"

#include <variant>

#include "core/overloaded.h"

namespace ovos::app {

using core::Overloaded;

void SimulatedLine::deliver(engine::OutputFrame frame) {
  std::visit(Overloaded{
                 [&](engine::AudioFrame& f) { play(f); },
                 [&](engine::MarkFrame& f) { answer_mark(f); },
                 [&](engine::ClearFrame&) {
                   // The player drops what it holds, and the marks in it with it.
                   playing_until_ = executor_.clock().now();
                   marks_ = std::make_unique<core::TaskGroup>(executor_);
                 },
                 [&](engine::TranscriptFrame& f) { hear(f); },
                 [&](engine::LatencyFrame& f) { latencies_.push_back(f); },
                 [&](engine::EndFrame&) { marks_->close(); },
                 [&](engine::ErrorFrame& f) {
                   errors_.push_back({elapsed_ms(), f.code, f.message});
                 },
             },
             frame);
}

std::int64_t SimulatedLine::elapsed_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(executor_.clock().now() -
                                                               started_at_)
      .count();
}

bool SimulatedLine::agent_audible(std::chrono::milliseconds grace) const {
  return executor_.clock().now() < playing_until_ + grace;
}

void SimulatedLine::hear(const engine::TranscriptFrame& frame) {
  const std::int64_t now = elapsed_ms();
  std::int64_t since = now;
  if (frame.speaker == engine::Speaker::kUser) {
    if (!caller_words_since_) caller_words_since_ = now;
    since = *caller_words_since_;
    if (frame.final) caller_words_since_.reset();
  }
  if (frame.final) transcripts_.push_back({now, since, frame.speaker, frame.text, frame.turn});
}

void SimulatedLine::play(const engine::AudioFrame& frame) {
  const auto now = executor_.clock().now();
  const auto duration = std::chrono::microseconds(static_cast<std::int64_t>(frame.samples.size()) *
                                                  1'000'000 / output_rate_);
  playing_until_ = std::max(playing_until_, now) +
                   std::chrono::duration_cast<std::chrono::steady_clock::duration>(duration);
}

void SimulatedLine::answer_mark(const engine::MarkFrame& mark) {
  const auto now = executor_.clock().now();
  const auto delay =
      std::chrono::ceil<std::chrono::milliseconds>(std::max(playing_until_, now) - now);
  marks_->post_after(delay, [this, name = mark.name] {
    if (session_ != nullptr) session_->on_played(name);
  });
}

}  // namespace ovos::app
