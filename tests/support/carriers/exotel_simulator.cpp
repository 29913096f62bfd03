#include "support/carriers/exotel_simulator.h"

#include <boost/json.hpp>
#include <ctime>

#include "crypto/base64.h"
#include "support/carriers/exotel_wire.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

/// Exotel's error body (https://developer.exotel.com/docs/references/authentication).
net::HttpResponse exotel_error(int status, const std::string& message) {
  return net::HttpResponse::json(
      status,
      json::serialize(json::object{{"RestException", {{"Status", status}, {"Message", message}}}}));
}

/// "2024-05-01 10:11:12": how Exotel writes times.
std::string exotel_time_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
  return text;
}

bool live(const std::string& status) {
  return status == "queued" || status == "ringing" || status == "in-progress";
}

/// The text fields of a multipart/form-data body (RFC 7578), read the simple way a test can
/// trust: split at the boundary, take name="..." and the content. Empty on a malformed body.
FormParams read_multipart(const std::string& content_type, const std::string& body) {
  const auto at = content_type.find("boundary=");
  if (!content_type.starts_with("multipart/form-data") || at == std::string::npos) return {};
  const std::string delimiter = "--" + content_type.substr(at + 9);
  FormParams fields;
  std::size_t pos = body.find(delimiter);
  while (pos != std::string::npos) {
    pos += delimiter.size();
    if (body.compare(pos, 2, "--") == 0) return fields;
    const auto end = body.find("\r\n" + delimiter, pos);
    const auto split = body.find("\r\n\r\n", pos);
    if (end == std::string::npos || split == std::string::npos || split > end) return {};
    const std::string headers = body.substr(pos, split - pos);
    const auto name_at = headers.find("name=\"");
    if (name_at == std::string::npos) return {};
    const auto name_end = headers.find('"', name_at + 6);
    fields.emplace_back(headers.substr(name_at + 6, name_end - name_at - 6),
                        body.substr(split + 4, end - split - 4));
    pos = end + 2;
  }
  return {};
}

std::string write_multipart(const FormParams& fields, const std::string& boundary) {
  std::string body;
  for (const auto& [name, value] : fields) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
            value + "\r\n";
  }
  return body + "--" + boundary + "--\r\n";
}

/// "ws://KEY:TOKEN@host/path" -> "ws://host/path" and its Basic credentials ("" if none).
std::pair<std::string, std::string> split_credentials(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return {url, ""};
  const auto host = scheme + 3;
  const auto at = url.find('@', host);
  if (at == std::string::npos || at > url.find('/', host)) return {url, ""};
  return {url.substr(0, host) + url.substr(at + 1),
          "Basic " + crypto::base64_encode(url.substr(host, at - host))};
}

}  // namespace

ExotelSimulator::ExotelSimulator(Options options)
    : options_(std::move(options)),
      server_(start_api_server([this](net::HttpRequest& r) { return handle(r); })) {}

ExotelSimulator::~ExotelSimulator() {
  stopping_ = true;
  server_->shutdown(std::chrono::milliseconds(500));
  threads_.join_all();
  std::lock_guard lock(mutex_);
  calls_.clear();
}

std::string ExotelSimulator::api_url() const {
  return api_url_of(*server_);
}

void ExotelSimulator::set_voicebot_url(std::string url) {
  std::lock_guard lock(mutex_);
  voicebot_url_ = std::move(url);
}

void ExotelSimulator::record_error(std::string error) {
  std::lock_guard lock(mutex_);
  api_errors_.push_back(std::move(error));
}

std::string ExotelSimulator::next_sid() {
  std::lock_guard lock(mutex_);
  char sid[40];
  std::snprintf(sid, sizeof sid, "b6cfaf5f5cef3ca0fc9377%010d", next_sid_++);
  return sid;
}

net::HttpResponse ExotelSimulator::handle(net::HttpRequest& request) {
  const std::string expected =
      "Basic " + crypto::base64_encode(options_.api_key + ":" + options_.api_token);
  if (request.header("authorization").value_or("") != expected) {
    record_error("401 " + request.method + " " + request.path);
    return exotel_error(401, "Authentication failed");
  }
  const std::string flow_prefix = "/v1/Accounts/" + options_.account_sid + "/Calls/";
  if (request.method == "POST" && request.path == flow_prefix + "connect.json") {
    return connect_flow(request);
  }
  if (request.method == "POST" &&
      request.path == "/v1/accounts/" + options_.account_sid + "/calls/connect") {
    return connect_stream(request);
  }
  if (request.method == "GET" && request.path.starts_with(flow_prefix) &&
      request.path.ends_with(".json")) {
    const std::string sid =
        request.path.substr(flow_prefix.size(), request.path.size() - flow_prefix.size() - 5);
    return call_details(sid);
  }
  record_error("404 " + request.method + " " + request.path);
  return exotel_error(404, "not found");
}

// "Connect Number to Call Flow": form-encoded From, CallerId, Url (and optional fields).
net::HttpResponse ExotelSimulator::connect_flow(const net::HttpRequest& request) {
  if (!request.header("content-type")
           .value_or("")
           .starts_with("application/x-www-form-urlencoded")) {
    record_error("400 Calls/connect.json body is not a form");
    return exotel_error(400, "the request must be form-encoded");
  }
  const auto fields = parse_form(request.body);
  auto call = std::make_shared<Call>();
  call->mode = "flow";
  call->to = form_param(fields, "From");
  call->caller_id = form_param(fields, "CallerId");
  call->status_callback = form_param(fields, "StatusCallback");
  call->custom_field = form_param(fields, "CustomField");
  for (const auto& [name, value] : fields)
    if (name.starts_with("StatusCallbackEvents")) call->callback_events.push_back(value);
  const std::string flow =
      "http://my.exotel.com/" + options_.account_sid + "/exoml/start_voice/" + options_.app_id;
  if (call->to.empty() || call->caller_id.empty() || form_param(fields, "Url") != flow) {
    record_error("400 Calls/connect.json needs From, CallerId and the flow's Url, got Url=" +
                 form_param(fields, "Url"));
    return exotel_error(400, "From, CallerId and Url are required");
  }
  return accept_call(std::move(call), false);
}

// AgentStream's "Connect Voice AI": multipart from, callerid, streamurl, streamtype.
net::HttpResponse ExotelSimulator::connect_stream(const net::HttpRequest& request) {
  const auto fields =
      read_multipart(std::string(request.header("content-type").value_or("")), request.body);
  auto call = std::make_shared<Call>();
  call->mode = "stream";
  call->to = form_param(fields, "from");
  call->caller_id = form_param(fields, "callerid");
  call->stream_url = form_param(fields, "streamurl");
  call->status_callback = form_param(fields, "statuscallback");
  call->custom_field = form_param(fields, "customfield");
  for (const auto& [name, value] : fields)
    if (name == "statuscallbackevents[]") call->callback_events.push_back(value);
  const bool ws = call->stream_url.starts_with("ws://") || call->stream_url.starts_with("wss://");
  if (call->to.empty() || call->caller_id.empty() || !ws || call->stream_url.size() > 600 ||
      form_param(fields, "streamtype") != "bidirectional") {
    record_error(
        "400 calls/connect needs from, callerid, a ws(s) streamurl of at most 600 "
        "characters and streamtype=bidirectional");
    return exotel_error(400, "invalid parameters");
  }
  return accept_call(std::move(call), true);
}

net::HttpResponse ExotelSimulator::accept_call(std::shared_ptr<Call> call, bool lower_case) {
  call->sid = next_sid();
  {
    std::lock_guard lock(mutex_);
    calls_.push_back(call);
  }
  changed_.notify_all();
  threads_.run([this, call] { run_call(call); });
  if (lower_case) {
    return net::HttpResponse::json(
        200, json::serialize(json::object{{"call",
                                           {{"sid", call->sid},
                                            {"status", "in-progress"},
                                            {"from", call->to},
                                            {"phonenumbersid", call->caller_id},
                                            {"direction", "outbound-api"},
                                            {"datecreated", exotel_time_now()},
                                            {"recordingurl", nullptr}}}}));
  }
  return net::HttpResponse::json(
      200, json::serialize(json::object{{"Call",
                                         {{"Sid", call->sid},
                                          {"AccountSid", options_.account_sid},
                                          {"From", call->to},
                                          {"PhoneNumberSid", call->caller_id},
                                          {"Status", "in-progress"},
                                          {"Direction", "outbound-api"},
                                          {"DateCreated", exotel_time_now()}}}}));
}

net::HttpResponse ExotelSimulator::call_details(const std::string& sid) {
  std::lock_guard lock(mutex_);
  for (const auto& call : calls_) {
    if (call->sid != sid) continue;
    return net::HttpResponse::json(
        200, json::serialize(json::object{
                 {"Call", {{"Sid", call->sid}, {"Status", call->status}, {"To", call->to}}}}));
  }
  return exotel_error(404, "no such call");
}

void ExotelSimulator::run_call(const std::shared_ptr<Call>& call) {
  std::this_thread::sleep_for(options_.ring_time);
  send_status(*call, "ringing", "ringing");
  if (!options_.answer) return;
  send_status(*call, "in-progress", "answered");
  std::string url;
  {
    std::lock_guard lock(mutex_);
    url = call->mode == "stream" ? call->stream_url : voicebot_url_;
  }
  open_stream(*call, url);
  await_stream_end(*call);
}

void ExotelSimulator::open_stream(Call& call, const std::string& url) {
  auto [plain, authorization] = split_credentials(url);
  std::vector<net::HttpHeader> headers;
  if (!authorization.empty()) headers.push_back({"Authorization", authorization});
  const std::string stream_sid = "MZ" + call.sid;
  LegStart start{call.sid,
                 stream_sid,
                 {},
                 call.mode == "inbound" ? call.to : call.caller_id,
                 call.mode == "inbound" ? call.caller_id : call.to};
  try {
    auto leg = std::make_unique<CarrierMediaLeg>(plain, make_exotel_wire(options_.account_sid),
                                                 start, std::move(headers));
    std::lock_guard lock(mutex_);
    call.stream_url = plain;
    call.leg = std::move(leg);
  } catch (const std::exception& e) {
    // Exotel retries a failed handshake once, then moves the flow on; the call ends.
    std::lock_guard lock(mutex_);
    call.stream_url = plain;
    call.stream_error = e.what();
  }
  changed_.notify_all();
}

void ExotelSimulator::await_stream_end(Call& call) {
  while (!stopping_) {
    {
      std::lock_guard lock(mutex_);
      if (!live(call.status)) return;  // hung up by the caller
      if (!call.leg) break;
    }
    if (call.leg->wait_closed(100ms)) break;
  }
  if (!stopping_) send_status(call, "completed", "terminal");
}

void ExotelSimulator::send_status(Call& call, const std::string& status, const std::string& event) {
  std::string url;
  FormParams fields;
  {
    std::lock_guard lock(mutex_);
    if (!live(call.status)) return;
    call.status = status;
    const bool asked = std::find(call.callback_events.begin(), call.callback_events.end(), event) !=
                       call.callback_events.end();
    if (call.status_callback.empty() || !asked) {
      changed_.notify_all();
      return;
    }
    url = call.status_callback;
    ++call.callbacks_in_flight;
    fields = {{"CallSid", call.sid},
              {"EventType", event},
              {"Status", status},
              {"From", call.to},
              {"To", call.caller_id},
              {"Direction", "outbound-api"},
              {"DateUpdated", exotel_time_now()},
              {"CustomField", call.custom_field}};
    if (event == "terminal") {
      fields.insert(fields.end(), {{"StartTime", exotel_time_now()},
                                   {"EndTime", exotel_time_now()},
                                   {"ConversationDuration", "7"},
                                   {"RecordingUrl", ""}});
    }
  }
  const std::string boundary = "exotel-simulator-7MA4YWxkTrZu0gW";
  const auto answer = post_to(url, write_multipart(fields, boundary),
                              {"Content-Type: multipart/form-data; boundary=" + boundary});
  {
    std::lock_guard lock(mutex_);
    call.callback_statuses.push_back(answer.status);
    --call.callbacks_in_flight;
  }
  changed_.notify_all();
}

void ExotelSimulator::hang_up(Call& call) {
  if (call.leg) {
    call.leg->stop();
    call.leg->wait_closed(5s);
  }
  send_status(call, "completed", "terminal");
}

bool ExotelSimulator::wait_ended(const Call& call, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout,
                           [&] { return !live(call.status) && call.callbacks_in_flight == 0; });
}

std::shared_ptr<ExotelSimulator::Call> ExotelSimulator::ring(const std::string& to,
                                                             const std::string& from) {
  auto call = std::make_shared<Call>();
  call->sid = next_sid();
  call->mode = "inbound";
  call->to = from;
  call->caller_id = to;
  call->status = "in-progress";
  std::string url;
  {
    std::lock_guard lock(mutex_);
    calls_.push_back(call);
    url = voicebot_url_;
  }
  open_stream(*call, url);
  return call;
}

std::shared_ptr<ExotelSimulator::Call> ExotelSimulator::wait_for_call(
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

std::vector<std::string> ExotelSimulator::api_errors() const {
  std::lock_guard lock(mutex_);
  return api_errors_;
}

}  // namespace ovos::testing
