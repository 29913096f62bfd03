#include "ws_test_support.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <stdexcept>

namespace ovos::net::testing {

using namespace std::chrono_literals;

WsEvent text(std::string s) {
  return {WsEvent::Kind::kText, std::move(s), 0};
}
WsEvent binary(std::string s) {
  return {WsEvent::Kind::kBinary, std::move(s), 0};
}
WsEvent closed(std::uint16_t code, std::string reason) {
  return {WsEvent::Kind::kClosed, std::move(reason), code};
}

void WsRecorder::add(WsEvent event) {
  {
    std::lock_guard lock(mutex_);
    if (event.kind == WsEvent::Kind::kClosed) ++closed_calls_;
    events_.push_back(std::move(event));
  }
  cv_.notify_all();
}

std::vector<WsEvent> WsRecorder::events() const {
  std::lock_guard lock(mutex_);
  return events_;
}

bool WsRecorder::wait_for_count(std::size_t count, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return events_.size() >= count; });
}

std::optional<WsEvent> WsRecorder::wait_closed(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const bool done = cv_.wait_for(lock, timeout, [&] { return closed_calls_ > 0; });
  if (!done) return std::nullopt;
  for (const auto& e : events_) {
    if (e.kind == WsEvent::Kind::kClosed) return e;
  }
  return std::nullopt;
}

int WsRecorder::closed_calls() const {
  std::lock_guard lock(mutex_);
  return closed_calls_;
}

void RecordingHandler::check_thread() {
  EXPECT_FALSE(closed_) << "handler called after on_closed";
  EXPECT_TRUE(thread_.running_in_this_thread());
}

void RecordingHandler::on_text(std::string_view t) {
  check_thread();
  recorder_->add(text(std::string(t)));
  if (echo_to_) echo_to_->send_text(std::string(t));
}

void RecordingHandler::on_binary(std::span<const std::uint8_t> bytes) {
  check_thread();
  recorder_->add(binary(std::string(bytes.begin(), bytes.end())));
  if (echo_to_) echo_to_->send_binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
}

void RecordingHandler::on_closed(std::uint16_t code, std::string_view reason) {
  check_thread();
  closed_ = true;
  recorder_->add(closed(code, std::string(reason)));
}

void run_on(core::Executor& loop, std::function<void()> fn) {
  auto done = std::make_shared<std::promise<void>>();
  auto future = done->get_future();
  loop.post([fn = std::move(fn), done] {
    fn();
    done->set_value();
  });
  ASSERT_EQ(future.wait_for(5s), std::future_status::ready) << "the loop did not run the task";
}

core::Result<std::shared_ptr<WebSocketConnection>> connect_and_wait(
    EventLoop& loop, WebSocketClientOptions options, std::unique_ptr<WebSocketHandler> handler,
    std::chrono::milliseconds timeout) {
  using Outcome = core::Result<std::shared_ptr<WebSocketConnection>>;
  auto promise = std::make_shared<std::promise<Outcome>>();
  auto future = promise->get_future();
  WebSocketClient::connect(std::move(options), loop, std::move(handler),
                           [promise](Outcome outcome) { promise->set_value(std::move(outcome)); });
  if (future.wait_for(timeout) != std::future_status::ready) {
    return core::Error::internal("test: no connect outcome in time");
  }
  return future.get();
}

namespace {

int connect_loopback(std::uint16_t port, int receive_buffer) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  if (receive_buffer > 0) {
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect failed");
  }
  return fd;
}

}  // namespace

RawWebSocket::RawWebSocket(std::uint16_t port, const std::string& path, int receive_buffer)
    : fd_(connect_loopback(port, receive_buffer)) {
  const std::string request =
      "GET " + path +
      " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
      "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      "Sec-WebSocket-Version: 13\r\n\r\n";
  ::send(fd_, request.data(), request.size(), MSG_NOSIGNAL);
  // Read the response head byte by byte so that no frame after it is consumed.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (head_.find("\r\n\r\n") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char c = 0;
    if (::recv(fd_, &c, 1, 0) != 1) break;
    head_ += c;
  }
}

RawWebSocket::~RawWebSocket() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawWebSocket::wait_server_closed(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buf[65536];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return true;
  }
  return false;
}

std::uint16_t unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot bind a loopback port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace ovos::net::testing
