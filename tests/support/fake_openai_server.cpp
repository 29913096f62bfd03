#include "support/fake_openai_server.h"

namespace ovos::providers::testing {

bool FakeConnection::start_stream() {
  return write(
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
      "Transfer-Encoding: chunked\r\n\r\n");
}

bool FakeConnection::send_event(std::string_view data) {
  return write(net::testing::http_chunk("data: " + std::string(data) + "\n\n"));
}

bool FakeConnection::end_stream() {
  return write("0\r\n\r\n");
}

bool FakeConnection::respond(int status, std::string_view body, std::string_view extra_headers) {
  return write(net::testing::http_response(
      status, body, "Content-Type: application/json\r\n" + std::string(extra_headers)));
}

FakeOpenAiServer::FakeOpenAiServer(Handler handler)
    : handler_(std::move(handler)),
      server_([this](net::testing::RawConnection& raw) { serve(raw); }) {}

std::string FakeOpenAiServer::url() const {
  return "http://127.0.0.1:" + std::to_string(server_.port());
}

void FakeOpenAiServer::serve(net::testing::RawConnection& raw) {
  FakeConnection connection(raw);
  while (!connection.closed()) {
    const auto bytes = raw.read_request();
    if (!bytes) return;
    auto parsed = net::testing::parse_request(*bytes);
    const CapturedRequest request{std::move(parsed.method), std::move(parsed.target),
                                  parsed.lowercase_headers(), std::move(parsed.body)};
    const int index = record(request);
    handler_(request, index, connection);
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
