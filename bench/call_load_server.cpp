// The server under test of the phone-call load benchmark. See call_load_server.h.
#include "call_load_server.h"

#include <dirent.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include "agents/types/llm_responder.h"
#include "call_load_common.h"
#include "core/logging.h"
#include "engine_bench_support.h"
#include "net/http_server.h"
#include "telephony/carrier/carrier_call_handler.h"
#include "telephony/twilio/twilio_dialect.h"

namespace ovos::bench::load {

namespace {

/// The fake providers of one shard, shared by the calls on it (used on that shard's thread
/// only), each call into them timed so that their CPU can be told apart from ours.
struct ShardFakes {
  ProviderTime time;
  TimedSttProvider stt{{kSttFinalDelay, milliseconds(150)}, "what are your opening hours", time};
  TimedTtsProvider tts{{kTtsFirstByte, kTtsPerWord, milliseconds(40), kRate, false}, time};
  TimedLlm llm{{kLlmFirstToken, milliseconds(0)}, time};
};

using FakesByShard = std::map<const core::Executor*, ShardFakes*>;

/// The session settings of every call: the product's defaults, no welcome message, a maximum
/// duration longer than any run.
engine::SessionConfig call_config() {
  engine::SessionConfig config;
  config.turn.endpointing = kEndpointing;
  config.turn.backchannel_words = engine::default_backchannel_words();
  config.max_duration = milliseconds(3'600'000);
  return config;
}

/// What the product's PhoneCalls::accept_media hands the handler, minus the database: the
/// agent's providers and responder, no recorder, no carrier REST API to call at the end.
telephony::CarrierCallSetup call_setup(ShardFakes& fakes, std::uint64_t n) {
  telephony::CarrierCallSetup setup;
  setup.call_id = "load-" + std::to_string(n);
  setup.config = call_config();
  setup.providers.stt = &fakes.stt;
  setup.providers.tts = &fakes.tts;
  setup.make_responder = [&fakes](const std::map<std::string, std::string>&) {
    return std::make_unique<agents::LlmResponder>(fakes.llm, kAgentScript,
                                                  providers::ChatRequest{});
  };
  return setup;
}

double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/// Run-queue wait of all this process's threads, in seconds (/proc/self/task/*/schedstat).
double process_runqueue_wait_seconds() {
  double total = 0;
  DIR* dir = opendir("/proc/self/task");
  if (dir == nullptr) return 0;
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] == '.') continue;
    std::ifstream in(std::string("/proc/self/task/") + entry->d_name + "/schedstat");
    unsigned long long run_ns = 0, wait_ns = 0;
    if (in >> run_ns >> wait_ns) total += static_cast<double>(wait_ns) / 1e9;
  }
  closedir(dir);
  return total;
}

void print_stats(net::HttpServer& server, std::vector<std::unique_ptr<ShardFakes>>& fakes) {
  std::int64_t provider_ns = 0;
  for (std::size_t i = 0; i < fakes.size(); ++i) {
    provider_ns += run_on(server.shard_executor(i), [&] { return fakes[i]->time.ns; });
  }
  std::printf(
      "stats cpu_s=%.4f wait_s=%.4f rss_kib=%ld heap_kib=%.1f provider_s=%.4f "
      "connections=%zu\n",
      process_cpu_seconds(), process_runqueue_wait_seconds(), rss_kib(),
      static_cast<double>(heap_bytes()) / 1024.0, static_cast<double>(provider_ns) / 1e9,
      server.open_connections());
  std::fflush(stdout);
}

}  // namespace

int run_server(unsigned shards) {
  core::configure_logging(core::LogLevel::kWarn, core::LogFormat::kText);
  std::atomic<const FakesByShard*> by_shard{nullptr};
  std::atomic<std::uint64_t> accepted{0};
  net::HttpServerOptions options;
  options.shards = shards;
  options.worker_threads = 2;
  options.max_connections = 100'000;
  auto acceptor = [&](net::HttpRequest&) {
    const std::uint64_t n = accepted.fetch_add(1);
    return net::WebSocketAccept::accept([&by_shard, n](net::WebSocketConnection& connection) {
      ShardFakes& fakes = *by_shard.load(std::memory_order_acquire)->at(&connection.executor());
      return std::make_unique<telephony::CarrierCallHandler>(
          connection, std::make_unique<telephony::twilio::TwilioDialect>(), call_setup(fakes, n));
    });
  };
  auto not_found = [](net::HttpRequest&) {
    net::HttpResponse response;
    response.status = 404;
    return response;
  };
  auto server = net::HttpServer::start(options, not_found, acceptor);
  if (!server.ok()) {
    std::fprintf(stderr, "server: %s\n", server.error().message.c_str());
    return 1;
  }
  std::vector<std::unique_ptr<ShardFakes>> fakes;
  FakesByShard map;
  for (std::size_t i = 0; i < (*server)->shard_count(); ++i) {
    fakes.push_back(std::make_unique<ShardFakes>());
    map[&(*server)->shard_executor(i)] = fakes.back().get();
  }
  by_shard.store(&map, std::memory_order_release);
  std::printf("port %u\n", static_cast<unsigned>((*server)->port()));
  std::fflush(stdout);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line == "stats") print_stats(**server, fakes);
  }
  // Thousands of open calls: leave without tearing them down one by one.
  std::fflush(stdout);
  std::_Exit(0);
}

}  // namespace ovos::bench::load
