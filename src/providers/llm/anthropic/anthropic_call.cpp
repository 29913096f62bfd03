#include "providers/llm/anthropic/anthropic_call.h"

#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/logging.h"
#include "net/sse_parser.h"
#include "providers/llm/anthropic/anthropic_errors.h"
#include "providers/llm/anthropic/anthropic_stream_decoder.h"
#include "providers/llm/llm_event_sink.h"

namespace ovos::providers::anthropic {
namespace {

LlmEvent error_event(core::Error error) {
  LlmEvent event;
  event.kind = LlmEvent::Kind::kError;
  event.error = std::move(error);
  return event;
}

/// The I/O side of one completion. Lives in a shared_ptr owned by the completion; the HTTP
/// callbacks and timers hold weak references, so a cancelled call frees itself. Members below
/// "loop thread only" are touched on the loop alone; `mutex_` guards what cancel() takes.
class Call : public std::enable_shared_from_this<Call> {
 public:
  Call(CallSetup setup, std::shared_ptr<LlmEventSink> sink)
      : setup_(std::move(setup)), sink_(std::move(sink)) {}

  /// Posts the first attempt to the loop.
  void start() {
    setup_.loop->post([weak = weak_from_this()] {
      if (auto self = weak.lock()) self->attempt();
    });
  }

  /// Stops delivery, the request in flight and a pending retry. On the caller's executor.
  void cancel() {
    sink_->cancel();
    net::HttpCall http;
    core::TimerHandle timer;
    {
      const std::lock_guard lock(mutex_);
      http = std::move(http_);
      timer = retry_timer_;
    }
    // Outside the lock: HttpCall::cancel waits for a callback in progress, which may lock it.
    timer.cancel();
    http.cancel();
  }

 private:
  void attempt() {
    if (sink_->stopped()) return;
    ++attempt_;
    status_ = 0;
    streaming_ = false;
    error_body_.clear();
    retry_after_.reset();
    parser_ = net::SseParser{};
    decoder_ = AnthropicStreamDecoder{};

    const std::weak_ptr<Call> weak = weak_from_this();
    net::HttpClientCallbacks callbacks;
    callbacks.on_response_head = [weak](int status, const std::vector<net::HttpHeader>& headers) {
      if (auto self = weak.lock()) self->on_head(status, headers);
    };
    callbacks.on_body_chunk = [weak](std::string_view chunk) {
      if (auto self = weak.lock()) self->on_chunk(chunk);
    };
    callbacks.on_complete = [weak](core::Result<void> result) {
      if (auto self = weak.lock()) self->on_complete(std::move(result));
    };
    net::HttpCall call = setup_.client->send(setup_.request, std::move(callbacks),
                                             core::VendorTag{"anthropic", core::VendorKind::kLlm});
    {
      const std::lock_guard lock(mutex_);
      if (!sink_->stopped()) {
        http_ = std::move(call);
        return;
      }
    }
    call.cancel();
  }

  void on_head(int status, const std::vector<net::HttpHeader>& headers) {
    status_ = status;
    streaming_ = status >= 200 && status < 300;
    if (streaming_) return;
    for (const auto& header : headers) {
      if (net::iequals(header.name, "retry-after")) {
        retry_after_ = net::parse_retry_after(header.value, std::chrono::system_clock::now());
        break;
      }
    }
  }

  void on_chunk(std::string_view chunk) {
    if (done_ || sink_->stopped()) return;
    if (!streaming_) {
      const std::size_t room = setup_.max_error_body_bytes - error_body_.size();
      error_body_.append(chunk.substr(0, std::min(room, chunk.size())));
      return;
    }
    auto parsed = parser_.push(chunk);
    std::vector<LlmEvent> out;
    if (!parsed.ok()) {
      auto error = parsed.error();
      error.message = "anthropic: " + error.message;
      out.push_back(error_event(std::move(error)));
    } else {
      for (const auto& event : parsed.value()) {
        // The parser names an unnamed event "message"; the decoder then reads the data's type.
        const std::string_view name =
            event.event == "message" ? std::string_view{} : std::string_view{event.event};
        auto decoded = decoder_.feed(name, event.data);
        for (auto& e : decoded)
          out.push_back(std::move(e));
      }
    }
    deliver(std::move(out));
  }

  void on_complete(core::Result<void> result) {
    if (done_ || sink_->stopped()) return;
    if (streaming_) {
      std::vector<LlmEvent> out;
      if (result.ok()) {
        out = decoder_.finish();
      } else {
        auto error = result.error();
        error.message = "anthropic: " + error.message;
        out.push_back(error_event(std::move(error)));
      }
      if (out.empty()) return;
      if (!delivered_ && setup_.policy.should_retry(out.front().error, attempt_)) {
        retry(out.front().error);
        return;
      }
      deliver(std::move(out));
      return;
    }
    if (status_ != 0) {
      auto error = parse_error_body(status_, error_body_);
      error.message = "anthropic: " + error.message;
      if (setup_.policy.should_retry(status_, attempt_)) {
        retry(error);
        return;
      }
      deliver({error_event(std::move(error))});
      return;
    }
    auto error = result.ok() ? core::Error::internal("no response") : result.error();
    error.message = "anthropic: " + error.message;
    if (setup_.policy.should_retry(error, attempt_)) {
      retry(error);
      return;
    }
    deliver({error_event(std::move(error))});
  }

  void retry(const core::Error& error) {
    const auto wait = setup_.policy.delay(attempt_, retry_after_);
    core::log_warn("llm.anthropic.retry", {{"attempt", attempt_},
                                           {"status", status_},
                                           {"wait_ms", static_cast<std::int64_t>(wait.count())},
                                           {"error", error.message}});
    core::TimerHandle timer = setup_.loop->post_after(wait, [weak = weak_from_this()] {
      if (auto self = weak.lock()) self->attempt();
    });
    {
      const std::lock_guard lock(mutex_);
      if (!sink_->stopped()) {
        retry_timer_ = timer;
        return;
      }
    }
    timer.cancel();
  }

  void deliver(std::vector<LlmEvent> events) {
    if (events.empty()) return;
    delivered_ = true;
    for (const auto& event : events) {
      if (event.kind == LlmEvent::Kind::kToken && !first_token_ &&
          setup_.first_token_seconds != nullptr) {
        first_token_ = true;
        setup_.first_token_seconds->observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
      }
      if (event.kind == LlmEvent::Kind::kDone || event.kind == LlmEvent::Kind::kError) {
        done_ = true;
      }
    }
    LlmEventSink::post(sink_, std::move(events));
  }

  const CallSetup setup_;
  const std::shared_ptr<LlmEventSink> sink_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();

  std::mutex mutex_;
  net::HttpCall http_;             // guarded by mutex_
  core::TimerHandle retry_timer_;  // guarded by mutex_

  // Loop thread only.
  int attempt_ = 0;
  int status_ = 0;
  bool streaming_ = false;  // a 2xx head came: the body is the event stream
  std::string error_body_;
  std::optional<std::chrono::milliseconds> retry_after_;
  net::SseParser parser_;
  AnthropicStreamDecoder decoder_;
  bool delivered_ = false;  // an event was produced: no more retries
  bool first_token_ = false;
  bool done_ = false;  // the terminal event was produced
};

/// The caller's handle: cancels on destruction.
class AnthropicCompletion final : public LlmCompletion {
 public:
  explicit AnthropicCompletion(std::shared_ptr<Call> call) : call_(std::move(call)) {}
  ~AnthropicCompletion() override { cancel(); }
  AnthropicCompletion(const AnthropicCompletion&) = delete;
  AnthropicCompletion& operator=(const AnthropicCompletion&) = delete;
  void cancel() override { call_->cancel(); }

 private:
  std::shared_ptr<Call> call_;
};

}  // namespace

std::unique_ptr<LlmCompletion> start_call(CallSetup setup, core::Executor& events_on,
                                          LlmEventHandler on_event) {
  auto sink = std::make_shared<LlmEventSink>(events_on, std::move(on_event));
  auto call = std::make_shared<Call>(std::move(setup), std::move(sink));
  call->start();
  return std::make_unique<AnthropicCompletion>(std::move(call));
}

}  // namespace ovos::providers::anthropic
