#include "fake_deepgram_listen.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <thread>

namespace ovos::providers::testing {

namespace json = boost::json;

/// Records one session's messages and runs the script on each.
class FakeDeepgramListen::Handler final : public net::WebSocketHandler {
 public:
  Handler(FakeDeepgramListen& fake, int index, net::WebSocketConnection& connection)
      : fake_(fake), index_(index), peer_(connection) {}
  void on_text(std::string_view text) override {
    fake_.changed([&](auto& sessions) { sessions[index_].texts.emplace_back(text); });
    fake_.script_(index_, text, peer_);
  }
  void on_binary(std::span<const std::uint8_t> bytes) override {
    fake_.changed([&](auto& sessions) { sessions[index_].audio_bytes += bytes.size(); });
    fake_.script_(index_, "", peer_);
  }
  void on_closed(std::uint16_t, std::string_view) override {
    fake_.changed([&](auto& sessions) { sessions[index_].closed = true; });
  }

 private:
  FakeDeepgramListen& fake_;
  int index_;
  ListenPeer peer_;
};

FakeDeepgramListen::FakeDeepgramListen(Plan plan, Script script, Http http)
    : plan_(std::move(plan)), script_(std::move(script)), http_(std::move(http)) {
  net::HttpServerOptions options;
  options.port = 0;
  options.shards = 1;
  options.worker_threads = 2;
  auto server = net::HttpServer::start(
      options,
      [this](net::HttpRequest& request) {
        return http_ ? http_(request) : net::HttpResponse::text(404, "websocket only");
      },
      [this](net::HttpRequest& request) { return accept(request); });
  if (server.ok()) server_ = std::move(server).value();
}

FakeDeepgramListen::~FakeDeepgramListen() {
  if (server_) server_->shutdown(std::chrono::milliseconds(200));
}

std::string FakeDeepgramListen::base_url() const {
  return "ws://127.0.0.1:" + std::to_string(server_ ? server_->port() : 0);
}

std::string FakeDeepgramListen::http_url() const {
  return "http://127.0.0.1:" + std::to_string(server_ ? server_->port() : 0);
}

net::WebSocketAccept FakeDeepgramListen::accept(net::HttpRequest& request) {
  int index = 0;
  changed([&](auto& sessions) {
    index = static_cast<int>(sessions.size());
    ListenSession session;
    session.path = request.path;
    session.query = request.query;
    session.authorization = std::string(request.header("authorization").value_or(""));
    sessions.push_back(std::move(session));
  });
  const ListenHandshake handshake = plan_(index);
  if (handshake.delay.count() > 0) std::this_thread::sleep_for(handshake.delay);
  if (handshake.status != 0) {
    changed([&](auto& sessions) { sessions[index].closed = true; });
    auto refusal = net::HttpResponse::json(handshake.status, handshake.body);
    return net::WebSocketAccept::refuse(std::move(refusal));
  }
  return net::WebSocketAccept::accept([this, index](net::WebSocketConnection& connection) {
    return std::make_unique<Handler>(*this, index, connection);
  });
}

void FakeDeepgramListen::changed(const std::function<void(std::vector<ListenSession>&)>& update) {
  {
    const std::lock_guard lock(mutex_);
    update(sessions_);
  }
  cv_.notify_all();
}

std::vector<ListenSession> FakeDeepgramListen::sessions() const {
  const std::lock_guard lock(mutex_);
  return sessions_;
}

bool FakeDeepgramListen::wait_until(
    const std::function<bool(const std::vector<ListenSession>&)>& done) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, std::chrono::seconds(10), [&] { return done(sessions_); });
}

std::string results_message(std::string_view transcript, bool is_final, bool speech_final,
                            bool from_finalize, double confidence) {
  json::array words;
  double at = 0.08;
  std::string_view rest = transcript;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    const std::string_view word = rest.substr(0, space);
    words.push_back(json::object{{"word", word},
                                 {"start", at},
                                 {"end", at + 0.3},
                                 {"confidence", confidence},
                                 {"punctuated_word", word}});
    at += 0.32;
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
  }
  json::object message{
      {"type", "Results"},
      {"channel_index", json::array{0, 1}},
      {"duration", 1.039875},
      {"start", 0.0},
      {"is_final", is_final},
      {"speech_final", speech_final},
      {"channel",
       json::object{{"alternatives", json::array{json::object{{"transcript", transcript},
                                                              {"confidence", confidence},
                                                              {"words", std::move(words)}}}}}},
      {"metadata", json::object{{"request_id", "5d3c1b0e-6a3f-4a7b-9d1e-1f6c7d1d9a10"},
                                {"model_info", json::object{{"name", "2-general-nova"},
                                                            {"version", "2024-01-18.26916"},
                                                            {"arch", "nova-2"}}},
                                {"model_uuid", "c0d1a568-ce81-4fea-97e7-bd45cb1fdf3c"}}},
      {"from_finalize", from_finalize}};
  return json::serialize(message);
}

std::string utterance_end_message(double last_word_end) {
  return json::serialize(json::object{
      {"type", "UtteranceEnd"}, {"channel", json::array{0, 1}}, {"last_word_end", last_word_end}});
}

std::string speech_started_message(double timestamp) {
  return json::serialize(json::object{
      {"type", "SpeechStarted"}, {"channel", json::array{0, 1}}, {"timestamp", timestamp}});
}

std::string metadata_message() {
  return R"({"type":"Metadata","transaction_key":"deprecated",)"
         R"("request_id":"5d3c1b0e-6a3f-4a7b-9d1e-1f6c7d1d9a10","sha256":"",)"
         R"("created":"2024-08-29T22:11:23.519Z","duration":2.5,"channels":1})";
}

std::string invalid_auth_body() {
  return R"({"err_code":"INVALID_AUTH","err_msg":"Invalid credentials.",)"
         R"("request_id":"f6a1e6a4-9e5f-4d4e-8a47-3b4b5e2b7c11"})";
}

}  // namespace ovos::providers::testing
