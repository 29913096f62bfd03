#pragma once

#include <atomic>
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

/// Exotel as the server meets it, on loopback: its Voice v1 API (Calls/connect to a flow,
/// AgentStream's calls/connect straight to a stream URL, Call details), HTTP Basic auth with
/// the API key and token, errors as {"RestException": {...}}; and for each call the rest of
/// what Exotel does: status callbacks as multipart/form-data (unsigned: Exotel signs nothing),
/// and the Voicebot stream, opened to the call's streamurl or, for a flow (and for inbound
/// calls to an ExoPhone), to the flow's Voicebot applet URL, whose credentials
/// (wss://KEY:TOKEN@host/...) travel as an Authorization: Basic header. A call ends when its
/// stream does: the caller hangs up (stop), or the server closes the stream. Written from
/// Exotel's public documentation. Thread-safe.
class ExotelSimulator {
 public:
  struct Options {
    std::string api_key = "exo-sim-key-0001";
    std::string api_token = "exo-sim-token-0001";
    std::string account_sid = "openvoiceos1";
    std::string app_id = "926";  // the flow whose Voicebot applet streams to voicebot_url
    bool answer = true;          // false: placed calls ring and are never answered
    std::chrono::milliseconds ring_time{100};
  };

  /// One call as Exotel knows it.
  struct Call {
    std::string sid;
    std::string to;          // the customer Exotel dials (or who called, inbound)
    std::string caller_id;   // the ExoPhone
    std::string mode;        // "stream" (calls/connect with streamurl), "flow", "inbound"
    std::string stream_url;  // where the stream went, without credentials
    std::string status_callback;
    std::string custom_field;
    std::vector<std::string> callback_events;  // what statuscallbackevents asked for
    std::unique_ptr<CarrierMediaLeg> leg;      // once the stream is open
    std::string stream_error;                  // why it could not open
    std::vector<long> callback_statuses;       // the server's answers to status callbacks
    int callbacks_in_flight = 0;
    std::string status = "queued";
  };

  explicit ExotelSimulator(Options options);
  ExotelSimulator() : ExotelSimulator(Options{}) {}
  ~ExotelSimulator();

  /// "http://127.0.0.1:<port>": OVOS_EXOTEL_API_URL.
  [[nodiscard]] std::string api_url() const;
  [[nodiscard]] const Options& options() const { return options_; }
  /// The URL in the flow's Voicebot applet, as the user writes it there
  /// (ws://KEY:TOKEN@127.0.0.1:port/v1/telephony/exotel/voicebot/<user>).
  void set_voicebot_url(std::string url);

  /// Waits for the n-th call (0-based, placed or inbound), with its stream open when
  /// `with_media`; null on timeout.
  std::shared_ptr<Call> wait_for_call(std::size_t n, bool with_media,
                                      std::chrono::milliseconds timeout);
  /// An inbound call from `from` to the ExoPhone `to`: the flow's Voicebot applet opens its
  /// stream. The call comes back even when the stream could not open (see stream_error).
  std::shared_ptr<Call> ring(const std::string& to, const std::string& from);
  /// The caller hangs up: stop, the socket closes, the terminal status callback follows.
  void hang_up(Call& call);
  /// Waits until `call` has ended: its status final and every callback answered.
  bool wait_ended(const Call& call, std::chrono::milliseconds timeout);
  /// Requests to the API that were refused, and failures of the simulator's own threads.
  [[nodiscard]] std::vector<std::string> api_errors() const;

 private:
  net::HttpResponse handle(net::HttpRequest& request);
  net::HttpResponse connect_flow(const net::HttpRequest& request);
  net::HttpResponse connect_stream(const net::HttpRequest& request);
  net::HttpResponse call_details(const std::string& sid);
  net::HttpResponse accept_call(std::shared_ptr<Call> call, bool lower_case);
  void run_call(const std::shared_ptr<Call>& call);
  void open_stream(Call& call, const std::string& url);
  void await_stream_end(Call& call);
  void send_status(Call& call, const std::string& status, const std::string& event);
  std::string next_sid();
  void record_error(std::string error);

  Options options_;
  std::unique_ptr<net::HttpServer> server_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::shared_ptr<Call>> calls_;
  std::vector<std::string> api_errors_;
  std::string voicebot_url_;
  int next_sid_ = 1;
  std::atomic<bool> stopping_{false};
  GuardedThreads threads_{[this](std::string e) { record_error(std::move(e)); }};
};

}  // namespace ovos::testing
