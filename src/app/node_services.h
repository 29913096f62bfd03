#pragma once

#include <memory>
#include <string>

#include "core/config.h"
#include "core/result.h"

namespace ovos::agents::tasks {
class PostCallRunner;
}
namespace ovos::api {
class CallEvents;
class UsedTokens;
}  // namespace ovos::api
namespace ovos::cluster {
class ClusterNode;
class Fanout;
class RedisClient;
}  // namespace ovos::cluster
namespace ovos::store {
class Store;
}

namespace ovos::app {

/// What a node shares with the others through Redis (OVOS_REDIS_URL), or keeps to itself when
/// it runs alone: used single-use tokens, live call events, and its membership (heartbeats,
/// owned calls, slots, the sweep of dead nodes' calls). Members are destroyed in reverse order.
struct NodeServices {
  std::string node_id;
  std::unique_ptr<cluster::RedisClient> redis;   // null: one node
  std::unique_ptr<api::UsedTokens> used_tokens;  // null: the Api keeps its own
  std::unique_ptr<cluster::Fanout> fanout;       // Redis pub/sub, or this process
  std::unique_ptr<api::CallEvents> events;
  std::unique_ptr<cluster::ClusterNode> node;  // null: one node
};

/// The hangup_reason of a call whose node died mid-call.
inline constexpr const char* kNodeLostReason = "node-lost";

/// OVOS_NODE_ID, else <hostname>-<pid>.
[[nodiscard]] std::string node_id_of(const core::Settings& settings);

/// Connects to Redis when the settings name it (failing when it cannot be reached) and joins
/// the cluster; a dead node's calls are ended in `store` (status failed, hangup_reason
/// node-lost), announced, and their follow-up tasks run on `post_call`.
[[nodiscard]] core::Result<NodeServices> start_node_services(
    const core::Settings& settings, int shards, store::Store& store,
    agents::tasks::PostCallRunner& post_call);

}  // namespace ovos::app
