#include "providers/speech/http_tts_stream.h"

#include <deque>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "audio/resampler.h"
#include "core/logging.h"
#include "core/utf8.h"
#include "core/vendor_errors.h"
#include "providers/speech/http_status_error.h"
#include "providers/speech/pcm_body_reader.h"
#include "providers/speech/speech_event_sink.h"

namespace ovos::providers::speech {
namespace {

using Sink = SpeechEventSink<TtsEvent>;

bool is_success(int status) {
  return status >= 200 && status < 300;
}

}  // namespace

struct HttpTtsStream::Filter {
  std::set<TtsContextId> cancelled;  // the call's executor only
};

// Everything but start() runs on the loop's thread.
struct HttpTtsStream::Session : std::enable_shared_from_this<Session> {
  struct Job {
    TtsContextId context = 0;
    std::string text;
  };

  HttpTtsSetup setup;
  std::shared_ptr<Sink> sink;
  bool stopped = false;
  std::deque<Job> queue;
  std::optional<Job> current;
  int generation = 0;  // of the current request; callbacks of older ones are ignored
  int attempt = 0;
  int status = 0;
  std::string not_audio;   // the Content-Type of a 2xx answer that is not audio (JSON, text)
  bool committed = false;  // audio of the current context was handed out: no more retries
  std::optional<std::chrono::milliseconds> retry_after;
  std::string error_body;
  std::string whole;  // the 2xx body, when setup.decode_body reads it whole
  PcmBodyReader reader;
  int rate = 0;  // of the samples handed out for the current context
  std::optional<audio::Resampler> resampler;
  net::HttpCall call;
  core::TimerHandle retry_timer;

  void enqueue(Job job);
  void cancel(TtsContextId context);
  void shutdown();
  void next();
  void send();
  void on_head(int gen, int response_status, const std::vector<net::HttpHeader>& headers);
  void on_chunk(int gen, std::string_view chunk);
  void on_complete(int gen, const core::Result<void>& result);
  void deliver(std::vector<std::int16_t> samples);
  void audio_bytes(std::string_view bytes);
  void use_rate(int source);
  void retry_or_fail(core::Error error, bool retryable);
  void finish(std::optional<core::Error> error);
  void emit(TtsEvent::Kind kind, std::vector<std::int16_t> samples = {}, core::Error error = {});
};

void HttpTtsStream::Session::enqueue(Job job) {
  if (stopped) return;
  queue.push_back(std::move(job));
  if (!current) next();
}

void HttpTtsStream::Session::next() {
  if (stopped || current || queue.empty()) return;
  current = std::move(queue.front());
  queue.pop_front();
  if (current->text.find_first_not_of(" \t\r\n") == std::string::npos) {
    // Nothing to say: vendors refuse empty text, and there is no audio to wait for.
    current->text.clear();
    resampler.reset();
    rate = setup.source_rate;
    finish(std::nullopt);
    return;
  }
  attempt = 0;
  committed = false;
  use_rate(setup.source_rate);
  send();
}

// Converts from `source` to the call's rate from now on, when both are resampler rates.
void HttpTtsStream::Session::use_rate(int source) {
  resampler.reset();
  rate = source;
  if (source != setup.output_rate && audio::Resampler::is_supported_rate(source) &&
      audio::Resampler::is_supported_rate(setup.output_rate)) {
    auto created = audio::Resampler::create(source, setup.output_rate);
    if (created.ok()) {
      resampler.emplace(std::move(created).value());
      rate = setup.output_rate;
    }
  }
}

void HttpTtsStream::Session::send() {
  ++attempt;
  const int gen = ++generation;
  status = 0;
  not_audio.clear();
  retry_after.reset();
  error_body.clear();
  whole.clear();
  reader = PcmBodyReader{};
  std::weak_ptr<Session> weak = weak_from_this();
  net::HttpClientCallbacks callbacks;
  callbacks.on_response_head = [weak, gen](int s, const std::vector<net::HttpHeader>& headers) {
    if (auto self = weak.lock()) self->on_head(gen, s, headers);
  };
  callbacks.on_body_chunk = [weak, gen](std::string_view chunk) {
    if (auto self = weak.lock()) self->on_chunk(gen, chunk);
  };
  callbacks.on_complete = [weak, gen](const core::Result<void>& result) {
    if (auto self = weak.lock()) self->on_complete(gen, result);
  };
  call = setup.client->send(setup.request_for(current->text), std::move(callbacks),
                            core::VendorTag{setup.vendor, core::VendorKind::kTts});
}

void HttpTtsStream::Session::on_head(int gen, int response_status,
                                     const std::vector<net::HttpHeader>& headers) {
  if (gen != generation || stopped) return;
  status = response_status;
  for (const auto& header : headers) {
    if (net::iequals(header.name, "retry-after") && !is_success(status)) {
      retry_after = net::parse_retry_after(header.value, std::chrono::system_clock::now());
    }
    // A vendor that answers 200 with an error document must not be played as noise.
    if (net::iequals(header.name, "content-type") && is_success(status) && !setup.decode_body &&
        (header.value.starts_with("application/json") || header.value.starts_with("text/"))) {
      not_audio = header.value;
    }
  }
}

void HttpTtsStream::Session::on_chunk(int gen, std::string_view chunk) {
  if (gen != generation || stopped || !current) return;
  if (!is_success(status) || !not_audio.empty()) {
    const std::size_t room = setup.max_error_body_bytes - error_body.size();
    error_body.append(chunk.substr(0, std::min(room, chunk.size())));
    return;
  }
  if (setup.decode_body) {
    if (whole.size() + chunk.size() > setup.max_body_bytes) {
      error_body = "answer larger than " + std::to_string(setup.max_body_bytes) + " bytes";
      not_audio = "an oversized body";
      return;
    }
    whole.append(chunk);
    return;
  }
  audio_bytes(chunk);
}

void HttpTtsStream::Session::audio_bytes(std::string_view bytes) {
  const bool had_rate = reader.wav_rate().has_value();
  auto samples = reader.read(bytes);
  if (!had_rate && reader.wav_rate() && *reader.wav_rate() != setup.source_rate) {
    use_rate(*reader.wav_rate());  // the WAV header knows better than the request
  }
  if (samples.empty()) return;
  committed = true;
  deliver(resampler ? resampler->process(samples) : std::move(samples));
}

void HttpTtsStream::Session::deliver(std::vector<std::int16_t> samples) {
  if (!samples.empty()) emit(TtsEvent::Kind::kAudio, std::move(samples));
}

void HttpTtsStream::Session::on_complete(int gen, const core::Result<void>& result) {
  if (gen != generation || stopped || !current) return;
  if (status == 0) {  // no response at all
    core::Error error =
        result.ok() ? core::Error::unavailable(setup.vendor + ": no response") : result.error();
    retry_or_fail(error, setup.retry.should_retry(error, attempt));
    return;
  }
  if (!is_success(status)) {
    core::Error error = setup.error_for(status, error_body);
    // A 429 for a spent quota is a refusal, not a reason to wait (the vendor's error says);
    // and a vendor may throttle with another status (Polly: 400 ThrottlingException).
    const bool transient =
        error.code == core::ErrorCode::kUnavailable || error.code == core::ErrorCode::kRateLimited;
    const bool again =
        setup.retry.should_retry(status, attempt) ||
        (error.code == core::ErrorCode::kRateLimited && setup.retry.should_retry(error, attempt));
    retry_or_fail(std::move(error), transient && again);
    return;
  }
  if (!result.ok()) {
    retry_or_fail(result.error(), setup.retry.should_retry(result.error(), attempt));
    return;
  }
  if (!not_audio.empty()) {
    finish(core::Error::internal(setup.vendor + ": answered " + not_audio +
                                 " instead of audio: " + core::clip_utf8(error_body, 200)));
    return;
  }
  if (setup.decode_body) {
    auto decoded = setup.decode_body(whole);
    whole.clear();
    if (!decoded.ok()) {
      core::count_vendor_error({setup.vendor, core::VendorKind::kTts},
                               core::VendorErrorReason::kMalformed);
      finish(decoded.error());
      return;
    }
    audio_bytes(*decoded);
  }
  if (resampler) deliver(resampler->flush());
  finish(std::nullopt);
}

void HttpTtsStream::Session::retry_or_fail(core::Error error, bool retryable) {
  if (!retryable || committed) {
    finish(std::move(error));
    return;
  }
  const auto delay = setup.retry.delay(attempt, retry_after);
  core::log_warn("tts_retry", {{"vendor", setup.vendor},
                               {"attempt", attempt},
                               {"status", status},
                               {"error", error.message},
                               {"delay_ms", static_cast<std::int64_t>(delay.count())}});
  const int gen = generation;
  retry_timer = setup.loop->post_after(delay, [weak = weak_from_this(), gen] {
    auto self = weak.lock();
    if (self && !self->stopped && self->current && self->generation == gen) self->send();
  });
}

void HttpTtsStream::Session::finish(std::optional<core::Error> error) {
  if (error) {
    core::log_warn("tts_failed", {{"vendor", setup.vendor}, {"error", error->message}});
    emit(TtsEvent::Kind::kError, {}, std::move(*error));
  } else {
    emit(TtsEvent::Kind::kDone);
  }
  ++generation;
  net::HttpCall done = std::move(call);
  done.detach();  // finished; nothing to cancel
  current.reset();
  next();
}

void HttpTtsStream::Session::emit(TtsEvent::Kind kind, std::vector<std::int16_t> samples,
                                  core::Error error) {
  TtsEvent event;
  event.kind = kind;
  event.context = current->context;
  event.samples = std::move(samples);
  event.sample_rate = rate;
  if (kind == TtsEvent::Kind::kDone) event.characters = current->text.size();
  event.error = std::move(error);
  Sink::post(sink, std::move(event));
}

void HttpTtsStream::Session::cancel(TtsContextId context) {
  std::erase_if(queue, [context](const Job& job) { return job.context == context; });
  if (!current || current->context != context) return;
  ++generation;
  retry_timer.cancel();
  net::HttpCall stopping = std::move(call);
  stopping.cancel();
  current.reset();
  next();
}

void HttpTtsStream::Session::shutdown() {
  stopped = true;
  queue.clear();
  current.reset();
  retry_timer.cancel();
  net::HttpCall stopping = std::move(call);
  stopping.cancel();
}

HttpTtsStream::HttpTtsStream(std::shared_ptr<Session> session, std::shared_ptr<Filter> filter)
    : session_(std::move(session)), filter_(std::move(filter)) {}

HttpTtsStream::~HttpTtsStream() {
  close();
}

std::unique_ptr<HttpTtsStream> HttpTtsStream::start(HttpTtsSetup setup, core::Executor& events_on,
                                                    TtsEventHandler on_event) {
  auto filter = std::make_shared<Filter>();
  auto session = std::make_shared<Session>();
  session->setup = std::move(setup);
  session->sink = std::make_shared<Sink>(
      events_on, std::move(on_event), Sink::Predicate{},
      [filter](const TtsEvent& event) { return !filter->cancelled.contains(event.context); });
  // The connection opens before the first turn needs it (the vendor's origin only: the
  // request built here is thrown away).
  if (session->setup.client && session->setup.request_for) {
    session->setup.client->preconnect(session->setup.request_for("").url);
  }
  return std::unique_ptr<HttpTtsStream>(new HttpTtsStream(std::move(session), std::move(filter)));
}

void HttpTtsStream::push_text(TtsContextId context, std::string_view text) {
  if (closed_ || filter_->cancelled.contains(context)) return;
  pending_[context] += text;
}

void HttpTtsStream::flush(TtsContextId context) {
  if (closed_ || filter_->cancelled.contains(context)) return;
  Session::Job job{context, std::move(pending_[context])};
  pending_.erase(context);
  session_->setup.loop->post(
      [session = session_, job = std::move(job)]() mutable { session->enqueue(std::move(job)); });
}

void HttpTtsStream::cancel(TtsContextId context) {
  if (closed_) return;
  filter_->cancelled.insert(context);
  pending_.erase(context);
  session_->setup.loop->post([session = session_, context] { session->cancel(context); });
}

void HttpTtsStream::close() {
  if (closed_) return;
  closed_ = true;
  session_->sink->cancel();
  session_->setup.loop->post([session = session_] { session->shutdown(); });
}

HttpTtsSetup http_tts_setup(std::string vendor, net::EventLoop& loop,
                            std::shared_ptr<net::HttpClient> client,
                            const net::RetryPolicy::Options& retry, int source_rate,
                            int output_rate) {
  HttpTtsSetup setup;
  setup.error_for = [vendor](int status, std::string_view body) {
    return http_status_error(vendor, status, body);
  };
  setup.vendor = std::move(vendor);
  setup.loop = &loop;
  setup.client = std::move(client);
  setup.retry = net::RetryPolicy(retry);
  setup.source_rate = source_rate;
  setup.output_rate = output_rate;
  return setup;
}

std::function<net::HttpClientRequest(std::string_view text)> json_post_for(
    std::string url, std::vector<net::HttpHeader> headers,
    std::function<std::string(std::string_view text)> body_for) {
  headers.push_back({"Content-Type", "application/json"});
  return [url = std::move(url), headers = std::move(headers),
          body_for = std::move(body_for)](std::string_view text) {
    net::HttpClientRequest request;
    request.method = "POST";
    request.url = url;
    request.headers = headers;
    request.body = body_for(text);
    return request;
  };
}

}  // namespace ovos::providers::speech
