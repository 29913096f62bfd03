// OpenVoiceOS nodes sharing one PostgreSQL database and one Redis behind Debian's nginx, run
// with the shipped deploy/nginx/openvoiceos.conf (only its addresses and port replaced): an api
// node and an engine node behind the proxy, and a second engine node beside it. The REST API
// goes to the first, a browser call's WebSocket upgrade to the second, which serves a call the
// first let in; each node refuses the other's work; a ticket used on one engine node is
// refused on the other.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/http_client.h"
#include "support/server_process.h"
#include "support/test_database.h"
#include "support/web_call_client.h"

extern char** environ;

namespace ovos::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void replace_once(std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << "the shipped config no longer has: " << from;
  text.replace(at, from.size(), to);
}

int free_port() {
  // The kernel picks one for a listening socket we then close.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

/// Debian's nginx in the foreground with a config of its own under a temporary prefix.
class Nginx {
 public:
  Nginx(const std::string& site, int port) : port_(port) {
    char tmpl[] = "/tmp/ovos-nginx-XXXXXX";
    prefix_ = mkdtemp(tmpl);
    std::filesystem::permissions(prefix_, std::filesystem::perms(0755));
    std::ofstream(prefix_ + "/site.conf") << site;
    std::ofstream(prefix_ + "/nginx.conf") << "worker_processes 1;\n"
                                           << "error_log " << prefix_ << "/error.log info;\n"
                                           << "pid " << prefix_ << "/nginx.pid;\n"
                                           << "events { worker_connections 256; }\n"
                                           << "http {\n"
                                           << "  access_log " << prefix_ << "/access.log;\n"
                                           << "  client_body_temp_path " << prefix_ << "/body;\n"
                                           << "  proxy_temp_path " << prefix_ << "/proxy;\n"
                                           << "  fastcgi_temp_path " << prefix_ << "/fastcgi;\n"
                                           << "  uwsgi_temp_path " << prefix_ << "/uwsgi;\n"
                                           << "  scgi_temp_path " << prefix_ << "/scgi;\n"
                                           << "  include " << prefix_ << "/site.conf;\n"
                                           << "}\n";
    const std::string conf = prefix_ + "/nginx.conf";
    std::vector<std::string> args{"/usr/sbin/nginx", "-p", prefix_, "-c", conf, "-g",
                                  "daemon off;"};
    std::vector<char*> argv;
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) pid_ = 0;
  }
  ~Nginx() {
    if (pid_ > 0) {
      ::kill(pid_, SIGQUIT);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    std::error_code ec;
    std::filesystem::remove_all(prefix_, ec);
  }

  /// True once nginx answers on its port.
  bool wait_ready() {
    for (int i = 0; i < 100; ++i) {
      try {
        if (pid_ > 0 && HttpClient(url()).get("/healthz").status == 200) return true;
      } catch (const std::exception&) {
        // not listening yet
      }
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string error_log() const { return read_file(prefix_ + "/error.log"); }

 private:
  int port_;
  std::string prefix_;
  pid_t pid_ = 0;
};

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

class NginxTwoNodesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access("/usr/sbin/nginx", X_OK) != 0) GTEST_SKIP() << "nginx is not installed";
    database_ = create_test_database();
    if (!database_) GTEST_SKIP() << "OVOS_TEST_PG_URL is not set; scripts/test.sh sets it";
    const char* redis = std::getenv("OVOS_TEST_REDIS_URL");
    if (redis == nullptr || *redis == '\0') {
      GTEST_SKIP() << "OVOS_TEST_REDIS_URL is not set; scripts/test.sh sets it";
    }
    const std::map<std::string, std::string> shared{
        {"DATABASE_URL", *database_},
        {"OVOS_REDIS_URL", redis},
        {"OVOS_JWT_SECRET", "two-nodes-share-this-secret-0123456789"},
        {"OVOS_MASTER_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="}};
    const char* roles[] = {"api", "engine", "engine"};
    for (int n = 0; n < 3; ++n) {
      auto env = shared;
      env["OVOS_ROLE"] = roles[n];
      nodes_[n] = std::make_unique<ServerProcess>(env);
      nodes_[n]->start();
    }
    std::string site = read_file(std::string(OVOS_SOURCE_DIR) + "/deploy/nginx/openvoiceos.conf");
    replace_once(site, "server 127.0.0.1:8001",
                 "server 127.0.0.1:" + std::to_string(nodes_[0]->port()));
    replace_once(site, "server 127.0.0.1:8002",
                 "server 127.0.0.1:" + std::to_string(nodes_[1]->port()));
    replace_once(site, "listen 8080", "listen 127.0.0.1:" + std::to_string(free_port()));
    const auto listen_at = site.find("listen 127.0.0.1:");
    const int port = std::stoi(site.substr(listen_at + 17));
    nginx_ = std::make_unique<Nginx>(site, port);
    ASSERT_TRUE(nginx_->wait_ready()) << nginx_->error_log();
    http_ = std::make_unique<HttpClient>(nginx_->url());
  }
  void TearDown() override {
    nginx_.reset();
    for (auto& node : nodes_) {
      if (node) {
        EXPECT_EQ(node->stop(), 0) << node->log();
      }
    }
    if (database_) drop_test_database(*database_);
  }

  std::optional<std::string> database_;
  std::unique_ptr<ServerProcess> nodes_[3];  // api, engine behind nginx, engine beside it
  std::unique_ptr<Nginx> nginx_;
  std::unique_ptr<HttpClient> http_;
};

TEST_F(NginxTwoNodesTest, TheApiGoesToTheApiNodeAndCallMediaToTheEngineNode) {
  // Node 0 is OVOS_ROLE=api, node 1 OVOS_ROLE=engine. Sign up through the proxy: the account,
  // its token and its Demo receptionist are good on both, through the one database.
  const auto registered = http_->post(
      "/v1/auth/register",
      json::object{{"email", "two@example.com"}, {"password", "correct horse battery"}});
  ASSERT_EQ(registered.status, 201) << registered.body;
  const std::string token(registered.json().at("access_token").as_string());
  const auto agents = http_->get("/v1/agents", token);
  ASSERT_EQ(agents.status, 200) << agents.body;
  const std::string agent(agents.json().at("items").at(0).at("id").as_string());

  // A browser call through the proxy: its ticket from the api node, its WebSocket upgrade to
  // the engine node, which greets the caller.
  const auto ticket =
      http_->post("/v1/agents/" + agent + "/web-call-tokens", json::object{}, token);
  ASSERT_EQ(ticket.status, 201) << ticket.body;
  const std::string path(ticket.json().at("url").as_string());
  {
    WebCallClient client("ws://127.0.0.1:" + std::to_string(nginx_->port()) + path);
    client.send_json(json::object{{"type", "start"}, {"sample_rate", 16000}});
    ASSERT_TRUE(client.wait_for_type("ready", 10s)) << nginx_->error_log();
    EXPECT_TRUE(client.wait_for(
        [](const std::vector<WebCallClient::Message>& m) {
          for (const auto& x : m)
            if (x.binary && !x.samples.empty()) return true;
          return false;
        },
        10s))
        << "no greeting audio came through the proxy";
    client.close();
    EXPECT_TRUE(client.wait_closed(5s));
  }
  // The ticket was used on node 1: node 2, another engine node, refuses it too (Redis).
  EXPECT_EQ(WebCallClient::refused_status("ws" + nodes_[2]->base_url().substr(4) + path), 401);
  EXPECT_EQ(count(nodes_[0]->log(), "\"event\":\"ws.open\""), 0u);
  EXPECT_EQ(count(nodes_[1]->log(), "\"event\":\"ws.open\""), 1u);
  EXPECT_EQ(count(nodes_[1]->log(), "\"path\":\"/v1/agents\""), 0u)
      << "the proxy sent the API to the engine node";

  // Each node refuses what is not its role, with 421 and why; both answer health checks.
  const auto misdirected = HttpClient(nodes_[1]->base_url()).get("/v1/agents", token);
  EXPECT_EQ(misdirected.status, 421);
  EXPECT_NE(misdirected.body.find("OVOS_ROLE=engine"), std::string::npos) << misdirected.body;
  const auto again = http_->post("/v1/agents/" + agent + "/web-call-tokens", json::object{}, token);
  ASSERT_EQ(again.status, 201);
  EXPECT_EQ(WebCallClient::refused_status("ws" + nodes_[0]->base_url().substr(4) +
                                          std::string(again.json().at("url").as_string())),
            421);
  for (const auto& node : nodes_)
    EXPECT_EQ(HttpClient(node->base_url()).get("/healthz").status, 200);

  // The call's record is in the one database, read through the api node.
  for (int i = 0; i < 50; ++i) {
    const auto calls = http_->get("/v1/calls", token);
    ASSERT_EQ(calls.status, 200);
    if (calls.json().at("items").as_array().size() == 1) return;
    std::this_thread::sleep_for(100ms);
  }
  ADD_FAILURE() << "the call's record is not in the shared database";
}

TEST(RedisAtStart, ANodeWhoseRedisCannotBeReachedDoesNotStart) {
  ServerProcess node(std::map<std::string, std::string>{{"OVOS_REDIS_URL", "redis://127.0.0.1:1"}});
  EXPECT_THROW(node.start(), std::runtime_error);
  EXPECT_NE(node.log().find("startup.redis_failed"), std::string::npos) << node.log();
}

}  // namespace
}  // namespace ovos::testing
