#include "support/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

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
  if (pid_ > 0) stop();
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
  // Everything the child needs is made before fork(): tests run simulators on other threads,
  // and between fork() and exec only async-signal-safe calls are safe (setenv or malloc could
  // wait forever on a lock another thread held at the fork).
  std::map<std::string, std::string> merged;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string::npos) merged[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [k, v] : env_)
    merged[k] = v;
  std::vector<std::string> entries;
  for (const auto& [k, v] : merged)
    entries.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& entry : entries)
    envp.push_back(entry.data());
  envp.push_back(nullptr);
  const std::string program = binary();
  std::string serve = "serve";
  char* argv[] = {const_cast<char*>(program.c_str()), serve.data(), nullptr};
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // A test binary that dies (an ASan abort) takes its server with it, instead of leaving it
    // running for hours.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(125);  // the test died before prctl took effect
    const int fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    dup2(fd, STDERR_FILENO);
    dup2(fd, STDOUT_FILENO);
    if (chdir(data_dir_.c_str()) != 0) _exit(126);  // no stray .env from the source tree
    execve(program.c_str(), argv, envp.data());
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string text = log();
    if (const auto port = started_port(text); port > 0) {
      port_ = port;
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("openvoiceos exited during start-up:\n" + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("openvoiceos did not start in time:\n" + log());
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void ServerProcess::kill_now() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
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
