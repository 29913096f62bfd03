#include "unit/llm/fake_anthropic_server.h"

#include <cctype>

namespace ovos::providers::testing {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

ReceivedRequest parse(const std::string& raw) {
  ReceivedRequest request;
  request.at = std::chrono::steady_clock::now();
  const auto head_end = raw.find("\r\n\r\n");
  request.body = raw.substr(head_end + 4);
  std::string_view head(raw.data(), head_end);
  const auto line_end = head.find("\r\n");
  const std::string_view line = head.substr(0, line_end);
  const auto sp1 = line.find(' ');
  const auto sp2 = line.find(' ', sp1 + 1);
  request.method = line.substr(0, sp1);
  request.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  head = line_end == std::string_view::npos ? std::string_view{} : head.substr(line_end + 2);
  while (!head.empty()) {
    const auto end = head.find("\r\n");
    const std::string_view header = head.substr(0, end);
    const auto colon = header.find(':');
    std::string_view value = header.substr(colon + 1);
    while (!value.empty() && value.front() == ' ')
      value.remove_prefix(1);
    request.headers[lower(header.substr(0, colon))] = std::string(value);
    head = end == std::string_view::npos ? std::string_view{} : head.substr(end + 2);
  }
  return request;
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
