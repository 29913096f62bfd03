#pragma once

#include <signal.h>
#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace ovos::testing {

/// How a ChildProcess starts.
struct ChildOptions {
  /// Set in the child's environment, over the test's own.
  std::map<std::string, std::string> env;
  /// Where the child runs; empty: the test's working directory.
  std::string working_dir;
  /// The child's stdout and stderr are appended to this file; empty: the test's own.
  std::string output_path;
};

/// A program a test runs beside it (the server, nginx, redis-server): started from an argv,
/// stopped by a signal and reaped. The child gets SIGKILL when the thread that started it ends
/// (a test that dies takes it along), and from the destructor if the test did not stop it.
/// Used from one thread; owns the child's pid.
class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// Starts `argv` (argv[0] is the program's path) unless a child is running; false when it
  /// could not be started (no such program, working directory or output file).
  bool start(const std::vector<std::string>& argv, const ChildOptions& options = {});
  /// Sends `signal` and waits for the child to end. Returns its exit status, or -1 when a
  /// signal ended it or none was running.
  int stop(int signal = SIGTERM);
  /// Reaps the child if it has ended by itself; true if it had (nothing runs any more).
  bool reap_if_exited();
  [[nodiscard]] bool running() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
};

}  // namespace ovos::testing
