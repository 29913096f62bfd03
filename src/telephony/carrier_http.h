#pragma once

// The request/response plumbing the three carrier controls share: sending on the HttpClient's
// loop with a deadline, hang-up's single retry, reading a carrier's error body and turning a
// refusal into an Error that names the carrier. Not for other modules.

#include <boost/json/object.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "net/http_client.h"
#include "telephony/carrier_control.h"
#include "telephony/carrier_input.h"

namespace ovos::telephony::detail {

/// A carrier's error body, read: its own code, words and documentation link (any may be empty).
struct CarrierMessage {
  std::string code;
  std::string text;
  std::string more_info;
};

/// What the plumbing knows of one carrier account. Immutable once built; shared by the requests.
struct CarrierApi {
  std::string name;             // "Twilio": in messages
  std::string key;              // "twilio": in log lines
  std::string credential_hint;  // "Account SID and auth token": what a 401 asks to check
  std::string base_url;         // "https://api.twilio.com", no trailing '/'
  std::string authorization;    // the Authorization header value; never logged
  CarrierMessage (*read_error)(std::string_view body) = nullptr;
};

/// One request to a carrier.
struct CarrierRequest {
  std::string operation;     // "place the call": in messages
  std::string method;        // "POST"
  std::string path;          // after base_url: "/2010-04-01/Accounts/AC.../Calls.json"
  std::string content_type;  // of `body`; empty when there is none
  std::string body;
  int attempts = 1;  // 2: one retry after a transport error, a timeout or a 5xx
  /// A refusal that means the work is done already (hanging up an ended call): delivered as
  /// the response, not as an error.
  std::function<bool(int status, const CarrierMessage& message)> already_done;
};

/// Sends one carrier account's requests. Thread-safe: immutable after construction. Requests in
/// flight keep the account's CarrierApi alive; `http` must outlive them.
class CarrierHttp {
 public:
  using Reply = core::Result<net::HttpClientResponse>;

  /// `account_check`: whether the account's fields are usable; when not, every operation fails
  /// with it.
  CarrierHttp(net::HttpClient& http, CarrierApi api, core::Result<void> account_check,
              CarrierControlOptions options);

  /// Sends `request` on the client's loop; `done` runs there once with a 2xx response (or an
  /// `already_done` refusal), or with the error that says what went wrong in the carrier's
  /// words: 401/403 kUnauthenticated, 400/404/422 kValidation, 429 kRateLimited, 5xx, transport
  /// errors and timeouts kUnavailable.
  void send(CarrierRequest request, std::function<void(Reply)> done) const;

  /// True when the account and `check` are fine; otherwise `done` is moved into a task that
  /// gets the kValidation error on the client's loop, and false.
  template <typename T>
  bool admit(const InputCheck& check, std::function<void(core::Result<T>)>& done) const {
    core::Result<void> verdict = account_check_.ok() ? check.result() : account_check_;
    if (verdict.ok()) return true;
    fail(std::move(verdict).error(), std::move(done));
    return false;
  }

  /// Runs done(error) on the client's loop.
  template <typename T>
  void fail(core::Error error, std::function<void(core::Result<T>)> done) const {
    post([done = std::move(done), error = std::move(error)]() mutable { done(std::move(error)); });
  }

 private:
  void post(std::function<void()> task) const;

  net::HttpClient& http_;
  std::shared_ptr<const CarrierApi> api_;
  core::Result<void> account_check_;
  CarrierControlOptions options_;
};

/// For operations whose answer carries nothing we need: success or the reply's error.
[[nodiscard]] std::function<void(CarrierHttp::Reply)> without_body(
    std::function<void(core::Result<void>)> done);

/// For a 2xx answer that is not what the carrier documents (kUnavailable).
[[nodiscard]] core::Error unexpected_answer(std::string_view carrier, std::string_view operation,
                                            int status, std::string_view what);

/// The error for a carrier's refusal of `operation` with `status` and its `message`.
[[nodiscard]] core::Error refusal_error(const CarrierApi& api, std::string_view operation,
                                        int status, const CarrierMessage& message);

/// Reads a JSON object from a response body; nullopt when it is not one.
[[nodiscard]] std::optional<boost::json::object> parse_json_object(std::string_view body);

/// The member as text: a string as is, a number or other value as its JSON.
[[nodiscard]] std::string json_text_at(const boost::json::object& owner, std::string_view key);

}  // namespace ovos::telephony::detail
