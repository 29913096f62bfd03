#include "agents/tasks/webhook_sender.h"

#include <condition_variable>
#include <mutex>

#include "agents/tasks/webhook_payload.h"
#include "agents/tasks/webhook_signature.h"
#include "core/logging.h"
#include "core/time_text.h"
#include "net/http_url.h"

namespace ovos::agents::tasks {

namespace json = boost::json;

namespace {

constexpr std::string_view kInterrupted = "interrupted: the server is shutting down";

net::HttpClientOptions client_options(const WebhookOptions& options) {
  net::HttpClientOptions o;
  o.connect_timeout = options.timeout;
  o.first_byte_timeout = options.timeout;
  o.idle_timeout = options.timeout;
  o.max_response_bytes = std::size_t{64} << 10;  // the answer's body is not used
  o.max_idle_connections_per_host = 2;
  o.ca_file = options.ca_file;
  o.public_addresses_only = !options.allow_private_networks;
  return o;
}

bool success(int status) {
  return status >= 200 && status < 300;
}

}  // namespace

/// The answer to one attempt: a status (and Retry-After) once a response head came, else the
/// transport error.
struct WebhookSender::Answer {
  int status = 0;
  std::optional<std::chrono::milliseconds> retry_after;
  std::optional<core::Error> error;
  bool stopped = false;
};

json::object WebhookOutcome::to_json() const {
  return {{"status", delivered ? "delivered" : "failed"},
          {"attempts", attempts},
          {"http_status", http_status ? json::value(*http_status) : json::value(nullptr)},
          {"error", error.empty() ? json::value(nullptr) : json::value(error)},
          {"delivered_at",
           delivered_at ? json::value(core::format_utc_time(*delivered_at)) : json::value(nullptr)},
          {"delivery_id", delivery_id}};
}

WebhookSender::WebhookSender(net::EventLoop& loop, const core::Clock& clock, WebhookOptions options,
                             net::RetryPolicy::RandomSource random)
    : clock_(clock),
      options_(std::move(options)),
      retry_({options_.max_attempts, options_.base_backoff, options_.max_backoff},
             std::move(random)),
      client_(net::HttpClient::create(loop, client_options(options_))) {}

WebhookSender::~WebhookSender() = default;

WebhookSender::Answer WebhookSender::send_once(const net::HttpClientRequest& request,
                                               std::stop_token stop) const {
  struct Shared {
    std::mutex mutex;
    std::condition_variable_any changed;
    Answer answer;
    bool done = false;
  };
  auto shared = std::make_shared<Shared>();
  net::HttpClientCallbacks callbacks;
  callbacks.on_response_head = [shared](int status, const std::vector<net::HttpHeader>& headers) {
    const std::lock_guard lock(shared->mutex);
    shared->answer.status = status;
    for (const auto& header : headers) {
      if (net::iequals(header.name, "retry-after")) {
        shared->answer.retry_after =
            net::parse_retry_after(header.value, std::chrono::system_clock::now());
        break;
      }
    }
  };
  callbacks.on_complete = [shared](core::Result<void> result) {
    const std::lock_guard lock(shared->mutex);
    // Once the head came the status decides, even if the body then failed (too long, cut).
    if (!result.ok() && shared->answer.status == 0)
      shared->answer.error = std::move(result).error();
    shared->done = true;
    shared->changed.notify_all();
  };
  net::HttpCall call = client_->send(request, std::move(callbacks),
                                     core::VendorTag{"webhook", core::VendorKind::kWebhook});
  std::unique_lock lock(shared->mutex);
  if (shared->changed.wait_for(lock, stop, options_.attempt_limit, [&] { return shared->done; })) {
    return std::move(shared->answer);
  }
  lock.unlock();
  call.cancel();  // no callback runs after this
  lock.lock();
  Answer answer = std::move(shared->answer);
  if (stop.stop_requested()) {
    answer.stopped = true;
  } else if (answer.status == 0) {  // a head that came decides, even if the body never ends
    answer.error = core::Error::unavailable("no answer within " +
                                            std::to_string(options_.attempt_limit.count()) + " ms");
  }
  return answer;
}

WebhookOutcome WebhookSender::deliver(const WebhookRequest& request, std::stop_token stop) const {
  WebhookOutcome outcome;
  outcome.delivery_id = request.delivery_id;
  const auto url = net::parse_http_url(request.url);
  if (!url.ok()) {
    outcome.error = "the webhook URL is not usable: " + url.error().message;
    return outcome;
  }
  for (int attempt = 1;; ++attempt) {
    if (stop.stop_requested()) {
      outcome.error = outcome.error.empty() ? std::string(kInterrupted)
                                            : outcome.error + "; " + std::string(kInterrupted);
      return outcome;
    }
    bool retry = false;
    std::optional<std::chrono::milliseconds> wait;
    net::HttpClientRequest http;
    http.method = "POST";
    http.url = request.url;
    http.body = request.body;
    http.headers = {{"Content-Type", "application/json"},
                    {std::string(kEventHeader), std::string(kCallCompletedEvent)},
                    {std::string(kDeliveryHeader), request.delivery_id},
                    {std::string(kSignatureHeader),
                     webhook_signature(request.secret, clock_.unix_ms() / 1000, request.body)}};
    outcome.attempts = attempt;
    Answer answer = send_once(http, stop);
    if (answer.stopped) continue;  // reported at the top of the loop
    if (answer.error) {
      outcome.error = answer.error->message;
      if (answer.error->code == core::ErrorCode::kPermissionDenied) {
        outcome.error +=
            "; the operator can allow private networks with "
            "OVOS_WEBHOOK_ALLOW_PRIVATE_NETWORKS=true";
      }
      retry = retry_.should_retry(*answer.error, attempt);
    } else {
      outcome.http_status = answer.status;
      if (success(answer.status)) {
        outcome.delivered = true;
        outcome.delivered_at = clock_.unix_ms();
        outcome.error.clear();
        return outcome;
      }
      outcome.error = "the receiver answered HTTP " + std::to_string(answer.status);
      retry = retry_.should_retry(answer.status, attempt);
      wait = answer.retry_after;
    }
    if (!retry) return outcome;
    const auto delay = retry_.delay(attempt, wait);
    // The URL stays out of the log: its path may be a capability (a token in the path).
    core::log_info("webhook.retry", {{"delivery_id", request.delivery_id},
                                     {"attempt", attempt},
                                     {"http_status", outcome.http_status.value_or(0)},
                                     {"delay_ms", static_cast<std::int64_t>(delay.count())}});
    std::mutex mutex;
    std::condition_variable_any never;
    std::unique_lock lock(mutex);
    (void)never.wait_for(lock, stop, delay, [] { return false; });
  }
}

}  // namespace ovos::agents::tasks
