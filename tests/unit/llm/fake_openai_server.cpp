#include "fake_openai_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <stdexcept>

namespace ovos::providers::testing {
namespace {

constexpr int kPollMs = 20;

bool wait_readable(int fd, const std::atomic<bool>& stop) {
  while (!stop) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, kPollMs) > 0) return true;
  }
  return false;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

// Parses a request head ("POST /x HTTP/1.1\r\nName: value\r\n...\r\n").
CapturedRequest parse_head(std::string_view head) {
  CapturedRequest request;
  const auto line_end = head.find("\r\n");
  const std::string_view line = head.substr(0, line_end);
  const auto sp1 = line.find(' ');
  const auto sp2 = line.find(' ', sp1 + 1);
  request.method = std::string(line.substr(0, sp1));
  request.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  std::size_t at = line_end + 2;
  while (at < head.size()) {
    const auto end = head.find("\r\n", at);
    const std::string_view header = head.substr(at, end - at);
    at = end == std::string_view::npos ? head.size() : end + 2;
    const auto colon = header.find(':');
    if (colon == std::string_view::npos) continue;
    request.headers[lower(header.substr(0, colon))] = std::string(trim(header.substr(colon + 1)));
  }
  return request;
}

std::string chunk(std::string_view data) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return size + std::string(data) + "\r\n";
}

}  // namespace

std::optional<CapturedRequest> FakeConnection::read_request() {
  char buf[4096];
  for (;;) {
    const auto end = pending_.find("\r\n\r\n");
    if (end != std::string::npos) {
      CapturedRequest request = parse_head(std::string_view(pending_).substr(0, end + 2));
      const auto length = request.headers.find("content-length");
      const std::size_t body = length == request.headers.end() ? 0 : std::stoul(length->second);
      if (pending_.size() >= end + 4 + body) {
        request.body = pending_.substr(end + 4, body);
        pending_.erase(0, end + 4 + body);
        return request;
      }
    }
    if (closed_ || !wait_readable(fd_, server_.stop_)) return std::nullopt;
    const auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return std::nullopt;
    pending_.append(buf, static_cast<std::size_t>(n));
  }
}

bool FakeConnection::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool FakeConnection::pause(std::chrono::milliseconds duration) {
  const auto until = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < until) {
    if (server_.stop_) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

bool FakeConnection::wait_for_peer_close(std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  char buf[4096];
  while (std::chrono::steady_clock::now() < until && !server_.stop_) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, kPollMs) <= 0) continue;
    const auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return true;
  }
  return false;
}

void FakeConnection::close() {
  closed_ = true;
  ::shutdown(fd_, SHUT_RDWR);
}

bool FakeConnection::start_stream() {
  return write(
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
      "Transfer-Encoding: chunked\r\n\r\n");
}

bool FakeConnection::send_event(std::string_view data) {
  return write(chunk("data: " + std::string(data) + "\n\n"));
}

bool FakeConnection::end_stream() {
  return write("0\r\n\r\n");
}

bool FakeConnection::respond(int status, std::string_view body, std::string_view extra_headers) {
  return write("HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: application/json\r\n" +
               std::string(extra_headers) + "Content-Length: " + std::to_string(body.size()) +
               "\r\n\r\n" + std::string(body));
}

FakeOpenAiServer::FakeOpenAiServer(Handler handler) : handler_(std::move(handler)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(listen_fd_, 16) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("cannot listen on loopback");
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

FakeOpenAiServer::~FakeOpenAiServer() {
  stop_ = true;
  acceptor_.join();
  std::vector<std::thread> threads;
  {
    const std::lock_guard lock(mutex_);
    for (const int fd : fds_)
      ::shutdown(fd, SHUT_RDWR);
    threads = std::move(threads_);
  }
  for (auto& t : threads)
    t.join();
  for (const int fd : fds_)
    ::close(fd);
  ::close(listen_fd_);
}

std::string FakeOpenAiServer::url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

void FakeOpenAiServer::accept_loop() {
  while (wait_readable(listen_fd_, stop_)) {
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    const std::lock_guard lock(mutex_);
    fds_.push_back(fd);
    threads_.emplace_back([this, fd] {
      FakeConnection connection(*this, fd);
      while (auto request = connection.read_request()) {
        const int index = record(*request);
        handler_(*request, index, connection);
      }
      ::shutdown(fd, SHUT_WR);
    });
  }
}

int FakeOpenAiServer::record(CapturedRequest request) {
  const std::lock_guard lock(mutex_);
  requests_.push_back(std::move(request));
  times_.push_back(std::chrono::steady_clock::now());
  return static_cast<int>(requests_.size()) - 1;
}

std::vector<CapturedRequest> FakeOpenAiServer::requests() const {
  const std::lock_guard lock(mutex_);
  return requests_;
}

std::vector<std::chrono::steady_clock::time_point> FakeOpenAiServer::request_times() const {
  const std::lock_guard lock(mutex_);
  return times_;
}

}  // namespace ovos::providers::testing
