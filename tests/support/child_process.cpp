#include "support/child_process.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

extern char** environ;

namespace ovos::testing {
namespace {

/// `NAME=value` entries: this process's environment with `overrides` set over it.
std::vector<std::string> environment_with(const std::map<std::string, std::string>& overrides) {
  std::map<std::string, std::string> merged;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string::npos) merged[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [name, value] : overrides)
    merged[name] = value;
  std::vector<std::string> entries;
  for (const auto& [name, value] : merged)
    entries.push_back(name + "=" + value);
  return entries;
}

/// The null-terminated array of pointers into `strings` that exec takes.
std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

/// In the child, between fork() and exec: only async-signal-safe calls. Reports errno on
/// `report` (closed by a successful exec) and ends the child when a step fails.
[[noreturn]] void exec_child(pid_t parent, int report, const ChildOptions& options,
                             char* const* argv, char* const* envp) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(125);  // the parent died before prctl took effect
  int error = 0;
  if (!options.output_path.empty()) {
    const int fd = open(options.output_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0) error = errno;
  }
  if (error == 0 && !options.working_dir.empty() && chdir(options.working_dir.c_str()) != 0) {
    error = errno;
  }
  if (error == 0) {
    execve(argv[0], argv, envp);
    error = errno;
  }
  [[maybe_unused]] const auto written = write(report, &error, sizeof error);
  _exit(127);
}

}  // namespace

ChildProcess::~ChildProcess() {
  stop(SIGKILL);
}

bool ChildProcess::start(const std::vector<std::string>& argv, const ChildOptions& options) {
  if (pid_ > 0 || argv.empty()) return false;
  // Everything the child needs is made before fork(): tests run simulators on other threads,
  // and a lock another thread held at the fork (malloc's, setenv's) would never be released.
  std::vector<std::string> args = argv;
  std::vector<std::string> env = environment_with(options.env);
  const std::vector<char*> arg_pointers = pointers_to(args);
  const std::vector<char*> env_pointers = pointers_to(env);
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) return false;
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    close(report[0]);
    close(report[1]);
    return false;
  }
  if (pid == 0) exec_child(parent, report[1], options, arg_pointers.data(), env_pointers.data());
  close(report[1]);
  int error = 0;
  ssize_t n = 0;
  do {
    n = read(report[0], &error, sizeof error);
  } while (n < 0 && errno == EINTR);
  close(report[0]);
  if (n > 0) {  // the exec did not happen
    int status = 0;
    waitpid(pid, &status, 0);
    return false;
  }
  pid_ = pid;
  return true;
}

int ChildProcess::stop(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool ChildProcess::reap_if_exited() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return false;
  pid_ = -1;
  return true;
}

}  // namespace ovos::testing
