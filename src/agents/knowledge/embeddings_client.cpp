#include "agents/knowledge/embeddings_client.h"

#include <cassert>
#include <future>
#include <mutex>

#include "agents/knowledge/embeddings_protocol.h"
#include "core/logging.h"
#include "net/event_loop.h"
#include "providers/llm/openai/openai_errors.h"

namespace ovos::agents::knowledge {

net::HttpClientOptions embeddings_http_options() {
  net::HttpClientOptions options;
  options.connect_timeout = std::chrono::seconds(5);
  options.first_byte_timeout = std::chrono::seconds(60);
  options.idle_timeout = std::chrono::seconds(30);
  options.max_response_bytes = std::size_t{64} << 20;
  return options;
}

// One embed() call: its batches run one after another on the loop thread. `mutex` guards what
// cancel() touches from other threads; the rest is the loop's.
struct EmbeddingsCall::Job : std::enable_shared_from_this<Job> {
  net::EventLoop* loop = nullptr;
  std::shared_ptr<net::HttpClient> http;
  std::optional<net::RetryPolicy> retry;  // a copy: timers may outlive the client
  std::size_t max_error_body = 0;
  EmbeddingsTarget target;
  std::vector<std::string> inputs;
  std::vector<std::pair<std::size_t, std::size_t>> batches;  // [begin, end) of inputs

  std::mutex mutex;
  bool stopped = false;  // cancelled, or `done` has started
  net::HttpCall call;
  core::TimerHandle timer;
  EmbeddingsClient::Done done;

  // The loop thread's.
  std::size_t batch = 0;
  int attempt = 0;
  Embeddings vectors;

  void start_attempt();
  void on_response(core::Result<net::HttpClientResponse> response);
  void retry_or_fail(core::Error error, bool retryable,
                     std::optional<std::chrono::milliseconds> wait);
  void finish(core::Result<Embeddings> result);
  [[nodiscard]] std::string label() const {
    return "embeddings (" + target.provider + ", " + target.model + ")";
  }
};

void EmbeddingsCall::Job::start_attempt() {
  ++attempt;
  const auto [begin, end] = batches[batch];
  net::HttpClientRequest request;
  request.method = "POST";
  request.url = target.url;
  request.headers = target.headers;
  request.body = embeddings_request_body(
      target.model, std::span<const std::string>(inputs.data() + begin, end - begin));
  auto self = shared_from_this();
  net::HttpCall previous;
  {
    const std::lock_guard lock(mutex);
    if (stopped) return;
    previous = std::move(call);
    call = net::send_and_collect(
        *http, std::move(request),
        [self](core::Result<net::HttpClientResponse> response) {
          self->on_response(std::move(response));
        },
        core::VendorTag{target.provider, core::VendorKind::kEmbeddings});
  }
  previous.detach();  // finished already; nothing to cancel
}

void EmbeddingsCall::Job::on_response(core::Result<net::HttpClientResponse> response) {
  if (!response.ok()) {
    core::Error error = std::move(response).error();
    const bool retryable = retry->should_retry(error, attempt);
    error.message = label() + ": " + error.message;
    retry_or_fail(std::move(error), retryable, std::nullopt);
    return;
  }
  const int status = response->status;
  if (status < 200 || status >= 300) {
    std::optional<std::chrono::milliseconds> wait;
    if (auto header = response->header("retry-after")) {
      wait = net::parse_retry_after(*header, std::chrono::system_clock::now());
    }
    const std::string_view body = std::string_view(response->body).substr(0, max_error_body);
    core::Error error = providers::openai::parse_error_body(status, body);
    error.message = label() + ": " + error.message;
    // A spent quota (429 insufficient_quota) will not come back by waiting.
    const bool retryable =
        retry->should_retry(status, attempt) && error.code != core::ErrorCode::kPermissionDenied;
    retry_or_fail(std::move(error), retryable, wait);
    return;
  }
  const auto [begin, end] = batches[batch];
  auto parsed = parse_embeddings_response(response->body, end - begin);
  if (!parsed.ok()) {
    core::Error error = std::move(parsed).error();
    error.message = label() + ": " + error.message;
    finish(std::move(error));
    return;
  }
  for (auto& vector : *parsed) {
    if (!vectors.empty() && vector.size() != vectors.front().size()) {
      finish(core::Error::unavailable(label() + ": malformed embeddings response: batches of " +
                                      std::to_string(vectors.front().size()) + " and " +
                                      std::to_string(vector.size()) + " dimensions"));
      return;
    }
    vectors.push_back(std::move(vector));
  }
  if (++batch == batches.size()) {
    finish(std::move(vectors));
    return;
  }
  attempt = 0;
  start_attempt();
}

void EmbeddingsCall::Job::retry_or_fail(core::Error error, bool retryable,
                                        std::optional<std::chrono::milliseconds> wait) {
  if (!retryable) {
    finish(std::move(error));
    return;
  }
  const auto delay = retry->delay(attempt, wait);
  core::log_warn("embeddings_retry", {{"provider", target.provider},
                                      {"attempt", attempt},
                                      {"error", error.message},
                                      {"delay_ms", static_cast<std::int64_t>(delay.count())}});
  const std::lock_guard lock(mutex);
  if (stopped) return;
  timer = loop->post_after(delay, [self = shared_from_this()] { self->start_attempt(); });
}

void EmbeddingsCall::Job::finish(core::Result<Embeddings> result) {
  EmbeddingsClient::Done callback;
  {
    const std::lock_guard lock(mutex);
    if (stopped) return;
    stopped = true;
    callback = std::move(done);
  }
  callback(std::move(result));
}

EmbeddingsCall& EmbeddingsCall::operator=(EmbeddingsCall&& other) noexcept {
  if (this != &other) {
    cancel();
    job_ = std::move(other.job_);
  }
  return *this;
}

void EmbeddingsCall::cancel() {
  if (!job_) return;
  net::HttpCall call;
  core::TimerHandle timer;
  EmbeddingsClient::Done done;
  {
    const std::lock_guard lock(job_->mutex);
    job_->stopped = true;
    call = std::move(job_->call);
    timer = job_->timer;
    done = std::move(job_->done);  // released here, outside the lock, not on the loop
  }
  timer.cancel();
  call.cancel();
  job_.reset();
}

EmbeddingsClient::EmbeddingsClient(net::EventLoop& loop, Options options)
    : loop_(loop),
      options_(std::move(options)),
      retry_(options_.retry),
      http_(net::HttpClient::create(loop, options_.http)) {}

EmbeddingsClient::EmbeddingsClient(net::EventLoop& loop) : EmbeddingsClient(loop, Options{}) {}

EmbeddingsClient::~EmbeddingsClient() = default;

EmbeddingsCall EmbeddingsClient::embed(EmbeddingsTarget target, std::vector<std::string> inputs,
                                       Done done) {
  auto job = std::make_shared<EmbeddingsCall::Job>();
  job->loop = &loop_;
  job->http = http_;
  job->retry.emplace(retry_);
  job->max_error_body = options_.max_error_body_bytes;
  job->target = std::move(target);
  job->inputs = std::move(inputs);
  job->done = std::move(done);
  std::size_t begin = 0;
  while (begin < job->inputs.size()) {
    std::size_t end = begin;
    std::size_t bytes = 0;
    while (end < job->inputs.size() &&
           end - begin < std::max<std::size_t>(options_.batch_inputs, 1) &&
           (end == begin || bytes + job->inputs[end].size() <= options_.batch_bytes)) {
      bytes += job->inputs[end].size();
      ++end;
    }
    job->batches.emplace_back(begin, end);
    begin = end;
  }
  loop_.post([job] {
    if (job->batches.empty()) {
      job->finish(Embeddings{});
      return;
    }
    job->start_attempt();
  });
  return EmbeddingsCall(job);
}

core::Result<Embeddings> EmbeddingsClient::embed_blocking(EmbeddingsTarget target,
                                                          std::vector<std::string> inputs) {
  assert(!loop_.running_in_this_thread());
  std::promise<core::Result<Embeddings>> promise;
  auto future = promise.get_future();
  auto call =
      embed(std::move(target), std::move(inputs),
            [&promise](core::Result<Embeddings> result) { promise.set_value(std::move(result)); });
  auto result = future.get();
  return result;
}

}  // namespace ovos::agents::knowledge
