#include "app/node_services.h"

#include <unistd.h>

#include <cstdio>

#include "agents/tasks/post_call_runner.h"
#include "api/call_events.h"
#include "api/used_tokens.h"
#include "cluster/cluster_node.h"
#include "cluster/fanout.h"
#include "cluster/redis_client.h"
#include "core/clock.h"
#include "core/logging.h"
#include "store/store.h"

namespace ovos::app {
namespace {

/// Ends a call whose node died: failed, with the reason, unless it had ended already.
core::Result<void> end_orphan(store::Store& store, agents::tasks::PostCallRunner& post_call,
                              api::CallEvents& events, const cluster::OwnedCall& owned,
                              const std::string& node) {
  auto call = store.get_call(owned.user_id, owned.call_id);
  // A browser call whose record was never written has nothing to end.
  if (!call.ok() && call.error().code == core::ErrorCode::kNotFound) return core::ok();
  OVOS_TRY(call);
  if (call->ended_at.has_value()) return core::ok();
  store::CallProgress lost;
  lost.status = "failed";
  lost.at = core::SystemClock::instance().unix_ms();
  lost.hangup_reason = kNodeLostReason;
  if (call->started_at) lost.duration_ms = lost.at - *call->started_at;
  OVOS_ASSIGN_OR_RETURN(const auto ended, store.advance_call(owned.user_id, owned.call_id, lost));
  core::log_warn("call.node_lost", {{"call_id", ended.id}, {"node", node}});
  events.ended(ended);
  post_call.start_after_call(ended);
  return core::ok();
}

}  // namespace

std::string node_id_of(const core::Settings& settings) {
  if (!settings.node_id.empty()) return settings.node_id;
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0')
    std::snprintf(host, sizeof host, "node");
  return std::string(host) + "-" + std::to_string(::getpid());
}

core::Result<NodeServices> start_node_services(const core::Settings& settings, int shards,
                                               store::Store& store,
                                               agents::tasks::PostCallRunner& post_call) {
  NodeServices services;
  services.node_id = node_id_of(settings);
  if (settings.redis_url.empty()) {
    services.fanout = std::make_unique<cluster::LocalFanout>();
    services.events = std::make_unique<api::CallEvents>(*services.fanout, services.node_id);
    return services;
  }
  OVOS_ASSIGN_OR_RETURN(services.redis, cluster::RedisClient::connect({settings.redis_url}));
  services.used_tokens = std::make_unique<api::RedisUsedTokens>(*services.redis);
  OVOS_ASSIGN_OR_RETURN(services.fanout, cluster::RedisFanout::start({settings.redis_url}));
  services.events = std::make_unique<api::CallEvents>(*services.fanout, services.node_id);
  cluster::ClusterNodeOptions options;
  options.node_id = services.node_id;
  options.role = settings.role;
  options.shards = shards;
  options.ttl = std::chrono::seconds(settings.node_ttl_seconds);
  api::CallEvents& events = *services.events;
  OVOS_ASSIGN_OR_RETURN(
      services.node,
      cluster::ClusterNode::start(
          *services.redis, options, core::SystemClock::instance(),
          [&store, &post_call, &events](const cluster::OwnedCall& call, const std::string& node) {
            return end_orphan(store, post_call, events, call, node);
          }));
  return services;
}

}  // namespace ovos::app
