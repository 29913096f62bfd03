#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "net/http_server.h"
#include "support/carriers/carrier_media_leg.h"
#include "support/carriers/simulator_web.h"

namespace ovos::testing {

/// Plivo as the server meets it, on loopback: its Voice API (Call/: make a call, hang it up
/// with DELETE, transfer it to new XML), and for each call the rest of what Plivo does:
/// ring_url and hangup_url callbacks and the answer_url fetch, signed with
/// X-Plivo-Signature-V3; the answer XML's <Stream> followed by an Audio Streaming WebSocket
/// (whose handshake Plivo does not sign); the application's answer URL for inbound calls.
/// Written from Plivo's public documentation. Thread-safe.
class PlivoSimulator {
 public:
  struct Options {
    std::string auth_id = "MAZDQ1ZDA3MJRMZWZJYT";
    std::string auth_token = "simulated-plivo-auth-token-0001";
    bool answer = true;  // false: placed calls ring and are never answered
    std::chrono::milliseconds ring_time{100};
  };

  /// One call as Plivo knows it.
  struct Call {
    std::string request_uuid;  // what the Call API answered
    std::string call_uuid;     // the call's own id, from the answer on
    std::string stream_id;
    std::string to;  // as Plivo writes numbers: country code, no '+'
    std::string from;
    std::string direction;  // outbound | inbound
    std::string answer_url;
    std::string ring_url;
    std::string hangup_url;
    std::string answer_xml;  // what answer_url returned
    long answer_status = 0;  // its HTTP status
    std::string stream_url;  // the <Stream> element's text
    std::string stream_content_type;
    std::unique_ptr<CarrierMediaLeg> leg;  // once the stream is open
    std::vector<long> callback_statuses;   // the server's answers to ring/hangup callbacks
    bool hung_up_by_api = false;
    std::string transfer_url;    // aleg_url of a transfer through the API
    std::string transfer_xml;    // what it returned
    std::string transferred_to;  // the <Dial><Number> (or <User>) of that XML
    std::string status = "queued";
    std::chrono::steady_clock::time_point answered_at{};
  };

  /// How a callback is signed: by default correctly with a fresh nonce.
  struct Signing {
    std::string signature;  // instead of the right one; "-" sends no signature headers
    std::string nonce;      // sign (correctly) with this nonce instead of a fresh one
  };
  /// One request sent to the server, as it went (to replay it).
  struct Sent {
    std::string url;
    std::string body;
    std::string signature;  // "-": none
    std::string nonce;
  };

  explicit PlivoSimulator(Options options);
  PlivoSimulator() : PlivoSimulator(Options{}) {}
  ~PlivoSimulator();

  /// "http://127.0.0.1:<port>": OVOS_PLIVO_API_URL.
  [[nodiscard]] std::string api_url() const;
  [[nodiscard]] const Options& options() const { return options_; }

  /// Waits for the n-th call placed through the API (0-based), with its stream open when
  /// `with_media`; null on timeout.
  std::shared_ptr<Call> wait_for_call(std::size_t n, bool with_media,
                                      std::chrono::milliseconds timeout);
  /// An inbound call to `to` from `from` (E.164): posts the answer URL of the application,
  /// `server_url` + /v1/telephony/plivo/answer, signed; opens the stream the XML names.
  std::shared_ptr<Call> ring(const std::string& server_url, const std::string& to,
                             const std::string& from);
  /// The caller hangs up: the stream closes (no message), then the hangup_url callback.
  void hang_up(Call& call);
  /// Posts a hangup_url-style callback with `status` for `call`; returns the HTTP status.
  long send_status(Call& call, const std::string& status, const Signing& signing = {});
  /// Posts the answer_url request of `call` again; returns the HTTP status.
  long send_answer(Call& call, const Signing& signing = {});
  [[nodiscard]] Sent last_sent() const;
  long resend(const Sent& sent);
  /// Requests to the API that were refused, and failures of the simulator's own threads.
  [[nodiscard]] std::vector<std::string> api_errors() const;

 private:
  net::HttpResponse handle(net::HttpRequest& request);
  net::HttpResponse create_call(const net::HttpRequest& request);
  net::HttpResponse delete_call(const std::string& uuid, bool request);
  net::HttpResponse transfer_call(const net::HttpRequest& request, const std::string& uuid);
  std::shared_ptr<Call> find(const std::string& uuid);
  void run_call(const std::shared_ptr<Call>& call);
  void run_transfer(const std::shared_ptr<Call>& call);
  void answer_and_stream(Call& call);
  void open_stream(Call& call);
  FormParams call_params(const Call& call, const std::string& status, const std::string& event);
  HttpResult post_signed(const std::string& url, const FormParams& params, const Signing& signing);
  std::string next_uuid();
  void record_error(std::string error);

  Options options_;
  std::unique_ptr<net::HttpServer> server_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::shared_ptr<Call>> calls_;
  std::vector<std::string> api_errors_;
  Sent last_sent_;
  int next_uuid_ = 1;
  GuardedThreads threads_{[this](std::string e) { record_error(std::move(e)); }};
};

}  // namespace ovos::testing
