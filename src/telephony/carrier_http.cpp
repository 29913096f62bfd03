#include "telephony/carrier_http.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/logging.h"
#include "core/utf8.h"
#include "net/event_loop.h"

namespace ovos::telephony::detail {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxQuotedBytes = 300;  // of a carrier's words in our messages

std::string duration_text(std::chrono::milliseconds d) {
  const auto ms = d.count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

// The carrier's words for a message: its error body read, else the body itself when it is short
// plain text (not an HTML error page from a proxy).
std::string carrier_words(const CarrierMessage& message) {
  std::string words = core::clip_utf8(message.text, kMaxQuotedBytes);
  if (!message.code.empty()) words = "error " + message.code + (words.empty() ? "" : ": " + words);
  if (!message.more_info.empty()) words += " (" + message.more_info + ")";
  return words;
}

CarrierMessage read_message(const CarrierApi& api, std::string_view body) {
  CarrierMessage message = api.read_error != nullptr ? api.read_error(body) : CarrierMessage{};
  if (message.text.empty() && message.code.empty() && !body.empty() && body.front() != '<' &&
      body.front() != '{') {
    message.text = std::string(body);
  }
  return message;
}

// One request's state, touched on the client's loop only.
struct Exchange {
  net::HttpClient& http;
  std::shared_ptr<const CarrierApi> api;
  CarrierControlOptions options;
  CarrierRequest request;
  std::function<void(CarrierHttp::Reply)> done;
  int attempt = 0;
  bool finished = false;
  net::HttpCall call;
  core::TimerHandle deadline;
};

void start_attempt(const std::shared_ptr<Exchange>& x);

void finish(Exchange& x, CarrierHttp::Reply reply) {
  if (x.finished) return;
  x.finished = true;
  x.deadline.cancel();
  if (!reply.ok()) {
    core::log_warn("telephony.carrier_request_failed", {{"carrier", x.api->key},
                                                        {"operation", x.request.operation},
                                                        {"attempts", x.attempt},
                                                        {"reason", reply.error().message}});
  }
  auto done = std::move(x.done);
  done(std::move(reply));
}

// Retries when attempts are left (after a pause), else finishes with `error`.
void retry_or_fail(const std::shared_ptr<Exchange>& x, core::Error error) {
  if (x->attempt >= x->request.attempts) {
    finish(*x, std::move(error));
    return;
  }
  x->deadline.cancel();
  x->http.loop().post_after(x->options.hang_up_retry_delay, [x] { start_attempt(x); });
}

void on_response(const std::shared_ptr<Exchange>& x, core::Result<net::HttpClientResponse> r) {
  if (x->finished) return;
  const CarrierApi& api = *x->api;
  if (!r.ok()) {
    retry_or_fail(x, core::Error::unavailable("could not reach " + api.name + "'s API to " +
                                              x->request.operation + ": " + r.error().message));
    return;
  }
  const int status = r->status;
  if (status >= 200 && status <= 299) {
    finish(*x, std::move(r));
    return;
  }
  const CarrierMessage message = read_message(api, r->body);
  if (x->request.already_done && x->request.already_done(status, message)) {
    finish(*x, std::move(r));
    return;
  }
  core::Error error = refusal_error(api, x->request.operation, status, message);
  if (status >= 500) {
    retry_or_fail(x, std::move(error));
  } else {
    finish(*x, std::move(error));
  }
}

void start_attempt(const std::shared_ptr<Exchange>& x) {
  if (x->finished) return;
  ++x->attempt;
  const auto timeout = x->options.request_timeout;
  x->deadline = x->http.loop().post_after(timeout, [weak = std::weak_ptr<Exchange>(x), timeout] {
    const auto s = weak.lock();
    if (!s || s->finished) return;
    s->call.cancel();
    core::count_vendor_error({s->api->name, core::VendorKind::kCarrier},
                             core::VendorErrorReason::kTimeout);
    retry_or_fail(s,
                  core::Error::unavailable(s->api->name + "'s API did not answer within " +
                                           duration_text(timeout) + " to " + s->request.operation));
  });
  net::HttpClientRequest request;
  request.method = x->request.method;
  request.url = x->api->base_url + x->request.path;
  request.headers.push_back({"Authorization", x->api->authorization});
  request.headers.push_back({"Accept", "application/json"});
  if (!x->request.content_type.empty()) {
    request.headers.push_back({"Content-Type", x->request.content_type});
  }
  request.body = x->request.body;
  const int attempt = x->attempt;
  x->call = net::send_and_collect(
      x->http, std::move(request),
      [x, attempt](core::Result<net::HttpClientResponse> r) {
        if (x->attempt == attempt) on_response(x, std::move(r));
      },
      core::VendorTag{x->api->name, core::VendorKind::kCarrier});
}

}  // namespace

CarrierHttp::CarrierHttp(net::HttpClient& http, CarrierApi api, core::Result<void> account_check,
                         CarrierControlOptions options)
    : http_(http),
      api_(std::make_shared<const CarrierApi>(std::move(api))),
      account_check_(std::move(account_check)),
      options_(options) {}

void CarrierHttp::send(CarrierRequest request, std::function<void(Reply)> done) const {
  auto x = std::make_shared<Exchange>(
      Exchange{http_, api_, options_, std::move(request), std::move(done), 0, false, {}, {}});
  http_.loop().post([x] { start_attempt(x); });
}

void CarrierHttp::post(std::function<void()> task) const {
  http_.loop().post(std::move(task));
}

std::function<void(CarrierHttp::Reply)> without_body(std::function<void(core::Result<void>)> done) {
  return [done = std::move(done)](CarrierHttp::Reply reply) {
    done(reply.ok() ? core::ok() : core::Result<void>(std::move(reply).error()));
  };
}

core::Error unexpected_answer(std::string_view carrier, std::string_view operation, int status,
                              std::string_view what) {
  return core::Error::unavailable(std::string(carrier) + " answered " + std::to_string(status) +
                                  " to " + std::string(operation) + " but " + std::string(what));
}

core::Error refusal_error(const CarrierApi& api, std::string_view operation, int status,
                          const CarrierMessage& message) {
  const std::string words = carrier_words(message);
  const std::string said = words.empty() ? "" : ": " + words;
  const std::string code = std::to_string(status);
  const std::string op(operation);
  if (status == 401 || status == 403) {
    return core::Error::unauthenticated(
        api.name + " refused the account credentials (" + code + "): check the " +
        api.credential_hint + " in your provider keys" +
        (words.empty() ? "" : " (" + api.name + " said " + words + ")"));
  }
  if (status == 400 || status == 404 || status == 422) {
    return core::Error::validation(api.name + " refused to " + op + " (" + code + ")" + said, {});
  }
  if (status == 429) {
    return {core::ErrorCode::kRateLimited,
            api.name + " is limiting this account's request rate (429) and did not " + op + said,
            {}};
  }
  if (status >= 500) {
    return core::Error::unavailable(api.name + "'s API failed to " + op + " (" + code + ")" + said +
                                    "; try again later");
  }
  if (status == 402) {
    return {core::ErrorCode::kPermissionDenied,
            api.name + " refused to " + op +
                " (402): the account's plan or balance does not allow it" + said,
            {}};
  }
  if (status == 409) return core::Error::conflict(api.name + " refused to " + op + " (409)" + said);
  return core::Error::internal(api.name + " answered HTTP " + code + " when asked to " + op + said);
}

std::optional<json::object> parse_json_object(std::string_view body) {
  boost::system::error_code ec;
  json::value value = json::parse(body, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

std::string json_text_at(const json::object& owner, std::string_view key) {
  const json::value* value = owner.if_contains(key);
  if (value == nullptr || value->is_null()) return {};
  if (value->is_string()) return std::string(value->get_string());
  return json::serialize(*value);
}

}  // namespace ovos::telephony::detail
