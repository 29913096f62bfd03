#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cluster/call_ownership.h"
#include "cluster/call_slots.h"
#include "cluster/node_registry.h"
#include "cluster/redis_client.h"
#include "core/clock.h"
#include "core/result.h"

namespace ovos::cluster {

/// What a node says about itself and how fast the others notice it is gone.
struct ClusterNodeOptions {
  std::string node_id;  // OVOS_NODE_ID
  std::string role = "all";
  std::string url;
  int shards = 0;
  /// A node not heard from for this long is dead: its calls are ended by the others. It beats
  /// three times per TTL.
  std::chrono::milliseconds ttl{15000};
  /// How long a phone call placed or answered holds its slot before its media starts on an
  /// engine node (which then holds it while the call lasts).
  std::chrono::milliseconds reservation_lease{20 * 60 * 1000};
  std::string prefix = "ovos";
};

/// This process as one node of several sharing a Redis (docs/multi-node.md). A thread of its
/// own beats the node's heartbeat (role, URL, live calls, draining), keeps the slots of the
/// phone calls it serves, records which calls it owns, and sweeps the calls of nodes that
/// stopped beating: each is handed to `on_orphan` (which marks it ended) and its slot freed.
/// It sweeps only once its own heartbeats have gone through for a whole TTL (at start, and
/// after losing Redis, when every node's heartbeat may have lapsed).
/// Thread-safe.
class ClusterNode {
 public:
  /// Ends a dead node's call (blocking, on the node's thread); an error leaves it for the next
  /// sweep.
  using OnOrphan =
      std::function<core::Result<void>(const OwnedCall& call, const std::string& node)>;

  /// Sweeps what a previous run under the same id left, then beats once before returning.
  [[nodiscard]] static core::Result<std::unique_ptr<ClusterNode>> start(RedisClient& redis,
                                                                        ClusterNodeOptions options,
                                                                        const core::Clock& clock,
                                                                        OnOrphan on_orphan);
  /// Finishes what is queued, gives up the calls still owned and leaves the registry.
  ~ClusterNode();
  ClusterNode(const ClusterNode&) = delete;
  ClusterNode& operator=(const ClusterNode&) = delete;

  [[nodiscard]] const std::string& id() const { return options_.node_id; }

  // Blocking (workers only).
  /// Takes a slot for a phone call about to be placed or answered unless `user_id` has
  /// `limit` live ones: false at the limit.
  [[nodiscard]] core::Result<bool> reserve(const std::string& user_id, const std::string& call_id,
                                           unsigned limit);
  /// Gives a reserved slot back (the call never reached an engine, or ended before).
  void release(const std::string& user_id, const std::string& call_id);
  /// The nodes beating as of this node's last heartbeat (read from Redis once per beat, so
  /// placing a call costs no round trip; at most a third of a TTL old).
  [[nodiscard]] core::Result<std::vector<NodeInfo>> live_nodes();
  /// Whether an engine (or all) node that is not draining beats: from the last beat's list,
  /// read again from Redis only when that has none.
  [[nodiscard]] core::Result<bool> engines_take_calls();

  // Non-blocking, from any thread (an event loop included); done in order on the node's thread.
  /// This node serves `call`'s media now.
  void call_started(OwnedCall call);
  /// The call this node served has ended.
  void call_ended(OwnedCall call);
  /// Where the node is reached, once known (a port chosen at start); said in the next heartbeat.
  void set_url(std::string url);
  /// The node drains (SIGTERM): said in a heartbeat at once.
  void set_draining();
  /// Calls this node serves now.
  [[nodiscard]] std::int64_t active_calls() const;

 private:
  ClusterNode(RedisClient& redis, ClusterNodeOptions options, const core::Clock& clock,
              OnOrphan on_orphan);
  void run();
  void post(std::function<void()> task);
  void beat();
  /// Reads the live nodes from Redis into live_.
  void refresh_live();
  void hold_slots();
  /// Ends the calls of every owner that no longer beats (and of this node's earlier run).
  void sweep();
  void sweep_node(const std::string& node_id);
  [[nodiscard]] std::chrono::milliseconds slot_lease() const { return options_.ttl * 3; }

  RedisClient& redis_;
  ClusterNodeOptions options_;
  const core::Clock& clock_;
  OnOrphan on_orphan_;
  NodeRegistry registry_;
  CallSlots slots_;
  CallOwnership ownership_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  std::map<std::string, OwnedCall> owned_;  // call id -> call; the node's thread only
  /// Since when heartbeats have gone through without a failure (the node's thread only); the
  /// node sweeps others only after a whole TTL of it.
  std::optional<std::chrono::steady_clock::time_point> in_touch_since_;
  std::int64_t active_ = 0;  // owned_.size(), readable from any thread
  core::Result<std::vector<NodeInfo>> live_ = std::vector<NodeInfo>();  // under mutex_
  bool draining_ = false;
  bool beat_now_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace ovos::cluster
