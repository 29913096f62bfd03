// Phone-call load benchmark: N simultaneous simulated Twilio calls against the product's media
// path, in two processes (the server under test and the load generator, each pinned to its own
// CPUs), ramped until a count is no longer served in real time. See docs/benchmarks.md.
//
//   call_load_bench ramp [--shards S] [--server-cpus 0] [--client-cpus 1] [--seconds T]
//                        [--warmup W] [N ...]
//   call_load_bench server [--shards S]
//   call_load_bench client --port P --calls N [--seconds T] [--warmup W]
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "call_load_client.h"
#include "call_load_common.h"
#include "call_load_server.h"

namespace ovos::bench::load {
namespace {

using Fields = std::map<std::string, double>;
using Clock = std::chrono::steady_clock;

/// A child process running this program in another mode, its stdin and stdout as pipes.
struct Child {
  pid_t pid = -1;
  FILE* out = nullptr;  // the child's stdout
  FILE* in = nullptr;   // the child's stdin
};

/// "0", "0,1", "0-1" -> CPU numbers.
cpu_set_t parse_cpus(const std::string& list) {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::stringstream ss(list);
  std::string part;
  while (std::getline(ss, part, ',')) {
    const auto dash = part.find('-');
    const int lo = std::stoi(part.substr(0, dash));
    const int hi = dash == std::string::npos ? lo : std::stoi(part.substr(dash + 1));
    for (int c = lo; c <= hi; ++c)
      CPU_SET(c, &set);
  }
  return set;
}

/// Runs this program with `args` on `cpus`, with SCHED_FIFO priority 10 when `realtime` (and
/// permitted; the threads it starts inherit it).
Child spawn(std::vector<std::string> args, const std::string& cpus, bool realtime) {
  int to_child[2], from_child[2];
  if (pipe(to_child) != 0 || pipe(from_child) != 0) throw std::runtime_error("pipe failed");
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(to_child[0], STDIN_FILENO);
    dup2(from_child[1], STDOUT_FILENO);
    for (const int fd : {to_child[0], to_child[1], from_child[0], from_child[1]})
      close(fd);
    const cpu_set_t set = parse_cpus(cpus);
    if (sched_setaffinity(0, sizeof set, &set) != 0) std::perror("sched_setaffinity");
    sched_param param{};
    param.sched_priority = 10;
    if (realtime && sched_setscheduler(0, SCHED_FIFO, &param) != 0) std::perror("SCHED_FIFO");
    std::vector<char*> argv;
    std::string self = "/proc/self/exe";
    argv.push_back(self.data());
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    execv("/proc/self/exe", argv.data());
    std::perror("execv");
    _exit(127);
  }
  close(to_child[0]);
  close(from_child[1]);
  return {pid, fdopen(from_child[0], "r"), fdopen(to_child[1], "w")};
}

/// The next line of the child's stdout starting with `prefix` (others are echoed to stderr).
std::string read_line(Child& child, const std::string& prefix) {
  char buffer[8192];
  while (std::fgets(buffer, sizeof buffer, child.out) != nullptr) {
    std::string line(buffer);
    if (!line.empty() && line.back() == '\n') line.pop_back();
    if (line.starts_with(prefix)) return line;
    std::fprintf(stderr, "  %s\n", line.c_str());
  }
  throw std::runtime_error("the child ended before printing \"" + prefix + "\"");
}

/// "word key=value key=value ..." -> {key: value}.
Fields parse_fields(const std::string& line) {
  Fields fields;
  std::stringstream ss(line);
  std::string token;
  ss >> token;
  while (ss >> token) {
    const auto eq = token.find('=');
    if (eq != std::string::npos) fields[token.substr(0, eq)] = std::stod(token.substr(eq + 1));
  }
  return fields;
}

Fields server_stats(Child& server) {
  std::fputs("stats\n", server.in);
  std::fflush(server.in);
  return parse_fields(read_line(server, "stats"));
}

struct RampOptions {
  unsigned shards = 1;
  std::string server_cpus = "0", client_cpus = "1";
  int seconds = 20, warmup = 5;
  bool server_realtime = false;  // the generator always asks for SCHED_FIFO
  std::vector<int> counts;
};

/// One row: the client's figures plus the server's CPU and memory over the window.
struct Row {
  int calls = 0;
  Fields client;
  double server_cpu = 0, server_wait = 0, provider_cpu = 0;
  double rss_per_call_kib = 0, heap_per_call_kib = 0, idle_rss_mib = 0;
  bool generator_ok = false, server_ok = false;
};

void judge(Row& row) {
  const Fields& c = row.client;
  row.generator_ok = c.at("frames_late_20ms") == 0 && c.at("late_p99_ms") < 5.0;
  row.server_ok = c.at("connected") == row.calls && c.at("closed") == 0 && c.at("missed") == 0 &&
                  c.at("answered") > 0 && c.at("underruns") == 0 && c.at("rate_min") >= 1.0 &&
                  c.at("errors") == 0;
}

Row measure(const RampOptions& o, int calls) {
  Child server =
      spawn({"server", "--shards", std::to_string(o.shards)}, o.server_cpus, o.server_realtime);
  const std::string port = read_line(server, "port").substr(5);
  const Fields idle = server_stats(server);
  Child client = spawn({"client", "--port", port, "--calls", std::to_string(calls), "--seconds",
                        std::to_string(o.seconds), "--warmup", std::to_string(o.warmup)},
                       o.client_cpus, true);
  read_line(client, "measuring");
  const Fields s1 = server_stats(server);
  const auto t1 = Clock::now();
  read_line(client, "done");
  const Fields s2 = server_stats(server);
  const double wall = std::chrono::duration<double>(Clock::now() - t1).count();
  Row row;
  row.calls = calls;
  row.client = parse_fields(read_line(client, "result"));
  waitpid(client.pid, nullptr, 0);
  std::fclose(client.out);
  std::fclose(client.in);
  std::fclose(server.in);  // the server exits at the end of its stdin
  waitpid(server.pid, nullptr, 0);
  std::fclose(server.out);
  row.server_cpu = (s2.at("cpu_s") - s1.at("cpu_s")) / wall;
  row.server_wait = (s2.at("wait_s") - s1.at("wait_s")) / wall;
  row.provider_cpu = (s2.at("provider_s") - s1.at("provider_s")) / wall;
  row.rss_per_call_kib = (s2.at("rss_kib") - idle.at("rss_kib")) / calls;
  row.heap_per_call_kib = (s2.at("heap_kib") - idle.at("heap_kib")) / calls;
  row.idle_rss_mib = idle.at("rss_kib") / 1024;
  judge(row);
  return row;
}

/// "yes", or "**no**" with each criterion the row failed.
std::string verdict_of(const Row& r) {
  if (r.server_ok && r.generator_ok) return "yes";
  const Fields& c = r.client;
  std::string why;
  const auto add = [&](bool failed, const char* what) {
    if (failed) why += std::string(why.empty() ? "" : ", ") + what;
  };
  add(!r.generator_ok, "frames sent late");
  add(c.at("missed") > 0, "utterances unanswered");
  add(c.at("underruns") > 0 || c.at("rate_min") < 1.0, "bot audio slower than real time");
  add(c.at("connected") < r.calls || c.at("closed") > 0, "calls lost");
  add(c.at("errors") > 0, "bad messages");
  return "**no** (" + why + ")";
}

void print_tables(const RampOptions& o, const std::vector<Row>& rows) {
  std::printf(
      "\nserver: %u shard(s) on CPUs %s; generator on CPUs %s; %d s window after %d s "
      "warm-up\n\n",
      o.shards, o.server_cpus.c_str(), o.client_cpus.c_str(), o.seconds, o.warmup);
  std::printf(
      "| Calls | Server CPU | of which fake providers | Server waiting for a CPU | "
      "Generator CPU | Frame late p50 / p99 / max (ms) | Utterances answered | "
      "Reply overhead p50 / p99 (ms) | Bot audio rate min | Underruns | Real time |\n"
      "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
  for (const Row& r : rows) {
    const Fields& c = r.client;
    const std::string verdict = verdict_of(r);
    std::printf(
        "| %d | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.2f / %.2f / %.2f | %.0f of %.0f "
        "| %.1f / %.1f | %.3f | %.0f | %s |\n",
        r.calls, 100 * r.server_cpu, 100 * r.provider_cpu, 100 * r.server_wait,
        100 * c.at("client_cpu"), c.at("late_p50_ms"), c.at("late_p99_ms"), c.at("late_max_ms"),
        c.at("answered"), c.at("utterances"), c.at("overhead_p50_ms"), c.at("overhead_p99_ms"),
        c.at("rate_min"), c.at("underruns"), verdict.c_str());
  }
  std::printf(
      "\n| Calls | Connected | Replies | Server RSS per call (KiB) | Server heap per call "
      "(KiB) | Server CPU per call (µs/s) | Clears | Unexpected audio | Closed |\n"
      "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  for (const Row& r : rows) {
    const Fields& c = r.client;
    std::printf("| %d | %.0f | %.0f | %.1f | %.1f | %.0f | %.0f | %.0f | %.0f |\n", r.calls,
                c.at("connected"), c.at("replies"), r.rss_per_call_kib, r.heap_per_call_kib,
                1e6 * r.server_cpu / r.calls, c.at("clears"), c.at("unexpected_audio"),
                c.at("closed"));
  }
  std::fflush(stdout);
}

int run_ramp(RampOptions o) {
  if (o.counts.empty()) o.counts = {100, 200, 400, 500, 600, 700, 800, 1000, 1200, 1500, 2000};
  std::vector<Row> rows;
  int best = 0;
  bool retried = false;
  for (std::size_t k = 0; k < o.counts.size(); ++k) {
    const int n = o.counts[k];
    Row row = measure(o, n);
    const bool ok = row.server_ok && row.generator_ok;
    std::fprintf(stderr,
                 "%d calls: server cpu %.1f %%, answered %.0f/%.0f, overhead p99 %.1f ms, "
                 "underruns %.0f, late p99 %.2f ms: %s\n",
                 n, 100 * row.server_cpu, row.client.at("answered"), row.client.at("utterances"),
                 row.client.at("overhead_p99_ms"), row.client.at("underruns"),
                 row.client.at("late_p99_ms"), ok ? "real time" : "NOT real time");
    rows.push_back(std::move(row));
    if (ok) {
      best = n;
    } else if (!retried) {
      retried = true;  // the host is shared: one stall of its own may fail a row
      --k;
    } else {
      break;
    }
  }
  print_tables(o, rows);
  std::printf("\nlargest count in real time: %d calls\n", best);
  return 0;
}

int arg_int(const std::vector<std::string>& args, std::size_t& i) {
  if (i + 1 >= args.size()) throw std::runtime_error(args[i] + " needs a value");
  return std::stoi(args[++i]);
}

int run(const std::vector<std::string>& args) {
  if (args.empty()) throw std::runtime_error("usage: call_load_bench ramp|server|client ...");
  const std::string mode = args[0];
  RampOptions ramp;
  ClientOptions client;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--shards") {
      ramp.shards = static_cast<unsigned>(arg_int(args, i));
    } else if (a == "--server-cpus" && i + 1 < args.size()) {
      ramp.server_cpus = args[++i];
    } else if (a == "--client-cpus" && i + 1 < args.size()) {
      ramp.client_cpus = args[++i];
    } else if (a == "--server-rt") {
      ramp.server_realtime = true;
    } else if (a == "--seconds") {
      ramp.seconds = client.seconds = arg_int(args, i);
    } else if (a == "--warmup") {
      ramp.warmup = client.warmup_seconds = arg_int(args, i);
    } else if (a == "--port") {
      client.port = static_cast<std::uint16_t>(arg_int(args, i));
    } else if (a == "--calls") {
      client.calls = arg_int(args, i);
    } else {
      ramp.counts.push_back(std::stoi(a));
    }
  }
  if (mode == "server") return run_server(ramp.shards);
  if (mode == "client") return run_client(client);
  if (mode == "ramp") return run_ramp(ramp);
  throw std::runtime_error("unknown mode " + mode);
}

}  // namespace
}  // namespace ovos::bench::load

int main(int argc, char** argv) {
  try {
    return ovos::bench::load::run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "call_load_bench: %s\n", e.what());
    return 1;
  }
}
