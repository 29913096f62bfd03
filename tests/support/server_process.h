#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "support/child_process.h"

namespace ovos::testing {

/// Runs the real `openvoiceos serve` binary for tests: a temp data dir, a free port, JSON logs
/// captured to a file. Environment variables in `env` override the test defaults. The
/// destructor stops it (SIGTERM) if the test did not.
class ServerProcess {
 public:
  explicit ServerProcess(std::map<std::string, std::string> env = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  /// Starts the binary and waits until it logs server.started. Throws on failure with the log.
  void start();
  /// Sends SIGTERM and returns the exit status (-1 when killed by a signal).
  int stop();
  /// Kills it at once (SIGKILL), as a machine that dies would: nothing is cleaned up.
  void kill_now();

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] const std::string& data_dir() const { return data_dir_; }
  /// Everything the process has logged so far.
  [[nodiscard]] std::string log() const;

  /// Runs `openvoiceos ARGS` to completion with the same environment; returns exit status
  /// and combined output.
  std::pair<int, std::string> run_command(const std::string& args,
                                          const std::string& stdin_text = "");

  /// The binary under test (from the build).
  static std::string binary();

 private:
  std::map<std::string, std::string> env_;
  std::string data_dir_;
  std::string log_path_;
  std::uint16_t port_ = 0;
  ChildProcess child_;
};

}  // namespace ovos::testing
