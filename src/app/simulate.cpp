#include "app/simulate.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include "app/simulate_agent.h"
#include "app/simulate_caller.h"
#include "app/simulate_driver.h"
#include "app/simulate_recorder.h"
#include "app/simulate_report.h"
#include "providers/builtin/builtin_providers.h"

namespace ovos::app {
namespace {

constexpr int kAgentRate = 16000;

/// Bad input is 2, anything else 1.
int exit_code_for(const core::Error& error) {
  switch (error.code) {
    case core::ErrorCode::kInvalidArgument:
    case core::ErrorCode::kValidation:
    case core::ErrorCode::kNotFound:
    case core::ErrorCode::kTooLarge:
    case core::ErrorCode::kUnsupportedMediaType:
      return 2;
    default:
      return 1;
  }
}

int fail(const core::Error& error, std::string_view context = {}) {
  std::cerr << "openvoiceos: " << context << error.message << "\n";
  for (const auto& field : error.fields)
    std::cerr << "  " << field.path << ": " << field.message << "\n";
  return exit_code_for(error);
}

/// Checks that --out can be written before a whole call is spent on it.
core::Result<void> check_writable(const std::filesystem::path& path) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  if (!std::ofstream(path, std::ios::binary | std::ios::app)) {
    return core::Error::invalid(path.string() + ": cannot be written");
  }
  return core::ok();
}

void print_summary(const SimulationReport& report) {
  char line[160];
  std::snprintf(line, sizeof line, "openvoiceos: simulated a %.1f s call in %.1f s (%s)\n",
                static_cast<double>(report.trace.call_ms) / 1000.0,
                static_cast<double>(report.wall_ms) / 1000.0, report.mode.c_str());
  std::cerr << line;
}

}  // namespace

int simulate(const SimulateOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  const unsigned threads = options.compute_threads > 0
                               ? options.compute_threads
                               : std::max(1U, std::thread::hardware_concurrency());
  core::ComputePool compute(threads, 4096);
  providers::ProviderRegistry registry;
  // Offline providers only: virtual time waits on the compute pool, not on networks.
  providers::add_builtin_providers(registry, compute, nullptr,
                                   {.stt_decoders = options.stt_decoders});
  auto agent = load_agent(options.agent, registry);
  if (!agent.ok()) return fail(agent.error());
  auto caller = load_caller(options.caller);
  if (!caller.ok()) return fail(caller.error());
  for (const auto& warning : caller->warnings)
    std::cerr << "openvoiceos: " << options.caller.string() << ": " << warning << "\n";

  core::ComputePool io(1, 1024);
  std::unique_ptr<SimulationRecorder> recorder = std::make_unique<SimulationRecorder>();
  if (!options.out.empty()) {
    if (auto writable = check_writable(options.out); !writable.ok()) return fail(writable.error());
    auto recording =
        SimulationRecorder::recording_to(io, options.out, caller->sample_rate, kAgentRate);
    if (!recording.ok()) return fail(recording.error());
    recorder = std::move(recording).value();
  }
  const auto responder = agent->make_responder(agent->config.variables);
  CallParts parts{agent->config, agent->providers, &*caller, recorder.get(), &compute};
  parts.config.input_sample_rate = caller->sample_rate;
  parts.config.output_sample_rate = kAgentRate;
  parts.providers.responder = responder.get();
  DriveOptions drive;
  drive.tail = std::chrono::milliseconds(std::llround(std::max(0.0, options.tail_seconds) * 1000));
  auto trace = options.realtime ? run_realtime(parts, drive) : run_accelerated(parts, drive);
  if (!trace.ok()) return fail(trace.error());
  if (auto recorded = recorder->finish(); !recorded.ok()) {
    return fail(recorded.error(), "the recording failed: ");
  }

  SimulationReport report{std::move(trace).value(), recorder->turns(),
                          options.realtime ? "realtime" : "accelerated", options.out.string(), 0};
  report.wall_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - wall_start)
                       .count();
  if (options.json) {
    std::cout << boost::json::serialize(format_json(report)) << "\n";
  } else {
    std::cout << format_text(report);
  }
  std::cout.flush();
  print_summary(report);
  return report.trace.hangup_reason == "error" ? 1 : 0;
}

}  // namespace ovos::app
