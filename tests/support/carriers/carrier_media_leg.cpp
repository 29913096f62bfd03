#include "support/carriers/carrier_media_leg.h"

#include <cmath>
#include <future>
#include <stdexcept>
#include <thread>

#include "net/websocket_client.h"

namespace ovos::testing {

using Clock = std::chrono::steady_clock;

struct CarrierMediaLeg::State {
  mutable std::mutex mutex;
  std::condition_variable changed;
  std::unique_ptr<CarrierWire> wire;
  std::vector<Received> received;
  std::vector<std::string> echoed;
  std::shared_ptr<net::WebSocketConnection> connection;
  bool closed = false;
  Clock::time_point play_end{};  // when the audio received so far finishes playing
  std::map<std::string, core::TimerHandle> pending_marks;
};

namespace {

void send_now(const std::shared_ptr<CarrierMediaLeg::State>& state, std::string text) {
  std::shared_ptr<net::WebSocketConnection> connection;
  {
    std::lock_guard lock(state->mutex);
    connection = state->connection;
  }
  if (connection) connection->send_text(std::move(text));
}

/// Plays what the server sends: audio takes its real duration, marks are echoed when reached.
class LegHandler final : public net::WebSocketHandler {
 public:
  explicit LegHandler(std::shared_ptr<CarrierMediaLeg::State> state) : state_(std::move(state)) {}

  void on_text(std::string_view text) override {
    CarrierMediaLeg::Received r{Clock::now(), {}};
    std::vector<std::string> replies;
    std::shared_ptr<net::WebSocketConnection> connection;
    {
      std::lock_guard lock(state_->mutex);
      r.output = state_->wire->parse(text);
      connection = state_->connection;
      switch (r.output.kind) {
        case LegOutput::Kind::kAudio: {
          const auto duration = std::chrono::microseconds(r.output.samples.size() * 125);
          state_->play_end = std::max(state_->play_end, r.at) + duration;
          break;
        }
        case LegOutput::Kind::kMark:
          schedule_mark(r.output.name, connection);
          break;
        case LegOutput::Kind::kClear:
          state_->play_end = r.at;
          for (auto& [name, timer] : state_->pending_marks) {
            timer.cancel();
            if (state_->wire->echo_marks_on_clear()) {
              replies.push_back(state_->wire->played(name));
              state_->echoed.push_back(name);
            }
          }
          state_->pending_marks.clear();
          if (auto cleared = state_->wire->cleared(); !cleared.empty()) replies.push_back(cleared);
          break;
        case LegOutput::Kind::kOther:
          break;
      }
      state_->received.push_back(std::move(r));
    }
    state_->changed.notify_all();
    if (connection) {
      for (auto& reply : replies)
        connection->send_text(std::move(reply));
    }
  }

  void on_binary(std::span<const std::uint8_t>) override {
    CarrierMediaLeg::Received r{Clock::now(), {}};
    r.output.error = "a binary message (carriers take JSON text only)";
    std::lock_guard lock(state_->mutex);
    state_->received.push_back(std::move(r));
  }

  void on_closed(std::uint16_t, std::string_view) override {
    {
      std::lock_guard lock(state_->mutex);
      state_->closed = true;
      for (auto& [name, timer] : state_->pending_marks)
        timer.cancel();
      state_->pending_marks.clear();
      state_->connection.reset();
    }
    state_->changed.notify_all();
  }

 private:
  // Called with the mutex held.
  void schedule_mark(const std::string& name,
                     const std::shared_ptr<net::WebSocketConnection>& connection) {
    if (!connection) return;
    const auto delay =
        std::chrono::ceil<std::chrono::milliseconds>(state_->play_end - Clock::now());
    std::weak_ptr<CarrierMediaLeg::State> weak = state_;
    state_->pending_marks[name] = connection->executor().post_after(
        std::max(delay, std::chrono::milliseconds(0)), [weak, name] {
          auto state = weak.lock();
          if (!state) return;
          std::string text;
          {
            std::lock_guard lock(state->mutex);
            if (state->pending_marks.erase(name) == 0) return;
            state->echoed.push_back(name);
            text = state->wire->played(name);
          }
          state->changed.notify_all();
          send_now(state, std::move(text));
        });
  }

  std::shared_ptr<CarrierMediaLeg::State> state_;
};

}  // namespace

CarrierMediaLeg::CarrierMediaLeg(const std::string& url, std::unique_ptr<CarrierWire> wire,
                                 LegStart start, std::vector<net::HttpHeader> headers)
    : loop_(net::EventLoop::start("carrier-leg")), state_(std::make_shared<State>()) {
  state_->wire = std::move(wire);
  std::promise<core::Result<std::shared_ptr<net::WebSocketConnection>>> done;
  auto future = done.get_future();
  net::WebSocketClientOptions options;
  options.url = url;
  options.headers = std::move(headers);
  options.connect_timeout = std::chrono::milliseconds(5000);
  net::WebSocketClient::connect(options, *loop_, std::make_unique<LegHandler>(state_),
                                [&done](auto r) { done.set_value(std::move(r)); });
  auto connection = future.get();
  if (!connection.ok()) {
    loop_->stop();
    throw std::runtime_error(connection.error().message);
  }
  std::vector<std::string> opening;
  {
    std::lock_guard lock(state_->mutex);
    state_->connection = std::move(connection).value();
    opening = state_->wire->opening(start);
  }
  for (auto& message : opening)
    send_text(std::move(message));
  started_at_ = Clock::now();
}

CarrierMediaLeg::~CarrierMediaLeg() {
  std::promise<void> released;
  loop_->post([&] {
    std::lock_guard lock(state_->mutex);
    for (auto& [name, timer] : state_->pending_marks)
      timer.cancel();
    state_->connection.reset();
    released.set_value();
  });
  released.get_future().wait();
  loop_->stop();
}

void CarrierMediaLeg::send_text(std::string text) {
  loop_->post([state = state_, text = std::move(text)]() mutable { send_now(state, text); });
}

void CarrierMediaLeg::stream_audio(const std::vector<std::int16_t>& samples) {
  const std::size_t kFrame = state_->wire->frame_samples();  // const after construction
  const auto start = Clock::now();
  std::size_t sent = 0;
  for (std::size_t at = 0; at < samples.size(); at += kFrame) {
    const std::size_t n = std::min(kFrame, samples.size() - at);
    std::string text;
    {
      std::lock_guard lock(state_->mutex);
      text = state_->wire->media(std::span(samples).subspan(at, n), ++chunk_, sent_ms_);
    }
    send_text(std::move(text));
    sent += n;
    sent_ms_ += static_cast<std::int64_t>(n / 8);
    std::this_thread::sleep_until(start + std::chrono::microseconds(sent * 125));
  }
}

void CarrierMediaLeg::stream_silence(int ms) {
  stream_audio(std::vector<std::int16_t>(static_cast<std::size_t>(ms) * 8, 0));
}

void CarrierMediaLeg::send_dtmf(char digit) {
  std::string text;
  {
    std::lock_guard lock(state_->mutex);
    text = state_->wire->dtmf(digit);
  }
  send_text(std::move(text));
}

void CarrierMediaLeg::stop() {
  std::string text;
  {
    std::lock_guard lock(state_->mutex);
    text = state_->wire->stop();
  }
  if (!text.empty()) send_text(std::move(text));  // Plivo sends none: the socket just closes
  drop();
}

void CarrierMediaLeg::drop() {
  loop_->post([state = state_] {
    std::shared_ptr<net::WebSocketConnection> connection;
    {
      std::lock_guard lock(state->mutex);
      connection = state->connection;
    }
    if (connection) connection->close(net::WebSocketClose::kGoingAway, "gone");
  });
}

bool CarrierMediaLeg::wait_for(const std::function<bool(const std::vector<Received>&)>& predicate,
                               std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_->mutex);
  return state_->changed.wait_for(lock, timeout, [&] { return predicate(state_->received); });
}

std::vector<CarrierMediaLeg::Received> CarrierMediaLeg::received() const {
  std::lock_guard lock(state_->mutex);
  return state_->received;
}

bool CarrierMediaLeg::wait_closed(std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_->mutex);
  return state_->changed.wait_for(lock, timeout, [&] { return state_->closed; });
}

bool CarrierMediaLeg::closed() const {
  std::lock_guard lock(state_->mutex);
  return state_->closed;
}

std::vector<std::string> CarrierMediaLeg::echoed_marks() const {
  std::lock_guard lock(state_->mutex);
  return state_->echoed;
}

std::optional<CarrierMediaLeg::Received> first_speech(
    const std::vector<CarrierMediaLeg::Received>& received, double threshold) {
  for (const auto& r : received) {
    if (r.output.kind != LegOutput::Kind::kAudio || r.output.samples.empty()) continue;
    double sum = 0;
    for (const auto s : r.output.samples)
      sum += static_cast<double>(s) * s;
    if (std::sqrt(sum / static_cast<double>(r.output.samples.size())) > threshold) return r;
  }
  return std::nullopt;
}

std::size_t audio_samples(const std::vector<CarrierMediaLeg::Received>& received) {
  std::size_t n = 0;
  for (const auto& r : received)
    n += r.output.samples.size();
  return n;
}

}  // namespace ovos::testing
