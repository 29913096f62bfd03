#include "app/runtime.h"

#include <csignal>
#include <filesystem>
#include <thread>

#include "agents/knowledge/knowledge_service.h"
#include "agents/tasks/post_call_runner.h"
#include "api/api.h"
#include "api/call_events.h"
#include "api/used_tokens.h"
#include "app/live_call_recorder.h"
#include "app/node_services.h"
#include "cluster/cluster_node.h"
#include "cluster/fanout.h"
#include "cluster/redis_client.h"
#include "core/executor.h"
#include "core/logging.h"
#include "core/version.h"
#include "crypto/key_file.h"
#include "crypto/secret_box.h"
#include "engine/recording/store_call_recorder.h"
#include "net/event_loop.h"
#include "net/http_client.h"
#include "net/http_server.h"
#include "providers/builtin/builtin_providers.h"
#include "providers/registry.h"
#include "store/key_vault.h"

namespace ovos::app {
namespace {

namespace fs = std::filesystem;

unsigned default_shards(const core::Settings& s) {
  return s.threads > 0 ? s.threads : std::max(1U, std::thread::hardware_concurrency());
}

unsigned default_compute(const core::Settings& s) {
  return s.compute_threads > 0 ? s.compute_threads
                               : std::max(1U, std::thread::hardware_concurrency());
}

unsigned default_workers(const core::Settings& s) {
  return s.worker_threads > 0 ? s.worker_threads
                              : std::max(4U, 2 * std::thread::hardware_concurrency());
}

net::HttpServerOptions server_options(const core::Settings& s) {
  net::HttpServerOptions o;
  o.host = s.host;
  o.port = s.port;
  o.shards = default_shards(s);
  o.worker_threads = default_workers(s);
  o.max_header_bytes = s.max_header_bytes;
  o.max_body_bytes = s.max_body_bytes;
  // Documents for knowledge bases: POST /v1/knowledge-bases/{id}/documents.
  o.upload_limit = [limit = s.max_upload_bytes](
                       std::string_view method,
                       std::string_view path) -> std::optional<std::size_t> {
    constexpr std::string_view kPrefix = "/v1/knowledge-bases/";
    constexpr std::string_view kSuffix = "/documents";
    if (method != "POST" || !path.starts_with(kPrefix) || !path.ends_with(kSuffix)) {
      return std::nullopt;
    }
    const auto id = path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size());
    if (id.empty() || id.find('/') != std::string_view::npos) return std::nullopt;
    return limit;
  };
  o.max_connections = s.max_connections;
  o.rate_limit_rps = s.rate_limit_rps;
  o.rate_limit_burst = s.rate_limit_burst;
  o.trust_proxy = s.trust_proxy;
  o.cors_origins = s.cors_origins;
  o.request_timeout = std::chrono::seconds(s.request_timeout_seconds);
  return o;
}

/// Blocks SIGINT and SIGTERM in every thread started after this, so that only sigwait sees them.
sigset_t block_shutdown_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

api::TelephonyConfig telephony_config(const core::Settings& s) {
  api::TelephonyConfig t;
  t.public_base_url = s.public_base_url.empty() ? "http://" + s.host + ":" + std::to_string(s.port)
                                                : s.public_base_url;
  t.max_calls_per_user = s.max_calls_per_user;
  t.twilio_api_url = s.twilio_api_url;
  t.plivo_api_url = s.plivo_api_url;
  t.exotel_api_url = s.exotel_api_url;
  return t;
}

int fail(std::string_view event, const core::Error& error) {
  core::log_error(event, {{"error", error.message}});
  for (const auto& f : error.fields)
    core::log_error(event, {{"setting", f.path}, {"error", f.message}});
  return 1;
}

}  // namespace

void configure_logging(const core::Settings& settings) {
  const auto format = settings.log_format == "json"   ? core::LogFormat::kJson
                      : settings.log_format == "text" ? core::LogFormat::kText
                                                      : core::LogFormat::kAuto;
  core::configure_logging(core::parse_log_level(settings.log_level), format);
}

core::Result<std::unique_ptr<store::Store>> open_store(const core::Settings& settings) {
  OVOS_ASSIGN_OR_RETURN(auto store, store::Store::open(settings.database_url, settings.data_dir));
  OVOS_ASSIGN_OR_RETURN(const int applied, store->migrate());
  OVOS_ASSIGN_OR_RETURN(const int version, store->schema_version());
  core::log_info("store.ready", {{"dialect", std::string(store->dialect())},
                                 {"migrations_applied", applied},
                                 {"schema_version", version}});
  return store;
}

int serve(const core::Settings& settings) {
  const sigset_t signals = block_shutdown_signals();
  auto store = open_store(settings);
  if (!store.ok()) return fail("startup.database_failed", store.error());
  const fs::path data_dir(settings.data_dir);
  auto master = crypto::load_or_create_key(settings.master_key, data_dir / "master.key", 32);
  if (!master.ok()) return fail("startup.master_key_failed", master.error());
  auto box = crypto::SecretBox::from_key(*master);
  if (!box.ok()) return fail("startup.master_key_failed", box.error());
  std::string jwt_secret = settings.jwt_secret;
  if (jwt_secret.empty()) {
    auto generated = crypto::load_or_create_key("", data_dir / "jwt.key", 32);
    if (!generated.ok()) return fail("startup.jwt_key_failed", generated.error());
    jwt_secret.assign(generated->begin(), generated->end());
  }
  const store::KeyVault vault(**store, *box);
  api::ApiConfig config{jwt_secret,
                        "openvoiceos",
                        settings.jwt_ttl_seconds,
                        settings.allow_registration,
                        settings.login_max_failures,
                        settings.login_window_seconds,
                        data_dir / "recordings",
                        telephony_config(settings),
                        settings.role};
  // Local speech runs here, never on an event loop; queue room for a few tasks per live call.
  core::ComputePool compute(default_compute(settings), 65536);
  // Connections to cloud vendors (LLMs) run on their own event loop, never on a call's shard.
  auto vendor_io = net::EventLoop::start("vendor-io");
  providers::ProviderRegistry registry;
  providers::add_builtin_providers(registry, compute, vendor_io.get(),
                                   {.stt_decoders = settings.stt_decoders});
  // Follow-up tasks of ended calls (extraction, summarization, webhooks): their own threads,
  // so a slow LLM or webhook never holds up the writes of live calls.
  core::ComputePool post_call_workers(settings.post_call_threads, 4096);
  agents::tasks::PostCallOptions post_call_options;
  post_call_options.steps.public_base_url = settings.public_base_url;
  post_call_options.webhooks.allow_private_networks = settings.webhook_allow_private_networks;
  agents::tasks::PostCallRunner post_call(
      {**store, vault, registry, *vendor_io, core::SystemClock::instance()}, post_call_workers,
      *vendor_io, post_call_options);
  // What this node shares with the others (Redis), or keeps to itself alone.
  auto started_node =
      start_node_services(settings, static_cast<int>(default_shards(settings)), **store, post_call);
  if (!started_node.ok()) return fail("startup.redis_failed", started_node.error());
  NodeServices node = std::move(started_node).value();
  // Database writes and recordings of live calls: blocking work, kept off the event loops.
  core::ComputePool call_io(2, 1 << 20);
  api::CallRuntime calls{
      registry, [&](const store::Call& call, int input_rate, int output_rate) {
        engine::StoreCallRecorderOptions options;
        options.recordings_dir = config.recordings_dir;
        options.input_sample_rate = input_rate;
        options.output_sample_rate = output_rate;
        // Browser calls are recorded from their start; phone calls exist from the moment
        // they were placed or rang, and start when their media does.
        options.create_call = call.direction == "web";
        options.mark_started = !options.create_call;
        options.on_final = [&post_call, &node](const store::Call& ended) {
          node.events->ended(ended);
          post_call.start_after_call(ended);
        };
        std::unique_ptr<engine::CallRecorder> stored;
        auto recorder = engine::StoreCallRecorder::create(**store, call_io, call, options);
        if (recorder.ok()) {
          stored = std::move(recorder).value();
        } else {
          core::log_warn("call.recorder_failed",
                         {{"call_id", call.id}, {"error", recorder.error().message}});
        }
        // The cluster owns the call from here to its end; dashboards see it live.
        return std::unique_ptr<engine::CallRecorder>(std::make_unique<LiveCallRecorder>(
            std::move(stored), call, *node.events, node.node.get()));
      }};
  // Agents' HTTP tools: short requests to the users' own services, on the vendor loop.
  net::HttpClientOptions tool_options;
  tool_options.first_byte_timeout = std::chrono::seconds(15);
  tool_options.max_response_bytes = std::size_t{1} << 20;
  tool_options.public_addresses_only = !settings.tools_allow_private_networks;
  const auto tool_http = net::HttpClient::create(*vendor_io, tool_options);
  calls.tool_http = tool_http.get();
  // Carriers' REST APIs (placing, hanging up, transferring calls), on the vendor loop.
  net::HttpClientOptions carrier_options;
  carrier_options.first_byte_timeout = std::chrono::seconds(15);
  carrier_options.max_response_bytes = std::size_t{1} << 20;
  const auto carrier_http = net::HttpClient::create(*vendor_io, carrier_options);
  calls.carrier_http = carrier_http.get();
  // Knowledge bases: embeddings requests on the vendor loop, indexes cached across calls.
  agents::knowledge::KnowledgeService knowledge(**store, vault, *vendor_io);
  api::ApiContext context{**store,
                          vault,
                          core::SystemClock::instance(),
                          config,
                          &calls,
                          &post_call,
                          &knowledge,
                          node.used_tokens.get(),
                          node.events.get(),
                          node.node.get()};
  api::Api api(context, settings.ui_dir);
  auto server = net::HttpServer::start(
      server_options(settings), [&api](net::HttpRequest& r) { return api.handle(r); },
      [&api](net::HttpRequest& r) { return api.accept_websocket(r); });
  if (!server.ok()) return fail("startup.listen_failed", server.error());
  const std::string own_url = "http://" + settings.host + ":" + std::to_string((*server)->port());
  if (settings.public_base_url.empty()) api.set_public_base_url(own_url);
  if (node.node) node.node->set_url(own_url);
  core::log_info("server.started",
                 {{"version", std::string(core::kVersion)},
                  {"url", "http://" + settings.host + ":" + std::to_string((*server)->port())},
                  {"shards", default_shards(settings)},
                  {"role", settings.role},
                  {"node", node.node_id},
                  {"redis", settings.redis_url.empty() ? "none" : "connected"},
                  {"ui", fs::exists(settings.ui_dir) ? settings.ui_dir : std::string("(none)")}});
  int signal = 0;
  sigwait(&signals, &signal);
  core::log_info("server.draining", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"},
                                     {"grace_seconds", settings.shutdown_grace_seconds}});
  // The others stop sending calls here (api nodes place none while no engine takes them).
  if (node.node) node.node->set_draining();
  (*server)->shutdown(std::chrono::seconds(settings.shutdown_grace_seconds));
  // Calls have ended: the node gives up what it still holds and leaves the cluster before the
  // follow-up tasks it might start stop being taken.
  node.node.reset();
  // Follow-up tasks in flight get the same grace; the rest are recorded as interrupted.
  post_call.shutdown(std::chrono::seconds(settings.shutdown_grace_seconds));
  core::log_info("server.stopped");
  return 0;
}

}  // namespace ovos::app
