#pragma once

#include <sys/types.h>

#include <string>

namespace ovos::testing {

/// A redis-server of the test's own on a loopback port (no password, nothing saved), which the
/// test can stop and start again on the same port, as an outage would. Stopped by the
/// destructor.
class RedisProcess {
 public:
  RedisProcess();
  ~RedisProcess();
  RedisProcess(const RedisProcess&) = delete;
  RedisProcess& operator=(const RedisProcess&) = delete;

  /// Starts it; true once it answers.
  bool start();
  /// Kills it at once (SIGKILL).
  void kill_now();
  [[nodiscard]] std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

 private:
  int port_;
  pid_t pid_ = 0;
};

}  // namespace ovos::testing
