#include "cluster/call_ownership.h"

namespace ovos::cluster {
namespace {

// KEYS[1] the node's hash, KEYS[2] the owners set; ARGV: node id. Drops an empty node.
constexpr const char* kDropIfEmpty = R"(
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[1]) end
return 1
)";

}  // namespace

std::string CallOwnership::owned_key(const std::string& node_id) const {
  return prefix_ + ":owned:" + node_id;
}

core::Result<void> CallOwnership::claim(const std::string& node_id, const OwnedCall& call) {
  // "<1|0>:<user>": whether the call holds a slot, and whose it is.
  OVOS_TRY(redis_.command({"HSET", owned_key(node_id), call.call_id,
                           std::string(call.holds_slot ? "1:" : "0:") + call.user_id}));
  OVOS_TRY(redis_.command({"SET", prefix_ + ":owner:" + call.call_id, node_id}));
  OVOS_TRY(redis_.command({"SADD", prefix_ + ":owners", node_id}));
  return core::ok();
}

core::Result<void> CallOwnership::release(const std::string& node_id, const std::string& call_id) {
  OVOS_TRY(redis_.command({"HDEL", owned_key(node_id), call_id}));
  OVOS_TRY(redis_.command({"DEL", prefix_ + ":owner:" + call_id}));
  return core::ok();
}

core::Result<std::optional<std::string>> CallOwnership::owner(const std::string& call_id) {
  OVOS_ASSIGN_OR_RETURN(auto reply, redis_.command({"GET", prefix_ + ":owner:" + call_id}));
  if (reply.is_nil()) return std::optional<std::string>();
  return std::optional<std::string>(reply.text);
}

core::Result<std::vector<OwnedCall>> CallOwnership::calls_of(const std::string& node_id) {
  OVOS_ASSIGN_OR_RETURN(auto reply, redis_.command({"HGETALL", owned_key(node_id)}));
  std::vector<OwnedCall> calls;
  for (std::size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
    const std::string& value = reply.elements[i + 1].text;
    OwnedCall call;
    call.call_id = reply.elements[i].text;
    call.holds_slot = value.starts_with("1:");
    call.user_id = value.size() > 2 ? value.substr(2) : std::string();
    calls.push_back(std::move(call));
  }
  return calls;
}

core::Result<std::vector<std::string>> CallOwnership::owners() {
  OVOS_ASSIGN_OR_RETURN(auto reply, redis_.command({"SMEMBERS", prefix_ + ":owners"}));
  std::vector<std::string> nodes;
  for (const auto& e : reply.elements)
    nodes.push_back(e.text);
  return nodes;
}

core::Result<bool> CallOwnership::lock_sweep(const std::string& node_id, const std::string& sweeper,
                                             std::chrono::milliseconds lease) {
  OVOS_ASSIGN_OR_RETURN(auto reply, redis_.command({"SET", prefix_ + ":sweep:" + node_id, sweeper,
                                                    "NX", "PX", std::to_string(lease.count())},
                                                   false));
  return !reply.is_nil();
}

core::Result<void> CallOwnership::forget(const std::string& node_id,
                                         const std::vector<std::string>& call_ids) {
  for (const auto& id : call_ids)
    OVOS_TRY(release(node_id, id));
  OVOS_TRY(redis_.command(
      {"EVAL", kDropIfEmpty, "2", owned_key(node_id), prefix_ + ":owners", node_id}));
  return core::ok();
}

}  // namespace ovos::cluster
