#include "redis_process.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>
#include <vector>

#include "cluster/redis_client.h"
#include "nginx_process.h"

extern char** environ;

namespace ovos::testing {

RedisProcess::RedisProcess() : port_(free_loopback_port()) {}

RedisProcess::~RedisProcess() {
  kill_now();
}

bool RedisProcess::start() {
  std::vector<std::string> args{
      "/usr/bin/redis-server", "--port", std::to_string(port_), "--bind", "127.0.0.1", "--save", "",
      "--appendonly",          "no",     "--loglevel",          "warning"};
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
    pid_ = 0;
    return false;
  }
  for (int i = 0; i < 100; ++i) {
    if (cluster::RedisClient::connect({url()}).ok()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void RedisProcess::kill_now() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = 0;
}

}  // namespace ovos::testing
