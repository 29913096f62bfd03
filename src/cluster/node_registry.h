#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "cluster/redis_client.h"
#include "core/result.h"

namespace ovos::cluster {

/// What a node says about itself in its heartbeat.
struct NodeInfo {
  std::string id;                 // OVOS_NODE_ID
  std::string role;               // all | api | engine
  std::string url;                // where other nodes and the proxy reach it
  std::int64_t active_calls = 0;  // calls whose media it serves now
  int shards = 0;                 // its event loops
  bool draining = false;          // takes no new calls (SIGTERM)
  std::int64_t heartbeat_ms = 0;  // when it said so (Unix ms)
};

/// The nodes alive now: each writes `<prefix>:node:<id>` (its NodeInfo as JSON) with a TTL on
/// every heartbeat, so a node that stops beating disappears when its TTL runs out. Thread-safe;
/// blocking (call on a worker or a background thread).
class NodeRegistry {
 public:
  explicit NodeRegistry(RedisClient& redis, std::string prefix = "ovos")
      : redis_(redis), prefix_(std::move(prefix)) {}

  /// Writes `node` (valid for `ttl`).
  [[nodiscard]] core::Result<void> heartbeat(const NodeInfo& node, std::chrono::milliseconds ttl);
  /// Removes `node_id` at once (a node that stops cleanly).
  [[nodiscard]] core::Result<void> remove(const std::string& node_id);
  /// Whether `node_id`'s heartbeat has not expired.
  [[nodiscard]] core::Result<bool> is_live(const std::string& node_id);
  /// Every node whose heartbeat has not expired, ordered by id. Entries that do not parse are
  /// skipped.
  [[nodiscard]] core::Result<std::vector<NodeInfo>> live();

 private:
  RedisClient& redis_;
  std::string prefix_;
};

}  // namespace ovos::cluster
