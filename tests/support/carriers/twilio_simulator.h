#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "net/http_server.h"
#include "support/carriers/carrier_media_leg.h"
#include "support/carriers/simulator_web.h"

namespace ovos::testing {

/// Twilio as the server meets it, on loopback: its REST API (Calls.json: create, hang up with
/// Status=completed, update with new TwiML), and for each call the rest of what Twilio does:
/// signed status callbacks (X-Twilio-Signature), the TwiML's <Connect><Stream> followed by a
/// Media Streams WebSocket, and the inbound-call webhook. Written from Twilio's public
/// documentation. Thread-safe.
class TwilioSimulator {
 public:
  struct Options {
    std::string account_sid = "AC00000000000000000000000000000001";
    std::string auth_token = "simulated-auth-token-0001";
    bool answer = true;  // false: placed calls ring and are never answered
    std::chrono::milliseconds ring_time{100};
    bool sign_handshake = true;  // false: the media WebSocket handshake carries no signature
  };

  /// One call as Twilio knows it.
  struct Call {
    std::string sid;
    std::string to;
    std::string from;
    std::string direction;  // outbound-api | inbound
    std::string twiml;      // the TwiML that runs the call
    std::string status_callback;
    std::string stream_url;                         // from <Connect><Stream url>
    std::map<std::string, std::string> parameters;  // from <Parameter>
    std::unique_ptr<CarrierMediaLeg> leg;           // once the stream is open
    std::vector<long> callback_statuses;            // the server's answers to status callbacks
    bool hung_up_by_api = false;
    std::string transferred_to;  // from <Dial> in TwiML sent by the API
    std::string status = "queued";
    int sequence = 0;
  };

  explicit TwilioSimulator(Options options);
  /// Whether the next media handshakes are signed (Options::sign_handshake).
  void sign_handshake(bool on);
  TwilioSimulator() : TwilioSimulator(Options{}) {}
  ~TwilioSimulator();

  [[nodiscard]] std::string api_url() const;
  [[nodiscard]] const Options& options() const { return options_; }

  /// Waits for the n-th call placed through the REST API (0-based), with its stream open
  /// when `with_media`; null on timeout.
  std::shared_ptr<Call> wait_for_call(std::size_t n, bool with_media,
                                      std::chrono::milliseconds timeout);
  /// Rings `server_url`'s inbound webhook as Twilio does for a call to `to`; the TwiML answer
  /// is kept in the call, and its stream opened when it has one. `status` gets the HTTP status.
  std::shared_ptr<Call> ring(const std::string& server_url, const std::string& to,
                             const std::string& from, long* status = nullptr);
  /// Sends a status callback for `call` to its StatusCallback URL, signed (or with
  /// `signature` instead when given, "-" for none); returns the HTTP status.
  long send_status(Call& call, const std::string& status, const std::string& signature = "");
  /// The form body and signature of the last callback sent (to replay it).
  struct Sent {
    std::string url;
    std::string body;
    std::string signature;
  };
  [[nodiscard]] Sent last_sent() const;
  long resend(const Sent& sent);
  /// Requests to the REST API that were refused, with why.
  [[nodiscard]] std::vector<std::string> api_errors() const;

 private:
  net::HttpResponse handle(net::HttpRequest& request);
  net::HttpResponse create_call(const net::HttpRequest& request);
  net::HttpResponse update_call(const net::HttpRequest& request, const std::string& sid);
  void run_call(std::shared_ptr<Call> call);
  void open_stream(Call& call);
  long post_signed(const std::string& url,
                   const std::vector<std::pair<std::string, std::string>>& params,
                   const std::string& signature_override);

  Options options_;
  std::unique_ptr<net::HttpServer> server_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::shared_ptr<Call>> calls_;
  std::vector<std::string> api_errors_;
  GuardedThreads threads_{[this](std::string e) {
    std::lock_guard lock(mutex_);
    api_errors_.push_back(std::move(e));
  }};
  Sent last_sent_;
  int next_sid_ = 1;
};

}  // namespace ovos::testing
