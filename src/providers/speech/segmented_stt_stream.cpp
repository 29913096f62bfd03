#include "providers/speech/segmented_stt_stream.h"

#include <deque>
#include <optional>
#include <utility>

#include "core/logging.h"
#include "core/vendor_errors.h"
#include "providers/speech/speech_event_sink.h"

namespace ovos::providers::speech {
namespace {

using Sink = SpeechEventSink<SttEvent>;

bool transient(const core::Error& error) {
  return error.code == core::ErrorCode::kUnavailable || error.code == core::ErrorCode::kRateLimited;
}

}  // namespace

// Everything but start() runs on the loop's thread.
struct SegmentedSttStream::Session : std::enable_shared_from_this<Session> {
  SegmentedSttSetup setup;
  std::shared_ptr<Sink> sink;
  bool stopped = false;
  std::deque<std::vector<std::int16_t>> queue;
  std::optional<std::vector<std::int16_t>> current;
  int attempt = 0;
  net::HttpCall call;
  core::TimerHandle retry_timer;

  void enqueue(std::vector<std::int16_t> samples) {
    if (stopped) return;
    queue.push_back(std::move(samples));
    next();
  }
  void next();
  void send();
  void on_response(core::Result<net::HttpClientResponse> result);
  void retry_or_give_up(core::Error error, bool retryable,
                        std::optional<std::chrono::milliseconds> wait);
  void report(std::string text);
  void fail(core::Error error);
  void shutdown();
  [[nodiscard]] double seconds() const {
    return static_cast<double>(current->size()) / setup.sample_rate;
  }
};

void SegmentedSttStream::Session::next() {
  if (stopped || current || queue.empty()) return;
  current = std::move(queue.front());
  queue.pop_front();
  attempt = 0;
  if (seconds() < setup.min_seconds) {
    report("");  // nothing worth a request (OpenAI refuses audio under 0.1 s)
    return;
  }
  send();
}

void SegmentedSttStream::Session::send() {
  ++attempt;
  call = net::send_and_collect(
      *setup.client, setup.request_for(*current),
      [weak = weak_from_this()](core::Result<net::HttpClientResponse> result) {
        if (auto self = weak.lock()) self->on_response(std::move(result));
      },
      core::VendorTag{setup.vendor, core::VendorKind::kStt});
}

void SegmentedSttStream::Session::on_response(core::Result<net::HttpClientResponse> result) {
  if (stopped || !current) return;
  if (!result.ok()) {
    const bool retryable = setup.retry.should_retry(result.error(), attempt);
    retry_or_give_up(std::move(result).error(), retryable, std::nullopt);
    return;
  }
  const net::HttpClientResponse& response = *result;
  if (response.status < 200 || response.status >= 300) {
    core::Error error = setup.error_for(response.status, response.body);
    std::optional<std::chrono::milliseconds> wait;
    if (auto header = response.header("retry-after")) {
      wait = net::parse_retry_after(*header, std::chrono::system_clock::now());
    }
    const bool retryable = transient(error) && setup.retry.should_retry(response.status, attempt);
    retry_or_give_up(std::move(error), retryable, wait);
    return;
  }
  auto text = setup.text_of(response.body);
  if (!text.ok()) {
    core::log_warn("transcription_unreadable",
                   {{"vendor", setup.vendor}, {"error", text.error().message}});
    core::count_vendor_error({setup.vendor, core::VendorKind::kStt},
                             core::VendorErrorReason::kMalformed);
    report("");
    return;
  }
  report(std::move(text).value());
}

void SegmentedSttStream::Session::retry_or_give_up(core::Error error, bool retryable,
                                                   std::optional<std::chrono::milliseconds> wait) {
  if (retryable) {
    const auto delay = setup.retry.delay(attempt, wait);
    core::log_warn("transcription_retry", {{"vendor", setup.vendor},
                                           {"attempt", attempt},
                                           {"error", error.message},
                                           {"delay_ms", static_cast<std::int64_t>(delay.count())}});
    retry_timer = setup.loop->post_after(delay, [weak = weak_from_this()] {
      auto self = weak.lock();
      if (self && !self->stopped && self->current) self->send();
    });
    return;
  }
  if (!transient(error)) {
    fail(std::move(error));
    return;
  }
  core::log_warn("transcription_failed", {{"vendor", setup.vendor}, {"error", error.message}});
  report("");
}

void SegmentedSttStream::Session::report(std::string text) {
  SttEvent event;
  event.kind = SttEvent::Kind::kFinal;
  event.text = std::move(text);
  event.audio_seconds = seconds();
  Sink::post(sink, std::move(event));
  net::HttpCall done = std::move(call);
  done.detach();
  current.reset();
  next();
}

void SegmentedSttStream::Session::fail(core::Error error) {
  core::log_warn("transcription_failed", {{"vendor", setup.vendor}, {"error", error.message}});
  SttEvent event;
  event.kind = SttEvent::Kind::kError;
  event.error = std::move(error);
  Sink::post(sink, std::move(event));
  shutdown();
}

void SegmentedSttStream::Session::shutdown() {
  stopped = true;
  queue.clear();
  current.reset();
  retry_timer.cancel();
  net::HttpCall stopping = std::move(call);
  stopping.cancel();
}

SegmentedSttStream::SegmentedSttStream(std::shared_ptr<Session> session)
    : session_(std::move(session)) {}

SegmentedSttStream::~SegmentedSttStream() {
  close();
}

std::unique_ptr<SegmentedSttStream> SegmentedSttStream::start(SegmentedSttSetup setup,
                                                              core::Executor& events_on,
                                                              SttEventHandler on_event) {
  auto session = std::make_shared<Session>();
  session->setup = std::move(setup);
  session->sink = std::make_shared<Sink>(events_on, std::move(on_event), [](const SttEvent& e) {
    return e.kind == SttEvent::Kind::kError;
  });
  // The connection opens before the first turn needs it (the vendor's origin only: the
  // request built here is thrown away).
  if (session->setup.client && session->setup.request_for) {
    session->setup.client->preconnect(
        session->setup.request_for(std::span<const std::int16_t>{}).url);
  }
  return std::unique_ptr<SegmentedSttStream>(new SegmentedSttStream(std::move(session)));
}

void SegmentedSttStream::push_audio(std::span<const std::int16_t> samples) {
  if (closed_) return;
  utterance_.insert(utterance_.end(), samples.begin(), samples.end());
  const std::size_t limit =
      session_->setup.max_seconds * static_cast<std::size_t>(session_->setup.sample_rate);
  if (utterance_.size() > limit) {
    utterance_.erase(utterance_.begin(),
                     utterance_.begin() + static_cast<std::ptrdiff_t>(utterance_.size() - limit));
  }
}

void SegmentedSttStream::finalize() {
  if (closed_) return;
  std::vector<std::int16_t> samples = std::move(utterance_);
  utterance_.clear();
  session_->setup.loop->post([session = session_, samples = std::move(samples)]() mutable {
    session->enqueue(std::move(samples));
  });
}

void SegmentedSttStream::close() {
  if (closed_) return;
  closed_ = true;
  session_->sink->cancel();
  session_->setup.loop->post([session = session_] { session->shutdown(); });
}

}  // namespace ovos::providers::speech
