#include "unit/llm/fake_anthropic_server.h"

namespace ovos::providers::testing {
namespace {

ReceivedRequest parse(const std::string& raw) {
  auto parsed = net::testing::parse_request(raw);
  return {std::move(parsed.method), std::move(parsed.target), parsed.lowercase_headers(),
          std::move(parsed.body), std::chrono::steady_clock::now()};
}

}  // namespace

FakeAnthropicServer::FakeAnthropicServer(std::vector<Reply> replies)
    : replies_(std::move(replies)),
      server_(std::make_unique<net::testing::ScriptedHttpServer>(
          [this](RawConnection& connection) { serve(connection); })) {}

std::string FakeAnthropicServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(server_->port());
}

std::vector<ReceivedRequest> FakeAnthropicServer::requests() const {
  const std::lock_guard lock(mutex_);
  return requests_;
}

void FakeAnthropicServer::serve(RawConnection& connection) {
  while (auto raw = connection.read_request()) {
    std::size_t index = 0;
    {
      const std::lock_guard lock(mutex_);
      index = requests_.size();
      requests_.push_back(parse(*raw));
    }
    const bool keep = index < replies_.size()
                          ? replies_[index](connection)
                          : connection.write(net::testing::http_response(500, "{}"));
    if (!keep) {
      connection.close();
      return;
    }
  }
}

std::string sse(std::string_view event, std::string_view data) {
  return "event: " + std::string(event) + "\ndata: " + std::string(data) + "\n\n";
}

std::vector<std::string> cut(std::string_view text, std::size_t size) {
  std::vector<std::string> pieces;
  for (std::size_t at = 0; at < text.size(); at += size)
    pieces.emplace_back(text.substr(at, size));
  return pieces;
}

Reply stream_reply(std::vector<std::string> pieces, std::chrono::milliseconds pause,
                   bool cut_at_end) {
  return [pieces = std::move(pieces), pause, cut_at_end](RawConnection& connection) {
    if (!connection.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
                          "Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n")) {
      return false;
    }
    for (const auto& piece : pieces) {
      if (pause.count() > 0 && !connection.pause(pause)) return false;
      if (!connection.write(net::testing::http_chunk(piece))) return false;
    }
    if (cut_at_end) return false;
    return connection.write("0\r\n\r\n");
  };
}

Reply status_reply(int status, std::string body, std::string headers) {
  return [status, body = std::move(body), headers = std::move(headers)](RawConnection& connection) {
    return connection.write(
        net::testing::http_response(status, body, "Content-Type: application/json\r\n" + headers));
  };
}

}  // namespace ovos::providers::testing
