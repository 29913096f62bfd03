#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "cluster/redis_client.h"
#include "core/result.h"

namespace ovos::cluster {

/// A live call as its owning node knows it.
struct OwnedCall {
  std::string call_id;
  std::string user_id;
  bool holds_slot = false;  // a phone call, counted in the user's CallSlots
};

/// Which node owns (serves the media of) each live call, kept in Redis so that the other nodes
/// can end a dead node's calls: `<prefix>:owned:<node>` (a hash, call id -> user), the owner of
/// each call `<prefix>:owner:<call>`, and the nodes that own calls `<prefix>:owners`. Blocking;
/// thread-safe.
class CallOwnership {
 public:
  explicit CallOwnership(RedisClient& redis, std::string prefix = "ovos")
      : redis_(redis), prefix_(std::move(prefix)) {}

  [[nodiscard]] core::Result<void> claim(const std::string& node_id, const OwnedCall& call);
  /// Gives a call up (it ended); releasing one not owned is not an error.
  [[nodiscard]] core::Result<void> release(const std::string& node_id, const std::string& call_id);
  /// The node that owns `call_id`, if any.
  [[nodiscard]] core::Result<std::optional<std::string>> owner(const std::string& call_id);
  [[nodiscard]] core::Result<std::vector<OwnedCall>> calls_of(const std::string& node_id);
  /// Every node that owns calls (or did, until swept).
  [[nodiscard]] core::Result<std::vector<std::string>> owners();
  /// Takes the sweep of `node_id`'s calls for `lease` (SET NX PX), so that one node sweeps
  /// them: true when `sweeper` has it.
  [[nodiscard]] core::Result<bool> lock_sweep(const std::string& node_id,
                                              const std::string& sweeper,
                                              std::chrono::milliseconds lease);
  /// Forgets swept calls of `node_id`; the node stops being an owner once it has none left.
  [[nodiscard]] core::Result<void> forget(const std::string& node_id,
                                          const std::vector<std::string>& call_ids);

 private:
  [[nodiscard]] std::string owned_key(const std::string& node_id) const;

  RedisClient& redis_;
  std::string prefix_;
};

}  // namespace ovos::cluster
