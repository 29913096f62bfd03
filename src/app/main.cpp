// openvoiceos: the one binary. Subcommands: serve, migrate, user create, simulate, version.
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "api/user_setup.h"
#include "app/nodes_command.h"
#include "app/runtime.h"
#include "app/simulate.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/ids.h"
#include "core/logging.h"
#include "core/version.h"
#include "crypto/password.h"

namespace {

using ovos::core::ConfigMap;
using ovos::core::Settings;

/// OVOS_PORT -> "--port", DATABASE_URL -> "--database-url".
std::string flag_name(std::string_view env) {
  std::string name(env.starts_with("OVOS_") ? env.substr(5) : env);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
    return c == '_' ? '-' : static_cast<char>(std::tolower(c));
  });
  return "--" + name;
}

std::optional<Settings> load(const std::string& env_file, const ConfigMap& flags) {
  ConfigMap dotenv;
  if (std::ifstream in(env_file); in) {
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = ovos::core::parse_dotenv(text.str());
    if (!parsed.ok()) {
      std::cerr << "openvoiceos: " << env_file << ": " << parsed.error().message << "\n";
      return std::nullopt;
    }
    dotenv = std::move(parsed).value();
  }
  auto settings = ovos::core::load_settings(dotenv, ovos::core::environment_settings(), flags);
  if (!settings.ok()) {
    std::cerr << "openvoiceos: " << settings.error().message << ":\n";
    for (const auto& f : settings.error().fields)
      std::cerr << "  " << f.path << ": " << f.message << "\n";
    return std::nullopt;
  }
  return std::move(settings).value();
}

/// Reads a password without echo when stdin is a terminal, else one line of stdin.
std::string read_password() {
  const bool tty = isatty(STDIN_FILENO) != 0;
  termios old{};
  if (tty) {
    std::cerr << "Password: " << std::flush;
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(std::cin, password);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
  }
  return password;
}

int create_user(const Settings& settings, std::string email, const std::string& name) {
  std::transform(email.begin(), email.end(), email.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  const std::string password = read_password();
  if (password.size() < 8) {
    std::cerr << "openvoiceos: the password must be at least 8 characters\n";
    return 2;
  }
  auto store = ovos::app::open_store(settings);
  if (!store.ok()) {
    std::cerr << "openvoiceos: " << store.error().message << "\n";
    return 1;
  }
  auto hash = ovos::crypto::hash_password(password);
  if (!hash.ok()) return 1;
  const auto now = ovos::core::SystemClock::instance().unix_ms();
  ovos::store::User user{ovos::core::new_id(now), email, name, std::move(hash).value(), now, now};
  auto created = ovos::api::create_user_account(**store, user);
  if (!created.ok()) {
    std::cerr << "openvoiceos: " << created.error().message << "\n";
    return 1;
  }
  std::cout << created->id << "\n";
  return 0;
}

/// `openvoiceos simulate` and its options, which fill `sim` and `verbose`.
CLI::App* add_simulate_command(CLI::App& app, ovos::app::SimulateOptions& sim, bool& verbose) {
  auto* simulate = app.add_subcommand(
      "simulate",
      "Call an agent with a simulated caller, offline, and print the transcript and latencies");
  simulate->add_option("--agent", sim.agent, "Agent JSON file (as POST /v1/agents takes it)")
      ->required();
  simulate
      ->add_option("--caller", sim.caller,
                   "The caller: a WAV file (mono, or stereo whose left channel is the caller), "
                   "or a script of `at <seconds>: <words>` lines spoken with flite")
      ->required();
  simulate->add_option("--out", sim.out,
                       "Write the call as a stereo WAV (caller left, agent right)");
  simulate->add_flag("--realtime", sim.realtime,
                     "Run in real time on a real event loop (default: virtual time, fast)");
  simulate->add_flag("--json", sim.json, "Print one JSON object instead of text");
  simulate
      ->add_option("--tail", sim.tail_seconds,
                   "Seconds the caller stays on the line after its audio (longer while the agent "
                   "talks)")
      ->default_val(8.0)
      ->check(CLI::Range(0.0, 600.0));
  simulate->add_flag("--verbose", verbose, "Log at the configured level (default: warnings only)");
  return simulate;
}

/// Runs `simulate` with the local speech settings; logs only warnings unless `verbose`, so the
/// report is what the terminal shows.
int run_simulate(const Settings& settings, ovos::app::SimulateOptions sim, bool verbose) {
  if (!verbose) {
    const auto level = ovos::core::parse_log_level(settings.log_level);
    ovos::core::configure_logging(std::max(level, ovos::core::LogLevel::kWarn),
                                  ovos::core::LogFormat::kText);
  }
  sim.compute_threads = settings.compute_threads;
  sim.stt_decoders = settings.stt_decoders;
  return ovos::app::simulate(sim);
}

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app{"OpenVoiceOS: self-hostable real-time voice AI agents"};
  app.require_subcommand(1);
  app.fallthrough();
  std::string env_file = ".env";
  app.add_option("--env-file", env_file, "Settings file read at start (KEY=VALUE lines)");
  ConfigMap flags;
  std::vector<std::string> flag_values(ovos::core::setting_specs().size());
  std::size_t i = 0;
  for (const auto& spec : ovos::core::setting_specs()) {
    app.add_option(flag_name(spec.env), flag_values[i++],
                   std::string(spec.help) + " [env " + std::string(spec.env) + "]");
  }
  auto* serve = app.add_subcommand("serve", "Run the server (API, dashboard, calls)");
  auto* migrate = app.add_subcommand("migrate", "Apply pending database migrations and exit");
  auto* version = app.add_subcommand("version", "Print the version");
  auto* nodes = app.add_subcommand(
      "nodes", "Print the nodes beating now in OVOS_REDIS_URL (JSON: role, URL, calls, draining)");
  auto* user = app.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  auto* user_create =
      user->add_subcommand("create", "Create a user; the password is read from stdin");
  std::string email, name;
  user_create->add_option("--email", email, "Email address (the login)")->required();
  user_create->add_option("--name", name, "Display name");
  ovos::app::SimulateOptions sim;
  bool verbose = false;
  auto* simulate = add_simulate_command(app, sim, verbose);
  CLI11_PARSE(app, argc, argv);

  if (version->parsed()) {
    std::cout << "openvoiceos " << ovos::core::kVersion << "\n";
    return 0;
  }
  i = 0;
  for (const auto& spec : ovos::core::setting_specs()) {
    if (app.count(flag_name(spec.env)) > 0) flags[std::string(spec.env)] = flag_values[i];
    ++i;
  }
  const auto settings = load(env_file, flags);
  if (!settings) return 2;
  ovos::app::configure_logging(*settings);
  if (simulate->parsed()) return run_simulate(*settings, sim, verbose);
  if (serve->parsed()) return ovos::app::serve(*settings);
  if (migrate->parsed()) {
    const auto store = ovos::app::open_store(*settings);
    if (!store.ok()) std::cerr << "openvoiceos: " << store.error().message << "\n";
    return store.ok() ? 0 : 1;
  }
  if (user_create->parsed()) return create_user(*settings, email, name);
  if (nodes->parsed()) return ovos::app::print_nodes(*settings, std::cout, std::cerr);
  return 2;
} catch (const std::exception& e) {
  std::cerr << "openvoiceos: fatal: " << e.what() << "\n";
  return 1;
}
