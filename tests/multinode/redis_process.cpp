#include "redis_process.h"

#include <chrono>
#include <thread>

#include "cluster/redis_client.h"
#include "nginx_process.h"

namespace ovos::testing {

RedisProcess::RedisProcess() : port_(free_loopback_port()) {}

RedisProcess::~RedisProcess() {
  kill_now();
}

bool RedisProcess::start() {
  if (!redis_.start({"/usr/bin/redis-server", "--port", std::to_string(port_), "--bind",
                     "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning"})) {
    return false;
  }
  for (int i = 0; i < 100; ++i) {
    if (cluster::RedisClient::connect({url()}).ok()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void RedisProcess::kill_now() {
  redis_.stop(SIGKILL);
}

}  // namespace ovos::testing
