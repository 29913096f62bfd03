#pragma once

#include <string>

#include "support/child_process.h"

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
  ChildProcess redis_;
};

}  // namespace ovos::testing
