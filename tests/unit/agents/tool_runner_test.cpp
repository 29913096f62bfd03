// HttpToolRunner against a loopback HTTP server: results, errors and timeouts told to the model.
#include "agents/tools/tool_runner.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <future>

#include "net/event_loop.h"
#include "net/http_client.h"
#include "support/scripted_http_server.h"

namespace ovos::agents::tools {
namespace {

namespace json = boost::json;
using net::testing::http_response;
using net::testing::RawConnection;
using net::testing::ScriptedHttpServer;
using namespace std::chrono_literals;

std::shared_ptr<const std::vector<ToolSpec>> tools_for(std::uint16_t port) {
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  const json::value api_tools = json::parse(R"({
    "tools": [
      {"name": "lookup", "description": "Order status",
       "parameters": {"type": "object", "properties": {"order": {"type": "string"}}}},
      {"name": "transfer_call", "description": "To a person",
       "parameters": {"type": "object", "properties": {}}},
      {"name": "transfer_call_webhook", "description": "To a person, told to a webhook",
       "parameters": {"type": "object", "properties": {}}}
    ],
    "tools_params": {
      "lookup": {"url": ")" + base + R"(/orders/%(order)s", "method": "GET",
                 "api_token": "secret-token"},
      "transfer_call": {"param": {"call_transfer_number": "+15550100"}},
      "transfer_call_webhook": {"url": ")" + base +
                                            R"(/transfer",
                                "param": {"call_transfer_number": "+15550199"}}
    }})");
  return std::make_shared<const std::vector<ToolSpec>>(*parse_api_tools(&api_tools, "en", "$"));
}

class ToolRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    io_ = net::EventLoop::start("tool-io");
    call_ = net::EventLoop::start("call");
    net::HttpClientOptions options;
    options.connect_timeout = 2s;
    client_ = net::HttpClient::create(*io_, options);
  }
  void TearDown() override {
    client_.reset();
    call_->stop();
    io_->stop();
  }

  // Runs `call` and waits for its outcome.
  ToolOutcome run(HttpToolRunner& runner, providers::ToolCall call) {
    std::promise<ToolOutcome> promise;
    std::unique_ptr<ToolRun> handle;
    call_->post([&] {
      handle = runner.run(call, *call_, [&](ToolOutcome o) {
        EXPECT_TRUE(call_->running_in_this_thread());
        promise.set_value(std::move(o));
      });
    });
    auto future = promise.get_future();
    EXPECT_EQ(future.wait_for(10s), std::future_status::ready);
    ToolOutcome outcome = future.get();
    std::promise<void> dropped;
    call_->post([&] {
      handle.reset();
      dropped.set_value();
    });
    dropped.get_future().wait();
    return outcome;
  }

  std::unique_ptr<net::EventLoop> io_;
  std::unique_ptr<net::EventLoop> call_;
  std::unique_ptr<net::HttpClient> client_;
};

TEST_F(ToolRunnerTest, TheResponseBodyIsTheResult) {
  ScriptedHttpServer server([](RawConnection& c) {
    if (c.read_request()) c.write(http_response(200, R"({"status":"shipped"})"));
  });
  HttpToolRunner runner(tools_for(server.port()), client_.get(), {});
  const ToolOutcome outcome = run(runner, {"c1", "lookup", R"({"order":"A 7"})"});
  EXPECT_TRUE(outcome.ok);
  EXPECT_EQ(outcome.kind, ToolKind::kHttp);
  EXPECT_EQ(outcome.content, R"({"status":"shipped"})");
  ASSERT_EQ(server.requests().size(), 1u);
  const std::string request = server.requests()[0];
  EXPECT_EQ(request.rfind("GET /orders/A%207 HTTP/1.1\r\n", 0), 0u) << request;
  EXPECT_NE(request.find("Authorization: Bearer secret-token\r\n"), std::string::npos);
}

TEST_F(ToolRunnerTest, AnHttpErrorIsToldToTheModel) {
  ScriptedHttpServer server([](RawConnection& c) {
    if (c.read_request()) c.write(http_response(503, "down for maintenance"));
  });
  HttpToolRunner runner(tools_for(server.port()), client_.get(), {});
  const ToolOutcome outcome = run(runner, {"c1", "lookup", R"({"order":"1"})"});
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.content, "error: the tool's server answered HTTP 503: down for maintenance");
}

TEST_F(ToolRunnerTest, ASlowToolTimesOut) {
  ScriptedHttpServer server([](RawConnection& c) {
    if (c.read_request()) c.pause(5s);
  });
  HttpToolRunner runner(tools_for(server.port()), client_.get(), {}, {.timeout = 300ms});
  const ToolOutcome outcome = run(runner, {"c1", "lookup", R"({"order":"1"})"});
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.content, "error: the tool did not answer within 300 ms");
  EXPECT_GE(outcome.elapsed_ms, 290);
}

TEST_F(ToolRunnerTest, AnUnreachableServerIsAnOutcome) {
  std::uint16_t port = 0;
  {
    ScriptedHttpServer closed([](RawConnection&) {});
    port = closed.port();
  }
  HttpToolRunner runner(tools_for(port), client_.get(), {});
  const ToolOutcome outcome = run(runner, {"c1", "lookup", R"({"order":"1"})"});
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.content.rfind("error: the request failed: ", 0), 0u) << outcome.content;
}

TEST_F(ToolRunnerTest, APrivateAddressIsRefusedWhenOnlyPublicOnesAreAllowed) {
  ScriptedHttpServer server([](RawConnection& c) {
    if (c.read_request()) c.write(http_response(200, "{}"));
  });
  net::HttpClientOptions options;
  options.public_addresses_only = true;
  auto public_only = net::HttpClient::create(*io_, options);
  HttpToolRunner runner(tools_for(server.port()), public_only.get(), {});
  const ToolOutcome outcome = run(runner, {"c1", "lookup", R"({"order":"1"})"});
  EXPECT_FALSE(outcome.ok);
  EXPECT_NE(outcome.content.find("127.0.0.1, which is not a public address"), std::string::npos)
      << outcome.content;
  EXPECT_EQ(server.connections_accepted(), 0);
}

TEST_F(ToolRunnerTest, BadCallsAreOutcomesNotCrashes) {
  HttpToolRunner runner(tools_for(1), client_.get(), {});
  EXPECT_EQ(run(runner, {"c1", "nope", "{}"}).content, "error: there is no tool named 'nope'");
  EXPECT_EQ(run(runner, {"c1", "lookup", "[1,2"}).content,
            "error: the arguments are not a JSON object");
  const ToolOutcome missing = run(runner, {"c1", "lookup", "{}"});
  EXPECT_FALSE(missing.ok);
  EXPECT_NE(missing.content.find("order"), std::string::npos) << missing.content;
  HttpToolRunner offline(tools_for(1), nullptr, {});
  EXPECT_EQ(run(offline, {"c1", "lookup", R"({"order":"1"})"}).content,
            "error: tools cannot make HTTP requests in this process");
}

TEST_F(ToolRunnerTest, EndCallAndTransferAreActions) {
  HttpToolRunner runner(tools_for(1), client_.get(), {});
  const ToolOutcome end = run(runner, {"c1", "end_call", ""});
  EXPECT_TRUE(end.ok);
  EXPECT_EQ(end.kind, ToolKind::kEndCall);
  const ToolOutcome transfer = run(runner, {"c2", "transfer_call", "{}"});
  EXPECT_TRUE(transfer.ok);
  EXPECT_EQ(transfer.kind, ToolKind::kTransfer);
  EXPECT_EQ(transfer.transfer_to, "+15550100");
  const ToolOutcome chosen =
      run(runner, {"c3", "transfer_call", R"({"call_transfer_number":"+15550111"})"});
  EXPECT_EQ(chosen.transfer_to, "+15550111");
}

TEST_F(ToolRunnerTest, ATransferWithAUrlIsPostedThere) {
  ScriptedHttpServer server([](RawConnection& c) {
    if (c.read_request()) c.write(http_response(200, "{}"));
  });
  HttpToolRunner runner(tools_for(server.port()), client_.get(),
                        {{"call_id", "call-9"}, {"from_number", "+15550001"}});
  const ToolOutcome outcome = run(runner, {"c1", "transfer_call_webhook", "{}"});
  EXPECT_TRUE(outcome.ok);
  EXPECT_EQ(outcome.transfer_to, "+15550199");
  ASSERT_EQ(server.requests().size(), 1u);
  const std::string request = server.requests()[0];
  const json::value body = json::parse(request.substr(request.find("\r\n\r\n") + 4));
  EXPECT_EQ(body.at("call_transfer_number").as_string(), "+15550199");
  EXPECT_EQ(body.at("call_id").as_string(), "call-9");
  EXPECT_EQ(body.at("from_number").as_string(), "+15550001");
}

TEST_F(ToolRunnerTest, NothingIsDeliveredAfterTheRunIsDropped) {
  std::promise<void> requested;
  ScriptedHttpServer server([&](RawConnection& c) {
    if (!c.read_request()) return;
    requested.set_value();
    c.pause(300ms);
    c.write(http_response(200, "late"));
  });
  HttpToolRunner runner(tools_for(server.port()), client_.get(), {});
  std::atomic<int> delivered{0};
  std::unique_ptr<ToolRun> handle;
  call_->post([&] {
    handle =
        runner.run({"c1", "lookup", R"({"order":"1"})"}, *call_, [&](ToolOutcome) { ++delivered; });
  });
  requested.get_future().wait();
  std::promise<void> dropped;
  call_->post([&] {
    handle.reset();
    dropped.set_value();
  });
  dropped.get_future().wait();
  std::this_thread::sleep_for(600ms);
  EXPECT_EQ(delivered.load(), 0);
}

}  // namespace
}  // namespace ovos::agents::tools
