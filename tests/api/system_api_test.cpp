// Health, metrics, the OpenAPI document, static files, logs, signals and CLI commands.
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "api/api.h"
#include "api_fixture.h"
#include "crypto/secret_box.h"
#include "support/raw_http.h"

namespace ovos::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using SystemApiTest = ApiTest;
OVOS_API_TEST_SUITE(SystemApiTest);

TEST_P(SystemApiTest, HealthReadinessAndMetrics) {
  const auto health = http_->get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json().at("status"), "ok");
  const auto ready = http_->get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.json().at("database"), GetParam() == Backend::kSqlite ? "sqlite" : "postgresql");
  (void)http_->get("/v1/nothing");
  const auto metrics = http_->get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.header("content-type").find("text/plain; version=0.0.4"), std::string::npos);
  EXPECT_NE(metrics.body.find("ovos_http_requests_total{method=\"GET\",code=\"4xx\"}"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("ovos_http_request_duration_seconds_bucket"), std::string::npos);
  // Every shard measures its event loop's lag.
  EXPECT_NE(metrics.body.find("ovos_event_loop_lag_seconds_count{shard=\"0\"}"), std::string::npos)
      << metrics.body;
}

TEST_P(SystemApiTest, OpenApiDocumentMatchesTheRouterBothWays) {
  const auto r = http_->get("/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  const auto doc = r.json();
  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  EXPECT_TRUE(doc.at("components").at("schemas").as_object().contains("AgentDocument"));
  std::set<std::string> documented;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, _] : item.as_object()) {
      std::string upper(method);
      for (auto& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(upper + " " + std::string(path));
    }
  }
  // The router as the binary builds it, constructed in-process over a scratch database.
  auto store = store::Store::open("", server_->data_dir() + "/scratch");
  ASSERT_TRUE(store.ok());
  const std::vector<std::uint8_t> key(32, 7);
  const auto box = crypto::SecretBox::from_key(key);
  const store::KeyVault vault(**store, *box);
  api::Api api({**store, vault, core::SystemClock::instance(), {}}, "");
  std::set<std::string> routed;
  for (const auto& route : api.routes())
    routed.insert(route.method + " " + route.pattern);
  for (const auto& route : routed)
    EXPECT_TRUE(documented.count(route)) << route << " is not in the OpenAPI document";
  for (const auto& route : documented)
    EXPECT_TRUE(routed.count(route)) << route << " is documented but not routed";
  // Every $ref resolves inside the document.
  std::function<void(const json::value&)> check_refs = [&](const json::value& v) {
    if (v.is_object()) {
      for (const auto& [k, child] : v.as_object()) {
        if (k == "$ref" && child.is_string()) {
          boost::system::error_code ec;
          const std::string pointer(child.as_string().subview(1));
          EXPECT_NE(doc.find_pointer(pointer, ec), nullptr)
              << "unresolved $ref " << child.as_string();
        } else {
          check_refs(child);
        }
      }
    } else if (v.is_array()) {
      for (const auto& child : v.as_array())
        check_refs(child);
    }
  };
  check_refs(doc);
}

class StaticUiTest : public ApiTest {
  void before_start(const ServerProcess& server) override {
    const fs::path ui = server.data_dir() + "/ui";
    fs::create_directories(ui / "agents");
    std::ofstream(ui / "index.html") << "<!doctype html><title>OpenVoiceOS</title>";
    std::ofstream(ui / "agents/index.html") << "<p>agents</p>";
    std::ofstream(ui / "app.js") << "export const x = 1;";
  }
};
OVOS_API_TEST_SUITE(StaticUiTest);

TEST_P(StaticUiTest, ServesTheDashboardDirectoryWithContentTypes) {
  const auto home = http_->get("/");
  EXPECT_EQ(home.status, 200);
  EXPECT_EQ(home.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(home.body.find("OpenVoiceOS"), std::string::npos);
  EXPECT_EQ(http_->get("/app.js").header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(http_->get("/agents").status, 308);
  EXPECT_EQ(http_->get("/agents/").body, "<p>agents</p>");
  EXPECT_EQ(http_->get("/../../etc/passwd").status, 404);
  EXPECT_EQ(http_->get("/%2e%2e/%2e%2e/etc/passwd").status, 404);
  EXPECT_EQ(http_->get("/missing.css").status, 404);
}

TEST_P(StaticUiTest, LogsAreJsonLinesWithRequestIds) {
  (void)http_->request("GET", "/healthz", "", "", {"X-Request-Id: trace-me-42"});
  const auto raw = raw_exchange(server_->port(),
                                "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(raw.find("X-Request-Id: "), std::string::npos);
  // The access log line is written after the response went out: wait for it to reach the log.
  for (int i = 0; i < 100 && server_->log().find("trace-me-42") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  bool found = false;
  std::istringstream lines(server_->log());
  for (std::string line; std::getline(lines, line);) {
    const auto v = json::parse(line);  // every line is one JSON object
    ASSERT_TRUE(v.is_object()) << line;
    EXPECT_TRUE(v.as_object().contains("ts") && v.as_object().contains("level")) << line;
    if (v.as_object().contains("request_id") && v.at("request_id") == "trace-me-42") found = true;
  }
  EXPECT_TRUE(found) << server_->log();
}

TEST_P(StaticUiTest, CommandsVersionAndMigrate) {
  const auto [vcode, vout] = server_->run_command("version");
  EXPECT_EQ(vcode, 0);
  EXPECT_NE(vout.find("openvoiceos 0.1.0"), std::string::npos);
  const auto [mcode, mout] = server_->run_command("migrate");
  EXPECT_EQ(mcode, 0) << mout;
  EXPECT_NE(mout.find("\"migrations_applied\":0"), std::string::npos)
      << "already migrated at start: " << mout;
  const auto [bad_code, bad_out] = server_->run_command("serve --port eighty");
  EXPECT_EQ(bad_code, 2);
  EXPECT_NE(bad_out.find("OVOS_PORT"), std::string::npos) << bad_out;
}

TEST_P(StaticUiTest, SigtermDrainsAndExitsCleanly) {
  EXPECT_EQ(server_->stop(), 0);
  EXPECT_NE(server_->log().find("server.stopped"), std::string::npos);
  EXPECT_THROW((void)http_->get("/healthz"), std::runtime_error);
  server_.reset();
}

}  // namespace
}  // namespace ovos::testing
