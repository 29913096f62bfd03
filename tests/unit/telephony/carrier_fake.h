#pragma once

// What the carrier-control tests share: a loop with an HttpClient, running one operation on it
// and waiting for its one callback, and reading the requests a loopback fake received.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/http_types.h"
#include "support/scripted_http_server.h"
#include "telephony/carrier_control.h"

namespace ovos::telephony::testing {

using net::testing::RawConnection;
using net::testing::ScriptedHttpServer;
using Fields = std::vector<std::pair<std::string, std::string>>;

/// One request as the fake received it.
struct SeenRequest {
  std::string method;
  std::string target;
  Fields headers;
  std::string body;

  /// First header with this name (case-insensitive), or "".
  [[nodiscard]] std::string header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (net::iequals(key, name)) return value;
    }
    return {};
  }
};

inline SeenRequest parse_seen(const std::string& raw) {
  auto parsed = net::testing::parse_request(raw);
  return {std::move(parsed.method), std::move(parsed.target), std::move(parsed.headers),
          std::move(parsed.body)};
}

/// Every request `server` has read, parsed.
inline std::vector<SeenRequest> seen_requests(const ScriptedHttpServer& server) {
  std::vector<SeenRequest> out;
  for (const auto& raw : server.requests())
    out.push_back(parse_seen(raw));
  return out;
}

/// An application/x-www-form-urlencoded body, decoded, in order.
inline Fields decode_form(std::string_view body) {
  Fields fields;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    const auto eq = pair.find('=');
    auto name = net::percent_decode(pair.substr(0, eq), true);
    auto value = net::percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    fields.emplace_back(name.value_or("<bad escape>"), value.value_or("<bad escape>"));
    body.remove_prefix(amp == std::string_view::npos ? body.size() : amp + 1);
  }
  return fields;
}

/// "HTTP/1.1 <status>" with a JSON body, as the carriers answer.
inline std::string json_response(int status, std::string_view body) {
  return net::testing::http_response(status, body, "Content-Type: application/json\r\n");
}

/// A script that answers each request on a connection with the next of `answers` (shared by
/// all connections), then closes. An empty answer closes the connection unanswered.
inline ScriptedHttpServer::Script answer_in_turn(std::vector<std::string> answers) {
  auto next = std::make_shared<std::atomic<std::size_t>>(0);
  auto list = std::make_shared<const std::vector<std::string>>(std::move(answers));
  return [next, list](RawConnection& c) {
    while (c.read_request()) {
      const std::size_t i = next->fetch_add(1);
      if (i >= list->size() || (*list)[i].empty()) {
        c.close();
        return;
      }
      if (!c.write((*list)[i])) return;
    }
  };
}

/// One event loop and an HttpClient on it; runs carrier operations there and waits for them.
class LoopHarness {
 public:
  LoopHarness() {
    loop_ = net::EventLoop::start("carrier-io");
    net::HttpClientOptions options;
    options.connect_timeout = std::chrono::seconds(2);
    client_ = net::HttpClient::create(*loop_, options);
  }
  ~LoopHarness() {
    client_.reset();
    loop_->stop();
  }
  LoopHarness(const LoopHarness&) = delete;
  LoopHarness& operator=(const LoopHarness&) = delete;

  [[nodiscard]] net::HttpClient& client() { return *client_; }

  /// `control`'s operations, run through run().
  core::Result<PlacedCall> place(CarrierControl& control, const OutboundCall& call) {
    return run<PlacedCall>([&](auto done) { control.place_call(call, std::move(done)); });
  }
  core::Result<void> hang_up(CarrierControl& control, const std::string& id) {
    return run<void>([&](auto done) { control.hang_up(id, std::move(done)); });
  }
  core::Result<void> transfer(CarrierControl& control, const std::string& id, const std::string& to,
                              const std::string& url = "") {
    return run<void>([&](auto done) { control.transfer(id, to, url, std::move(done)); });
  }

  /// Starts an operation on the loop with `start(done)` and waits for its result, checking that
  /// `done` runs on the loop, once, and not inside `start`.
  template <typename T>
  core::Result<T> run(const std::function<void(std::function<void(core::Result<T>)>)>& start) {
    auto promise = std::make_shared<std::promise<core::Result<T>>>();
    auto inside = std::make_shared<bool>(false);
    auto calls = std::make_shared<int>(0);
    loop_->post([&, promise, inside, calls] {
      *inside = true;
      start([this, promise, inside, calls](core::Result<T> result) {
        EXPECT_TRUE(loop_->running_in_this_thread());
        EXPECT_FALSE(*inside) << "done ran inside the call that started it";
        if (++*calls == 1) promise->set_value(std::move(result));
      });
      *inside = false;
    });
    auto future = promise->get_future();
    if (future.wait_for(std::chrono::seconds(15)) != std::future_status::ready) {
      ADD_FAILURE() << "the operation never called back";
      return core::Error::internal("no callback");
    }
    auto result = future.get();
    // Let anything queued behind it run, so a second call of `done` would be seen.
    std::promise<void> drained;
    loop_->post([&] { drained.set_value(); });
    drained.get_future().wait();
    EXPECT_EQ(*calls, 1) << "done ran more than once";
    return result;
  }

 private:
  std::unique_ptr<net::EventLoop> loop_;
  std::unique_ptr<net::HttpClient> client_;
};

}  // namespace ovos::telephony::testing
