#include "support/carriers/twilio_simulator.h"

#include <boost/json.hpp>
#include <ctime>

#include "crypto/base64.h"
#include "support/carriers/simulator_web.h"
#include "support/carriers/twilio_wire.h"
#include "support/http_client.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;
using Params = FormParams;

net::HttpResponse twilio_error(int status, int code, const std::string& message) {
  return net::HttpResponse::json(
      status, json::serialize(json::object{
                  {"code", code},
                  {"message", message},
                  {"more_info", "https://www.twilio.com/docs/errors/" + std::to_string(code)},
                  {"status", status}}));
}

std::string rfc2822_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return text;
}

bool e164(const std::string& number) {
  if (number.size() < 8 || number.size() > 16 || number[0] != '+' || number[1] == '0') {
    return false;
  }
  return std::all_of(number.begin() + 1, number.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

TwilioSimulator::TwilioSimulator(Options options)
    : options_(std::move(options)),
      server_(start_api_server([this](net::HttpRequest& r) { return handle(r); })) {}

TwilioSimulator::~TwilioSimulator() {
  server_->shutdown(std::chrono::milliseconds(500));
  threads_.join_all();
  std::lock_guard lock(mutex_);
  calls_.clear();
}

void TwilioSimulator::sign_handshake(bool on) {
  std::lock_guard lock(mutex_);
  options_.sign_handshake = on;
}

std::string TwilioSimulator::api_url() const {
  return api_url_of(*server_);
}

net::HttpResponse TwilioSimulator::handle(net::HttpRequest& request) {
  const std::string prefix = "/2010-04-01/Accounts/" + options_.account_sid + "/Calls";
  const std::string expected =
      "Basic " + crypto::base64_encode(options_.account_sid + ":" + options_.auth_token);
  if (request.header("authorization").value_or("") != expected) {
    std::lock_guard lock(mutex_);
    api_errors_.push_back("401 " + request.path);
    return twilio_error(401, 20003, "Authenticate");
  }
  if (request.method != "POST" || !request.path.starts_with(prefix)) {
    return twilio_error(404, 20404, "The requested resource " + request.path + " was not found");
  }
  const std::string rest = request.path.substr(prefix.size());
  if (rest == ".json") return create_call(request);
  if (rest.starts_with("/") && rest.ends_with(".json")) {
    return update_call(request, rest.substr(1, rest.size() - 6));
  }
  return twilio_error(404, 20404, "The requested resource " + request.path + " was not found");
}

net::HttpResponse TwilioSimulator::create_call(const net::HttpRequest& request) {
  const Params params = parse_form(request.body);
  auto call = std::make_shared<Call>();
  call->to = form_param(params, "To");
  call->from = form_param(params, "From");
  call->twiml = form_param(params, "Twiml");
  call->status_callback = form_param(params, "StatusCallback");
  call->direction = "outbound-api";
  if (!e164(call->to)) {
    return twilio_error(400, 21211,
                        "The 'To' number " + call->to + " is not a valid phone number.");
  }
  if (call->twiml.empty() && form_param(params, "Url").empty()) {
    return twilio_error(400, 21205, "Url parameter is required.");
  }
  {
    std::lock_guard lock(mutex_);
    char sid[40];
    std::snprintf(sid, sizeof sid, "CA%032d", next_sid_++);
    call->sid = sid;
    calls_.push_back(call);
    threads_.run([this, call] { run_call(call); });
  }
  changed_.notify_all();
  return net::HttpResponse::json(201,
                                 json::serialize(json::object{{"sid", call->sid},
                                                              {"account_sid", options_.account_sid},
                                                              {"to", call->to},
                                                              {"from", call->from},
                                                              {"status", "queued"},
                                                              {"direction", "outbound-api"},
                                                              {"api_version", "2010-04-01"}}));
}

net::HttpResponse TwilioSimulator::update_call(const net::HttpRequest& request,
                                               const std::string& sid) {
  const Params params = parse_form(request.body);
  std::shared_ptr<Call> call;
  {
    std::lock_guard lock(mutex_);
    for (auto& c : calls_)
      if (c->sid == sid) call = c;
  }
  if (!call) return twilio_error(404, 20404, "The requested resource was not found");
  const std::string twiml = form_param(params, "Twiml");
  {
    std::lock_guard lock(mutex_);
    if (form_param(params, "Status") == "completed") call->hung_up_by_api = true;
    if (twiml.find("<Dial") != std::string::npos)
      call->transferred_to = xml_tag_text(twiml, "Dial");
    // The stream ends when the call is hung up or moves on to other TwiML.
    if (call->leg) call->leg->stop();
    threads_.run([this, call] { send_status(*call, "completed"); });
  }
  changed_.notify_all();
  return net::HttpResponse::json(
      200, json::serialize(json::object{{"sid", call->sid}, {"status", "in-progress"}}));
}

void TwilioSimulator::run_call(std::shared_ptr<Call> call) {
  std::this_thread::sleep_for(options_.ring_time);
  send_status(*call, "ringing");
  if (!options_.answer) return;
  send_status(*call, "in-progress");
  open_stream(*call);
}

void TwilioSimulator::open_stream(Call& call) {
  if (call.twiml.find("<Connect>") == std::string::npos) return;
  const auto streams = xml_tag_heads(call.twiml, "Stream");
  if (streams.empty()) return;
  const std::string url = xml_attribute(streams.front(), "url");
  std::map<std::string, std::string> parameters;
  for (const auto& head : xml_tag_heads(call.twiml, "Parameter"))
    parameters[xml_attribute(head, "name")] = xml_attribute(head, "value");
  LegStart start{call.sid, "MZ" + call.sid.substr(2), parameters, call.from, call.to};
  // Twilio signs the WebSocket handshake: the URL alone, no parameters.
  std::vector<net::HttpHeader> headers;
  {
    std::lock_guard lock(mutex_);
    if (options_.sign_handshake) {
      headers.push_back(
          {"X-Twilio-Signature", twilio_test_signature(options_.auth_token, url, {})});
    }
  }
  auto leg = std::make_unique<CarrierMediaLeg>(url, make_twilio_wire(options_.account_sid), start,
                                               std::move(headers));
  {
    std::lock_guard lock(mutex_);
    call.stream_url = url;
    call.parameters = std::move(parameters);
    call.leg = std::move(leg);
  }
  changed_.notify_all();
}

std::shared_ptr<TwilioSimulator::Call> TwilioSimulator::wait_for_call(
    std::size_t n, bool with_media, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  std::shared_ptr<Call> found;
  changed_.wait_for(lock, timeout, [&] {
    if (calls_.size() <= n) return false;
    if (with_media && !calls_[n]->leg) return false;
    found = calls_[n];
    return true;
  });
  return found;
}

long TwilioSimulator::post_signed(const std::string& url, const Params& params,
                                  const std::string& signature_override) {
  const std::string signature = signature_override.empty()
                                    ? twilio_test_signature(options_.auth_token, url, params)
                                    : signature_override;
  Sent sent{url, form_encode(params), signature};
  {
    std::lock_guard lock(mutex_);
    last_sent_ = sent;
  }
  return resend(sent);
}

long TwilioSimulator::resend(const Sent& sent) {
  std::vector<std::string> headers = {"Content-Type: application/x-www-form-urlencoded",
                                      "User-Agent: TwilioProxy/1.1"};
  if (sent.signature != "-") headers.push_back("X-Twilio-Signature: " + sent.signature);
  return post_to(sent.url, sent.body, headers).status;
}

long TwilioSimulator::send_status(Call& call, const std::string& status,
                                  const std::string& signature) {
  std::string url;
  Params params;
  {
    std::lock_guard lock(mutex_);
    call.status = status;
    url = call.status_callback;
    params = {{"AccountSid", options_.account_sid},
              {"ApiVersion", "2010-04-01"},
              {"CallSid", call.sid},
              {"CallStatus", status},
              {"Called", call.to},
              {"Caller", call.from},
              {"Direction", call.direction},
              {"From", call.from},
              {"To", call.to},
              {"Timestamp", rfc2822_now()},
              {"SequenceNumber", std::to_string(call.sequence++)},
              {"CallbackSource", "call-progress-events"}};
    if (status == "completed") params.emplace_back("CallDuration", "7");
  }
  if (url.empty()) return 0;
  const long answer = post_signed(url, params, signature);
  std::lock_guard lock(mutex_);
  call.callback_statuses.push_back(answer);
  return answer;
}

std::shared_ptr<TwilioSimulator::Call> TwilioSimulator::ring(const std::string& server_url,
                                                             const std::string& to,
                                                             const std::string& from,
                                                             long* status) {
  auto call = std::make_shared<Call>();
  {
    std::lock_guard lock(mutex_);
    char sid[40];
    std::snprintf(sid, sizeof sid, "CA%032d", next_sid_++);
    call->sid = sid;
  }
  call->to = to;
  call->from = from;
  call->direction = "inbound";
  call->status_callback = server_url + "/v1/telephony/twilio/status";
  const Params params = {{"AccountSid", options_.account_sid},
                         {"ApiVersion", "2010-04-01"},
                         {"CallSid", call->sid},
                         {"CallStatus", "ringing"},
                         {"Called", to},
                         {"Caller", from},
                         {"Direction", "inbound"},
                         {"From", from},
                         {"To", to}};
  const std::string url = server_url + "/v1/telephony/twilio/voice";
  const std::string signature = twilio_test_signature(options_.auth_token, url, params);
  const auto answer = post_to(
      url, form_encode(params),
      {"Content-Type: application/x-www-form-urlencoded", "X-Twilio-Signature: " + signature});
  if (status != nullptr) *status = answer.status;
  call->twiml = answer.body;
  {
    std::lock_guard lock(mutex_);
    calls_.push_back(call);
  }
  if (answer.status == 200) open_stream(*call);
  return call;
}

TwilioSimulator::Sent TwilioSimulator::last_sent() const {
  std::lock_guard lock(mutex_);
  return last_sent_;
}

std::vector<std::string> TwilioSimulator::api_errors() const {
  std::lock_guard lock(mutex_);
  return api_errors_;
}

}  // namespace ovos::testing
