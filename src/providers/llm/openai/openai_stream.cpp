#include "providers/llm/openai/openai_stream.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

#include "core/logging.h"
#include "net/sse_parser.h"
#include "providers/llm/llm_event_sink.h"
#include "providers/llm/openai/openai_errors.h"
#include "providers/llm/openai/openai_stream_decoder.h"

namespace ovos::providers::openai {
namespace {

using Clock = std::chrono::steady_clock;

LlmEvent error_event(core::Error error) {
  LlmEvent event;
  event.kind = LlmEvent::Kind::kError;
  event.error = std::move(error);
  return event;
}

bool is_success(int status) {
  return status >= 200 && status < 300;
}

}  // namespace

// Lock order: a request's callbacks run under its HttpCall's lock and may take `mutex`; so
// `mutex` is never held while cancelling an HttpCall.
struct OpenAiCompletion::Stream : std::enable_shared_from_this<Stream> {
  OpenAiStreamSetup setup;
  net::HttpClientRequest request;
  std::shared_ptr<LlmEventSink> delivery;
  Clock::time_point started = Clock::now();
  std::atomic<std::int64_t> first_token_ns{-1};
  std::atomic<int> attempts{0};

  // Shared between cancel() (the caller's executor) and the loop.
  std::mutex mutex;
  bool stopped = false;
  net::HttpCall call;
  core::TimerHandle retry_timer;

  // The loop's thread only.
  int attempt = 0;
  int status = 0;          // of the current attempt's response, 0 before its head
  bool live = false;       // the current attempt's callbacks still matter
  bool committed = false;  // a token or tool call was handed out: no more retries
  bool finished = false;   // the terminal event was handed out
  std::optional<std::chrono::milliseconds> retry_after;
  std::string error_body;
  net::SseParser parser;
  OpenAiStreamDecoder decoder;

  void start_attempt();
  void on_head(int response_status, const std::vector<net::HttpHeader>& headers);
  void on_chunk(std::string_view chunk);
  void on_complete(const core::Result<void>& result);
  void handle(std::vector<LlmEvent> events);
  void retry_or_fail(core::Error error, bool retryable,
                     std::optional<std::chrono::milliseconds> wait = std::nullopt);
  void note_first_token();
  void abandon_call();
  void stop();
};

void OpenAiCompletion::Stream::start_attempt() {
  ++attempt;
  attempts.store(attempt);
  status = 0;
  live = true;
  retry_after.reset();
  error_body.clear();
  parser = net::SseParser{};
  decoder = OpenAiStreamDecoder{};

  net::HttpClientCallbacks callbacks;
  auto self = shared_from_this();
  callbacks.on_response_head = [self](int s, const std::vector<net::HttpHeader>& headers) {
    self->on_head(s, headers);
  };
  callbacks.on_body_chunk = [self](std::string_view chunk) { self->on_chunk(chunk); };
  callbacks.on_complete = [self](const core::Result<void>& result) { self->on_complete(result); };
  net::HttpCall previous;
  {
    const std::lock_guard lock(mutex);
    if (stopped) return;
    previous = std::move(call);
    call = setup.client->send(request, std::move(callbacks),
                              core::VendorTag{setup.provider, core::VendorKind::kLlm});
  }
  // `previous` (a finished or abandoned attempt) is released here, outside the lock.
}

void OpenAiCompletion::Stream::on_head(int response_status,
                                       const std::vector<net::HttpHeader>& headers) {
  status = response_status;
  if (is_success(status)) return;
  for (const auto& header : headers) {
    if (net::iequals(header.name, "retry-after")) {
      retry_after = net::parse_retry_after(header.value, std::chrono::system_clock::now());
      break;
    }
  }
}

void OpenAiCompletion::Stream::on_chunk(std::string_view chunk) {
  if (!live || finished) return;
  if (!is_success(status)) {
    const std::size_t room = setup.max_error_body_bytes - error_body.size();
    error_body.append(chunk.substr(0, std::min(room, chunk.size())));
    return;
  }
  auto events = parser.push(chunk);
  if (!events) {
    handle({error_event(std::move(events).error())});
    return;
  }
  for (auto& event : *events) {
    handle(decoder.feed(event.data));
    if (!live || finished) return;
  }
}

void OpenAiCompletion::Stream::on_complete(const core::Result<void>& result) {
  if (!live || finished) return;
  if (status == 0) {  // no response at all
    core::Error error = result.ok() ? core::Error::unavailable("no response") : result.error();
    const bool retryable = setup.retry.should_retry(error, attempt);
    live = false;
    retry_or_fail(std::move(error), retryable);
    return;
  }
  if (is_success(status)) {
    if (!result.ok()) {
      handle({error_event(result.error())});
    } else {
      handle(decoder.finish());
    }
    return;
  }
  live = false;
  retry_or_fail(parse_error_body(status, error_body), setup.retry.should_retry(status, attempt),
                retry_after);
}

void OpenAiCompletion::Stream::handle(std::vector<LlmEvent> events) {
  for (auto& event : events) {
    if (!live || finished) return;
    switch (event.kind) {
      case LlmEvent::Kind::kToken:
      case LlmEvent::Kind::kToolCall:
        note_first_token();
        LlmEventSink::post(delivery, {std::move(event)});
        break;
      case LlmEvent::Kind::kDone:
        finished = true;
        LlmEventSink::post(delivery, {std::move(event)});
        break;
      case LlmEvent::Kind::kError: {
        // The stream failed (cut, malformed, an in-stream error): this attempt is over.
        live = false;
        const bool retryable = setup.retry.should_retry(event.error, attempt);
        abandon_call();
        retry_or_fail(std::move(event.error), retryable);
        return;
      }
    }
  }
}

void OpenAiCompletion::Stream::retry_or_fail(core::Error error, bool retryable,
                                             std::optional<std::chrono::milliseconds> wait) {
  if (retryable && !committed) {
    const auto delay = setup.retry.delay(attempt, wait);
    core::log_warn("llm_retry", {{"provider", setup.provider},
                                 {"attempt", attempt},
                                 {"status", status},
                                 {"error", error.message},
                                 {"delay_ms", static_cast<std::int64_t>(delay.count())}});
    const std::lock_guard lock(mutex);
    if (stopped) return;
    retry_timer = setup.loop->post_after(delay, [self = shared_from_this()] {
      if (!self->finished) self->start_attempt();
    });
    return;
  }
  finished = true;
  LlmEventSink::post(delivery, {error_event(std::move(error))});
}

void OpenAiCompletion::Stream::note_first_token() {
  if (committed) return;
  committed = true;
  const auto elapsed = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - started);
  first_token_ns.store(elapsed.count());
  const double seconds = std::chrono::duration<double>(elapsed).count();
  if (setup.first_token_seconds != nullptr) setup.first_token_seconds->observe(seconds);
  core::log_debug("llm_first_token",
                  {{"provider", setup.provider}, {"seconds", seconds}, {"attempt", attempt}});
}

void OpenAiCompletion::Stream::abandon_call() {
  net::HttpCall current;
  {
    const std::lock_guard lock(mutex);
    current = std::move(call);
  }
  current.cancel();  // from inside its own callback: allowed
}

void OpenAiCompletion::Stream::stop() {
  net::HttpCall current;
  {
    const std::lock_guard lock(mutex);
    stopped = true;
    current = std::move(call);
    retry_timer.cancel();
  }
  current.cancel();  // waits for a callback in progress; none runs after it
}

OpenAiCompletion::OpenAiCompletion(std::shared_ptr<Stream> stream) : stream_(std::move(stream)) {}

OpenAiCompletion::~OpenAiCompletion() {
  cancel();
}

std::unique_ptr<OpenAiCompletion> OpenAiCompletion::start(OpenAiStreamSetup setup,
                                                          net::HttpClientRequest request,
                                                          core::Executor& events_on,
                                                          LlmEventHandler on_event) {
  auto stream = std::make_shared<Stream>();
  stream->setup = std::move(setup);
  stream->request = std::move(request);
  stream->delivery = std::make_shared<LlmEventSink>(events_on, std::move(on_event));
  // The first attempt starts on the loop like the others, so the attempt state stays there.
  stream->setup.loop->post([stream] { stream->start_attempt(); });
  return std::unique_ptr<OpenAiCompletion>(new OpenAiCompletion(std::move(stream)));
}

std::unique_ptr<OpenAiCompletion> OpenAiCompletion::failed(core::Error error,
                                                           core::Executor& events_on,
                                                           LlmEventHandler on_event) {
  auto stream = std::make_shared<Stream>();
  stream->delivery = std::make_shared<LlmEventSink>(events_on, std::move(on_event));
  stream->finished = true;
  LlmEventSink::post(stream->delivery, {error_event(std::move(error))});
  return std::unique_ptr<OpenAiCompletion>(new OpenAiCompletion(std::move(stream)));
}

void OpenAiCompletion::cancel() {
  stream_->delivery->cancel();
  stream_->stop();
}

std::optional<std::chrono::nanoseconds> OpenAiCompletion::time_to_first_token() const {
  const auto ns = stream_->first_token_ns.load();
  if (ns < 0) return std::nullopt;
  return std::chrono::nanoseconds(ns);
}

int OpenAiCompletion::attempts() const {
  return stream_->attempts.load();
}

}  // namespace ovos::providers::openai
