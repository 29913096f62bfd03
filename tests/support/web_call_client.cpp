#include "support/web_call_client.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <future>
#include <stdexcept>
#include <thread>

#include "net/websocket_client.h"

namespace ovos::testing {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

struct WebCallClient::State {
  mutable std::mutex mutex;
  std::condition_variable changed;
  std::vector<Message> messages;
  std::shared_ptr<net::WebSocketConnection> connection;
  bool closed = false;
  std::uint16_t close_code = 0;
  bool auto_played = true;
  Clock::time_point play_end{};  // when the agent audio received so far finishes playing
};

namespace {

bool has_type(const json::value& v, std::string_view type) {
  if (!v.is_object()) return false;
  const auto* t = v.as_object().if_contains("type");
  return t != nullptr && t->is_string() && t->get_string() == type;
}

class Handler final : public net::WebSocketHandler {
 public:
  explicit Handler(std::shared_ptr<WebCallClient::State> state) : state_(std::move(state)) {}
  void on_text(std::string_view text) override {
    WebCallClient::Message m;
    m.at = Clock::now();
    try {
      m.json = json::parse(text);
    } catch (const std::exception&) {
      m.json = json::string(text);
    }
    const bool is_mark = has_type(m.json, "mark");
    std::shared_ptr<net::WebSocketConnection> connection;
    Clock::time_point reply_at{};
    std::string mark;
    {
      std::lock_guard lock(state_->mutex);
      if (is_mark && state_->auto_played) {
        connection = state_->connection;
        mark = std::string(m.json.at("name").as_string());
        reply_at = state_->play_end;
      }
      if (has_type(m.json, "clear")) state_->play_end = Clock::now();
      state_->messages.push_back(std::move(m));
    }
    state_->changed.notify_all();
    if (connection) {
      // Like a player: "played" once the audio before the mark has been heard.
      auto send = [connection, mark] {
        connection->send_text(json::serialize(json::object{{"type", "played"}, {"mark", mark}}));
      };
      const auto delay = std::chrono::ceil<std::chrono::milliseconds>(reply_at - Clock::now());
      if (delay.count() > 0) {
        connection->executor().post_after(delay, send);
      } else {
        send();
      }
    }
  }
  void on_binary(std::span<const std::uint8_t> bytes) override {
    WebCallClient::Message m;
    m.at = Clock::now();
    m.binary = true;
    m.samples.resize(bytes.size() / 2);
    for (std::size_t i = 0; i < m.samples.size(); ++i) {
      m.samples[i] = static_cast<std::int16_t>(bytes[2 * i] | (bytes[2 * i + 1] << 8));
    }
    {
      std::lock_guard lock(state_->mutex);
      const auto duration = std::chrono::microseconds(m.samples.size() * 1'000'000 / 16000);
      state_->play_end = std::max(state_->play_end, m.at) + duration;
      state_->messages.push_back(std::move(m));
    }
    state_->changed.notify_all();
  }
  void on_closed(std::uint16_t code, std::string_view) override {
    {
      std::lock_guard lock(state_->mutex);
      state_->closed = true;
      state_->close_code = code;
      state_->connection.reset();
    }
    state_->changed.notify_all();
  }

 private:
  std::shared_ptr<WebCallClient::State> state_;
};

core::Result<std::shared_ptr<net::WebSocketConnection>> connect(
    net::EventLoop& loop, const std::string& url, std::vector<net::HttpHeader> headers,
    std::shared_ptr<WebCallClient::State> state) {
  std::promise<core::Result<std::shared_ptr<net::WebSocketConnection>>> done;
  auto future = done.get_future();
  net::WebSocketClientOptions options;
  options.url = url;
  options.headers = std::move(headers);
  options.connect_timeout = std::chrono::milliseconds(5000);
  net::WebSocketClient::connect(options, loop, std::make_unique<Handler>(std::move(state)),
                                [&done](core::Result<std::shared_ptr<net::WebSocketConnection>> r) {
                                  done.set_value(std::move(r));
                                });
  return future.get();
}

}  // namespace

WebCallClient::WebCallClient(const std::string& url, std::vector<net::HttpHeader> headers)
    : loop_(net::EventLoop::start("webcall-client")), state_(std::make_shared<State>()) {
  auto connection = connect(*loop_, url, std::move(headers), state_);
  if (!connection.ok()) throw std::runtime_error(connection.error().message);
  std::lock_guard lock(state_->mutex);
  state_->connection = std::move(connection).value();
}

WebCallClient::~WebCallClient() {
  {
    std::promise<void> released;
    loop_->post([&] {
      std::lock_guard lock(state_->mutex);
      state_->connection.reset();
      released.set_value();
    });
    released.get_future().wait();
  }
  loop_->stop();
}

int WebCallClient::refused_status(const std::string& url, std::vector<net::HttpHeader> headers) {
  auto loop = net::EventLoop::start("webcall-probe");
  auto state = std::make_shared<State>();
  auto connection = connect(*loop, url, std::move(headers), state);
  int status = 0;
  if (!connection.ok()) {
    status = net::websocket_handshake_status(connection.error()).value_or(-1);
  } else {
    std::promise<void> released;
    loop->post([&] {
      (*connection).reset();
      released.set_value();
    });
    released.get_future().wait();
  }
  loop->stop();
  return status;
}

void WebCallClient::send_text(std::string text) {
  loop_->post([state = state_, text = std::move(text)]() mutable {
    if (state->connection) state->connection->send_text(std::move(text));
  });
}

void WebCallClient::send_bytes(std::vector<std::uint8_t> bytes) {
  loop_->post([state = state_, bytes = std::move(bytes)]() mutable {
    if (state->connection) state->connection->send_binary(std::move(bytes));
  });
}

void WebCallClient::send_json(const json::value& value) {
  send_text(json::serialize(value));
}

void WebCallClient::stream_audio(const std::vector<std::int16_t>& samples, int rate) {
  {
    std::lock_guard lock(state_->mutex);
    state_->auto_played = auto_played_;
  }
  const std::size_t chunk = static_cast<std::size_t>(rate / 50);
  const auto start = Clock::now();
  std::size_t sent = 0;
  for (std::size_t at = 0; at < samples.size(); at += chunk) {
    const std::size_t n = std::min(chunk, samples.size() - at);
    std::vector<std::uint8_t> bytes(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
      const auto v = static_cast<std::uint16_t>(samples[at + i]);
      bytes[2 * i] = static_cast<std::uint8_t>(v & 0xff);
      bytes[2 * i + 1] = static_cast<std::uint8_t>(v >> 8);
    }
    send_bytes(std::move(bytes));
    sent += n;
    std::this_thread::sleep_until(start + std::chrono::microseconds(sent * 1'000'000 / rate));
  }
}

void WebCallClient::stream_silence(int ms, int rate) {
  stream_audio(std::vector<std::int16_t>(static_cast<std::size_t>(ms) * rate / 1000, 0), rate);
}

bool WebCallClient::wait_for(const std::function<bool(const std::vector<Message>&)>& predicate,
                             std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_->mutex);
  return state_->changed.wait_for(lock, timeout, [&] { return predicate(state_->messages); });
}

std::optional<WebCallClient::Message> WebCallClient::wait_for_type(
    const std::string& type, std::chrono::milliseconds timeout, std::size_t skip) {
  std::optional<Message> found;
  wait_for(
      [&](const std::vector<Message>& messages) {
        std::size_t seen = 0;
        for (const auto& m : messages) {
          if (!m.binary && has_type(m.json, type) && seen++ == skip) {
            found = m;
            return true;
          }
        }
        return false;
      },
      timeout);
  return found;
}

std::vector<WebCallClient::Message> WebCallClient::messages() const {
  std::lock_guard lock(state_->mutex);
  return state_->messages;
}

std::size_t WebCallClient::audio_samples() const {
  std::lock_guard lock(state_->mutex);
  std::size_t n = 0;
  for (const auto& m : state_->messages)
    n += m.samples.size();
  return n;
}

bool WebCallClient::closed() const {
  std::lock_guard lock(state_->mutex);
  return state_->closed;
}

bool WebCallClient::wait_closed(std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_->mutex);
  return state_->changed.wait_for(lock, timeout, [&] { return state_->closed; });
}

std::uint16_t WebCallClient::close_code() const {
  std::lock_guard lock(state_->mutex);
  return state_->close_code;
}

void WebCallClient::close() {
  loop_->post([state = state_] {
    if (state->connection) state->connection->close(net::WebSocketClose::kNormal, "bye");
  });
  wait_closed(std::chrono::seconds(5));
}

std::vector<json::value> of_type(const std::vector<WebCallClient::Message>& messages,
                                 const std::string& type) {
  std::vector<json::value> out;
  for (const auto& m : messages) {
    if (!m.binary && has_type(m.json, type)) out.push_back(m.json);
  }
  return out;
}

std::vector<json::object> live_events(const std::vector<WebCallClient::Message>& messages,
                                      std::string_view type, std::string_view call_id) {
  std::vector<json::object> found;
  for (const auto& m : messages) {
    if (m.binary || !has_type(m.json, type)) continue;
    const json::object& event = m.json.get_object();
    const auto* id = event.if_contains("call_id");
    const bool of_call = id != nullptr && id->is_string() && id->get_string() == call_id;
    if (call_id.empty() || of_call) found.push_back(event);
  }
  return found;
}

}  // namespace ovos::testing
