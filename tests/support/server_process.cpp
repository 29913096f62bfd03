#include "support/server_process.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace ovos::testing {
namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// The port in the log's server.started line ("url":"http://127.0.0.1:PORT"), or 0.
std::uint16_t started_port(const std::string& log) {
  const auto event = log.find(R"("event":"server.started")");
  if (event == std::string::npos) return 0;
  constexpr std::string_view kUrl = R"("url":"http://)";
  const auto url = log.find(kUrl, event);
  if (url == std::string::npos) return 0;
  const auto colon = log.find(':', url + kUrl.size());
  if (colon == std::string::npos) return 0;
  return static_cast<std::uint16_t>(std::atoi(log.c_str() + colon + 1));
}

}  // namespace

std::string ServerProcess::binary() {
  return OVOS_BINARY;
}

ServerProcess::ServerProcess(std::map<std::string, std::string> env) {
  char tmpl[] = "/tmp/ovos-api-test-XXXXXX";
  data_dir_ = mkdtemp(tmpl);
  log_path_ = data_dir_ + "/server.log";
  env_ = {{"OVOS_DATA_DIR", data_dir_ + "/data"},
          {"OVOS_HOST", "127.0.0.1"},
          {"OVOS_PORT", "0"},
          {"OVOS_LOG_FORMAT", "json"},
          {"OVOS_LOG_LEVEL", "info"},
          {"OVOS_THREADS", "2"},
          {"OVOS_WORKER_THREADS", "4"},
          {"OVOS_RATE_LIMIT_RPS", "0"},
          {"OVOS_UI_DIR", data_dir_ + "/ui"},
          {"OVOS_SHUTDOWN_GRACE_SECONDS", "5"}};
  for (auto& [k, v] : env)
    env_[k] = v;
}

ServerProcess::~ServerProcess() {
  stop();
  std::error_code ec;
  std::filesystem::remove_all(data_dir_, ec);
}

std::string ServerProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void ServerProcess::start() {
  if (!child_.start({binary(), "serve"},
                    {.env = env_, .working_dir = data_dir_, .output_path = log_path_})) {
    // The data dir is its working directory: no stray .env from the source tree.
    throw std::runtime_error("could not run " + binary());
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string text = log();
    if (const auto port = started_port(text); port > 0) {
      port_ = port;
      return;
    }
    if (child_.reap_if_exited()) {
      throw std::runtime_error("openvoiceos exited during start-up:\n" + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("openvoiceos did not start in time:\n" + log());
}

int ServerProcess::stop() {
  return child_.stop(SIGTERM);
}

void ServerProcess::kill_now() {
  child_.stop(SIGKILL);
}

std::pair<int, std::string> ServerProcess::run_command(const std::string& args,
                                                       const std::string& stdin_text) {
  std::string command = "cd " + shell_quote(data_dir_) + " && ";
  for (const auto& [k, v] : env_)
    command += k + "=" + shell_quote(v) + " ";
  const std::string input = data_dir_ + "/stdin.txt";
  std::ofstream(input) << stdin_text;
  command += shell_quote(binary()) + " " + args + " < " + shell_quote(input) + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("popen failed");
  std::string out;
  char buf[4096];
  while (const auto n = fread(buf, 1, sizeof buf, pipe))
    out.append(buf, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace ovos::testing
