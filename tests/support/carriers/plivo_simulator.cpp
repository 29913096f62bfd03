#include "support/carriers/plivo_simulator.h"

#include <algorithm>
#include <boost/json.hpp>
#include <ctime>
#include <map>

#include "crypto/base64.h"
#include "support/carriers/plivo_wire.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

/// Plivo's error body: {"api_id": "...", "error": "..."} (Voice API, Response).
net::HttpResponse plivo_error(int status, const std::string& api_id, const std::string& error) {
  return net::HttpResponse::json(
      status, json::serialize(json::object{{"api_id", api_id}, {"error", error}}));
}

net::HttpResponse no_content() {
  net::HttpResponse response;
  response.status = 204;
  return response;
}

/// "2024-05-01 10:11:12": how Plivo writes times in callbacks.
std::string plivo_time_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
  return text;
}

/// Plivo writes numbers as the country code and number, without '+'.
std::string plivo_number(const std::string& e164) {
  return e164.starts_with('+') ? e164.substr(1) : e164;
}

bool plivo_destination(const std::string& to) {
  if (to.starts_with("sip:")) return true;
  return to.size() >= 7 && to.size() <= 15 &&
         to.find_first_not_of("0123456789") == std::string::npos;
}

/// A key=value list of <Stream extraHeaders>: "a=1,b=2".
std::map<std::string, std::string> extra_headers(std::string text) {
  std::replace(text.begin(), text.end(), ',', '&');
  std::map<std::string, std::string> out;
  for (auto& [k, v] : parse_form(text))
    out[k] = v;
  return out;
}

bool live(const std::string& status) {
  return status == "queued" || status == "ringing" || status == "in-progress";
}

}  // namespace

PlivoSimulator::PlivoSimulator(Options options)
    : options_(std::move(options)),
      server_(start_api_server([this](net::HttpRequest& r) { return handle(r); })) {}

PlivoSimulator::~PlivoSimulator() {
  server_->shutdown(std::chrono::milliseconds(500));
  threads_.join_all();
  std::lock_guard lock(mutex_);
  calls_.clear();
}

std::string PlivoSimulator::api_url() const {
  return api_url_of(*server_);
}

void PlivoSimulator::record_error(std::string error) {
  std::lock_guard lock(mutex_);
  api_errors_.push_back(std::move(error));
}

std::string PlivoSimulator::next_uuid() {
  std::lock_guard lock(mutex_);
  char uuid[40];
  std::snprintf(uuid, sizeof uuid, "%08x-58b6-11e1-86da-%012x", 0x9834029eU, next_uuid_++);
  return uuid;
}

net::HttpResponse PlivoSimulator::handle(net::HttpRequest& request) {
  const std::string api_id = next_uuid();
  const std::string expected =
      "Basic " + crypto::base64_encode(options_.auth_id + ":" + options_.auth_token);
  if (request.header("authorization").value_or("") != expected) {
    record_error("401 " + request.method + " " + request.path);
    return plivo_error(401, api_id, "Authentication failed");
  }
  const std::string prefix = "/v1/Account/" + options_.auth_id + "/";
  const std::string rest =
      request.path.starts_with(prefix) ? request.path.substr(prefix.size()) : std::string();
  if (rest == "Call/" && request.method == "POST") return create_call(request);
  const bool call = rest.starts_with("Call/");
  if ((call || rest.starts_with("Request/")) && rest.ends_with("/")) {
    const auto start = rest.find('/') + 1;
    const std::string uuid = rest.substr(start, rest.size() - start - 1);
    if (!uuid.empty() && uuid.find('/') == std::string::npos) {
      if (request.method == "DELETE") return delete_call(uuid, !call);
      if (request.method == "POST" && call) return transfer_call(request, uuid);
      return plivo_error(405, api_id, "method not allowed");
    }
  }
  record_error("404 " + request.method + " " + request.path);
  return plivo_error(404, api_id, "not found");
}

net::HttpResponse PlivoSimulator::create_call(const net::HttpRequest& request) {
  const std::string api_id = next_uuid();
  boost::system::error_code ec;
  const json::value body = json::parse(request.body, ec);
  if (ec || !body.is_object() ||
      !request.header("content-type").value_or("").starts_with("application/json")) {
    record_error("400 the body is not JSON");
    return plivo_error(400, api_id, "the request body must be JSON");
  }
  const auto text = [&](std::string_view key) {
    const json::value* v = body.as_object().if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  auto call = std::make_shared<Call>();
  call->from = text("from");
  call->to = text("to");
  call->answer_url = text("answer_url");
  call->ring_url = text("ring_url");
  call->hangup_url = text("hangup_url");
  call->direction = "outbound";
  for (const auto& [key, value] : {std::pair{"from", call->from}, std::pair{"to", call->to},
                                   std::pair{"answer_url", call->answer_url}}) {
    if (value.empty()) {
      record_error(std::string("400 no ") + key);
      return plivo_error(400, api_id, std::string(key) + " is required");
    }
  }
  if (!plivo_destination(call->to) || !plivo_destination(call->from)) {
    record_error("400 bad number " + call->to + " " + call->from);
    return plivo_error(400, api_id, "invalid number: " + call->to);
  }
  call->request_uuid = next_uuid();
  call->call_uuid = next_uuid();
  {
    std::lock_guard lock(mutex_);
    calls_.push_back(call);
  }
  changed_.notify_all();
  threads_.run([this, call] { run_call(call); });
  return net::HttpResponse::json(
      201,
      json::serialize(json::object{
          {"api_id", api_id}, {"message", "call fired"}, {"request_uuid", call->request_uuid}}));
}

std::shared_ptr<PlivoSimulator::Call> PlivoSimulator::find(const std::string& uuid) {
  std::lock_guard lock(mutex_);
  for (auto& c : calls_)
    if (c->call_uuid == uuid || c->request_uuid == uuid) return c;
  return nullptr;
}

// DELETE Call/{uuid}/ ends a live call (204, else 404); DELETE Request/{uuid}/ cancels one not
// yet answered.
net::HttpResponse PlivoSimulator::delete_call(const std::string& uuid, bool request) {
  auto call = find(uuid);
  bool ends = false;
  {
    std::lock_guard lock(mutex_);
    if (call) {
      const bool answered = call->answered_at != std::chrono::steady_clock::time_point{};
      const bool id_matches = request ? call->request_uuid == uuid : call->call_uuid == uuid;
      ends = id_matches && live(call->status) && (request ? !answered : answered);
    }
    if (ends) {
      call->hung_up_by_api = true;
      call->status = "completed";
      if (call->leg) call->leg->stop();  // the stream ends with the call
    }
  }
  changed_.notify_all();
  if (!ends) return plivo_error(404, next_uuid(), "not found");
  threads_.run([this, call] { send_status(*call, "completed"); });
  return no_content();
}

net::HttpResponse PlivoSimulator::transfer_call(const net::HttpRequest& request,
                                                const std::string& uuid) {
  const std::string api_id = next_uuid();
  boost::system::error_code ec;
  const json::value body = json::parse(request.body, ec);
  const json::object* o = !ec && body.is_object() ? &body.as_object() : nullptr;
  const json::value* legs = o != nullptr ? o->if_contains("legs") : nullptr;
  const json::value* url = o != nullptr ? o->if_contains("aleg_url") : nullptr;
  if (legs == nullptr || !legs->is_string() || legs->get_string() != "aleg" || url == nullptr ||
      !url->is_string() || url->get_string().empty()) {
    record_error("400 transfer without legs=aleg and aleg_url");
    return plivo_error(400, api_id, "legs aleg needs aleg_url");
  }
  auto call = find(uuid);
  {
    std::lock_guard lock(mutex_);
    if (!call || call->call_uuid != uuid || !live(call->status)) {
      return plivo_error(404, api_id, "not found");
    }
    call->transfer_url = std::string(url->get_string());
  }
  threads_.run([this, call] { run_transfer(call); });
  return net::HttpResponse::json(
      202, json::serialize(json::object{{"message", "call transferred"}, {"api_id", api_id}}));
}

void PlivoSimulator::run_call(const std::shared_ptr<Call>& call) {
  std::this_thread::sleep_for(options_.ring_time);
  {
    std::lock_guard lock(mutex_);
    if (!live(call->status)) return;
    call->status = "ringing";
  }
  if (!call->ring_url.empty()) {
    const long status =
        post_signed(call->ring_url, call_params(*call, "ringing", "Ring"), {}).status;
    std::lock_guard lock(mutex_);
    call->callback_statuses.push_back(status);
  }
  if (options_.answer) answer_and_stream(*call);
}

void PlivoSimulator::run_transfer(const std::shared_ptr<Call>& call) {
  std::string url;
  {
    std::lock_guard lock(mutex_);
    url = call->transfer_url;
    // The A leg leaves its XML (the <Stream>) for the new one: the stream ends.
    if (call->leg) call->leg->stop();
  }
  const auto answer = post_signed(url, call_params(*call, "in-progress", "Transfer"), {});
  {
    std::lock_guard lock(mutex_);
    call->transfer_xml = answer.body;
    call->transferred_to = answer.status == 200 ? xml_tag_text(answer.body, "Dial") : "";
  }
  changed_.notify_all();
}

void PlivoSimulator::answer_and_stream(Call& call) {
  const auto answer =
      post_signed(call.answer_url, call_params(call, "in-progress", "StartApp"), {});
  {
    std::lock_guard lock(mutex_);
    call.status = "in-progress";
    call.answered_at = std::chrono::steady_clock::now();
    call.answer_status = answer.status;
    call.answer_xml = answer.body;
  }
  changed_.notify_all();
  if (answer.status == 200) open_stream(call);  // else the call fails; the test reads why
}

void PlivoSimulator::open_stream(Call& call) {
  const auto heads = xml_tag_heads(call.answer_xml, "Stream");
  if (heads.empty()) return;  // <Speak>, <Hangup>: no stream
  const std::string& head = heads.front();
  const std::string url = xml_tag_text(call.answer_xml, "Stream");
  const std::string content_type = xml_attribute(head, "contentType");
  const std::string track = xml_attribute(head, "audioTrack");
  std::string why;
  if (xml_attribute(head, "bidirectional") != "true") why = "the stream is not bidirectional";
  if (xml_attribute(head, "keepCallAlive") != "true") why = "keepCallAlive is not true";
  if (!track.empty() && track != "inbound") why = "a bidirectional stream's audioTrack is inbound";
  // Plivo's default is audio/x-l16;rate=8000; this simulator streams μ-law only.
  if (content_type != "audio/x-mulaw;rate=8000") why = "contentType is not audio/x-mulaw;rate=8000";
  if (!url.starts_with("wss://") && !url.starts_with("ws://")) why = "the stream URL is not ws(s)";
  if (!why.empty()) {
    record_error("<Stream>: " + why);
    return;
  }
  call.stream_id = next_uuid();
  LegStart start{call.call_uuid, call.stream_id, extra_headers(xml_attribute(head, "extraHeaders")),
                 call.from, call.to};
  // Plivo documents no signature on the stream's WebSocket handshake: none is sent.
  auto leg = std::make_unique<CarrierMediaLeg>(url, make_plivo_wire(options_.auth_id), start);
  {
    std::lock_guard lock(mutex_);
    call.stream_url = url;
    call.stream_content_type = content_type;
    call.leg = std::move(leg);
  }
  changed_.notify_all();
}

FormParams PlivoSimulator::call_params(const Call& call, const std::string& status,
                                       const std::string& event) {
  std::lock_guard lock(mutex_);
  FormParams params = {{"CallUUID", call.call_uuid},  {"From", call.from},    {"To", call.to},
                       {"Direction", call.direction}, {"CallStatus", status}, {"Event", event}};
  if (call.direction == "outbound") {
    params.insert(params.end(), {{"RequestUUID", call.request_uuid},
                                 {"ALegUUID", call.call_uuid},
                                 {"ALegRequestUUID", call.request_uuid}});
  }
  if (status == "completed") {
    params.insert(params.end(), {{"Duration", "7"},
                                 {"BillDuration", "60"},
                                 {"HangupCause", "NORMAL_CLEARING"},
                                 {"HangupCauseName", "Normal Hangup"},
                                 {"HangupCauseCode", "4000"},
                                 {"HangupSource", call.hung_up_by_api ? "API Request" : "Caller"},
                                 {"StartTime", plivo_time_now()},
                                 {"AnswerTime", plivo_time_now()},
                                 {"EndTime", plivo_time_now()}});
  }
  return params;
}

HttpResult PlivoSimulator::post_signed(const std::string& url, const FormParams& params,
                                       const Signing& signing) {
  Sent sent{url, form_encode(params), signing.signature,
            signing.nonce.empty() ? plivo_test_nonce() : signing.nonce};
  if (sent.signature.empty()) {
    sent.signature = plivo_test_signature_v3(options_.auth_token, "POST", url, params, sent.nonce);
  }
  {
    std::lock_guard lock(mutex_);
    last_sent_ = sent;
  }
  std::vector<std::string> headers = {"Content-Type: application/x-www-form-urlencoded",
                                      "User-Agent: PlivoHTTP"};
  if (sent.signature != "-") {
    headers.push_back("X-Plivo-Signature-V3: " + sent.signature);
    headers.push_back("X-Plivo-Signature-V3-Nonce: " + sent.nonce);
  }
  return post_to(sent.url, sent.body, headers);
}

long PlivoSimulator::resend(const Sent& sent) {
  std::vector<std::string> headers = {"Content-Type: application/x-www-form-urlencoded"};
  if (sent.signature != "-") {
    headers.push_back("X-Plivo-Signature-V3: " + sent.signature);
    headers.push_back("X-Plivo-Signature-V3-Nonce: " + sent.nonce);
  }
  return post_to(sent.url, sent.body, headers).status;
}

long PlivoSimulator::send_status(Call& call, const std::string& status, const Signing& signing) {
  {
    std::lock_guard lock(mutex_);
    call.status = status;
  }
  if (call.hangup_url.empty()) return 0;
  const long answer =
      post_signed(call.hangup_url, call_params(call, status, "Hangup"), signing).status;
  std::lock_guard lock(mutex_);
  call.callback_statuses.push_back(answer);
  return answer;
}

long PlivoSimulator::send_answer(Call& call, const Signing& signing) {
  return post_signed(call.answer_url, call_params(call, "in-progress", "StartApp"), signing).status;
}

void PlivoSimulator::hang_up(Call& call) {
  {
    std::lock_guard lock(mutex_);
    call.status = "completed";
    if (call.leg) call.leg->stop();  // Plivo ends a stream by closing it
  }
  if (call.leg) call.leg->wait_closed(5s);
  send_status(call, "completed");
}

std::shared_ptr<PlivoSimulator::Call> PlivoSimulator::ring(const std::string& server_url,
                                                           const std::string& to,
                                                           const std::string& from) {
  auto call = std::make_shared<Call>();
  call->call_uuid = next_uuid();
  call->to = plivo_number(to);
  call->from = plivo_number(from);
  call->direction = "inbound";
  call->status = "ringing";
  call->answer_url = server_url + "/v1/telephony/plivo/answer";
  call->hangup_url = server_url + "/v1/telephony/plivo/status";
  {
    std::lock_guard lock(mutex_);
    calls_.push_back(call);
  }
  answer_and_stream(*call);
  return call;
}

std::shared_ptr<PlivoSimulator::Call> PlivoSimulator::wait_for_call(
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

PlivoSimulator::Sent PlivoSimulator::last_sent() const {
  std::lock_guard lock(mutex_);
  return last_sent_;
}

std::vector<std::string> PlivoSimulator::api_errors() const {
  std::lock_guard lock(mutex_);
  return api_errors_;
}

}  // namespace ovos::testing
