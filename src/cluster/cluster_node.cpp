#include "cluster/cluster_node.h"

#include <algorithm>
#include <set>

#include "core/logging.h"

namespace ovos::cluster {

core::Result<std::unique_ptr<ClusterNode>> ClusterNode::start(RedisClient& redis,
                                                              ClusterNodeOptions options,
                                                              const core::Clock& clock,
                                                              OnOrphan on_orphan) {
  if (options.node_id.empty()) return core::Error::invalid("a node needs an id (OVOS_NODE_ID)");
  if (options.ttl < std::chrono::milliseconds(300)) {
    return core::Error::invalid("a node's heartbeat TTL must be at least 300 ms");
  }
  std::unique_ptr<ClusterNode> node(
      new ClusterNode(redis, std::move(options), clock, std::move(on_orphan)));
  // Calls a previous run under this id owned died with it.
  node->sweep_node(node->id());
  OVOS_TRY(node->registry_.heartbeat({.id = node->options_.node_id,
                                      .role = node->options_.role,
                                      .url = node->options_.url,
                                      .active_calls = 0,
                                      .shards = node->options_.shards,
                                      .draining = false,
                                      .heartbeat_ms = clock.unix_ms()},
                                     node->options_.ttl));
  node->in_touch_since_ = std::chrono::steady_clock::now();
  node->refresh_live();
  node->thread_ = std::thread([n = node.get()] { n->run(); });
  return node;
}

ClusterNode::ClusterNode(RedisClient& redis, ClusterNodeOptions options, const core::Clock& clock,
                         OnOrphan on_orphan)
    : redis_(redis),
      options_(std::move(options)),
      clock_(clock),
      on_orphan_(std::move(on_orphan)),
      registry_(redis, options_.prefix),
      slots_(redis, options_.prefix),
      ownership_(redis, options_.prefix) {}

ClusterNode::~ClusterNode() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  // Calls still owned were cut short by the shutdown; their records were ended by their
  // recorders, so only their slots and ownership are given back.
  for (const auto& [id, call] : owned_) {
    if (call.holds_slot) (void)slots_.release(call.user_id, id);
    (void)ownership_.release(options_.node_id, id);
  }
  (void)ownership_.forget(options_.node_id, {});
  (void)registry_.remove(options_.node_id);
}

core::Result<bool> ClusterNode::reserve(const std::string& user_id, const std::string& call_id,
                                        unsigned limit) {
  return slots_.acquire(user_id, call_id, limit, options_.reservation_lease, clock_.unix_ms());
}

void ClusterNode::release(const std::string& user_id, const std::string& call_id) {
  auto released = slots_.release(user_id, call_id);
  if (!released.ok()) {
    // The slot's lease frees it anyway.
    core::log_warn("cluster.release_failed",
                   {{"call_id", call_id}, {"error", released.error().message}});
  }
}

core::Result<std::vector<NodeInfo>> ClusterNode::live_nodes() {
  std::lock_guard lock(mutex_);
  return live_;
}

core::Result<bool> ClusterNode::engines_take_calls() {
  const auto taking = [](const std::vector<NodeInfo>& nodes) {
    for (const auto& node : nodes)
      if ((node.role == "engine" || node.role == "all") && !node.draining) return true;
    return false;
  };
  auto cached = live_nodes();
  if (cached.ok() && taking(*cached)) return true;
  // None as of the last beat: an engine may have started since; ask Redis before refusing.
  refresh_live();
  OVOS_ASSIGN_OR_RETURN(const auto now, live_nodes());
  return taking(now);
}

void ClusterNode::refresh_live() {
  auto live = registry_.live();
  std::lock_guard lock(mutex_);
  live_ = std::move(live);
}

void ClusterNode::post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
}

void ClusterNode::call_started(OwnedCall call) {
  {
    std::lock_guard lock(mutex_);
    ++active_;
  }
  post([this, call = std::move(call)] {
    auto claimed = ownership_.claim(options_.node_id, call);
    if (call.holds_slot) {
      (void)slots_.hold({{call.user_id, call.call_id}}, slot_lease(), clock_.unix_ms());
    }
    if (!claimed.ok()) {
      core::log_warn("cluster.claim_failed",
                     {{"call_id", call.call_id}, {"error", claimed.error().message}});
    }
    owned_[call.call_id] = call;
  });
}

void ClusterNode::call_ended(OwnedCall call) {
  {
    std::lock_guard lock(mutex_);
    --active_;
  }
  post([this, call = std::move(call)] {
    owned_.erase(call.call_id);
    if (call.holds_slot) release(call.user_id, call.call_id);
    auto released = ownership_.release(options_.node_id, call.call_id);
    if (!released.ok()) {
      core::log_warn("cluster.release_failed",
                     {{"call_id", call.call_id}, {"error", released.error().message}});
    }
  });
}

void ClusterNode::set_url(std::string url) {
  {
    std::lock_guard lock(mutex_);
    options_.url = std::move(url);
    beat_now_ = true;
  }
  wake_.notify_one();
}

void ClusterNode::set_draining() {
  {
    std::lock_guard lock(mutex_);
    draining_ = true;
    beat_now_ = true;
  }
  wake_.notify_one();
}

std::int64_t ClusterNode::active_calls() const {
  std::lock_guard lock(mutex_);
  return active_;
}

void ClusterNode::run() {
  const auto period = options_.ttl / 3;
  auto next_beat = std::chrono::steady_clock::now() + period;
  for (;;) {
    std::deque<std::function<void()>> tasks;
    bool beat_due = false;
    bool stopping = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_until(lock, next_beat, [this] { return stop_ || beat_now_ || !tasks_.empty(); });
      tasks.swap(tasks_);
      stopping = stop_;
      beat_due = beat_now_ || std::chrono::steady_clock::now() >= next_beat;
      beat_now_ = false;
    }
    for (auto& task : tasks)
      task();
    if (stopping) return;
    if (beat_due) {
      beat();
      refresh_live();
      hold_slots();
      sweep();
      next_beat = std::chrono::steady_clock::now() + period;
    }
  }
}

void ClusterNode::beat() {
  NodeInfo info{.id = options_.node_id,
                .role = options_.role,
                .url = "",
                .active_calls = 0,
                .shards = options_.shards,
                .draining = false,
                .heartbeat_ms = clock_.unix_ms()};
  {
    std::lock_guard lock(mutex_);
    info.url = options_.url;
    info.active_calls = active_;
    info.draining = draining_;
  }
  auto beaten = registry_.heartbeat(info, options_.ttl);
  const auto now = std::chrono::steady_clock::now();
  if (beaten.ok() && !in_touch_since_) in_touch_since_ = now;
  if (!beaten.ok()) in_touch_since_.reset();
  if (!beaten.ok()) {
    core::log_warn("cluster.heartbeat_failed",
                   {{"node", options_.node_id}, {"error", beaten.error().message}});
  }
}

void ClusterNode::hold_slots() {
  std::vector<std::pair<std::string, std::string>> held;
  for (const auto& [id, call] : owned_)
    if (call.holds_slot) held.emplace_back(call.user_id, id);
  auto kept = slots_.hold(held, slot_lease(), clock_.unix_ms());
  if (!kept.ok()) {
    core::log_warn("cluster.hold_slots_failed", {{"error", kept.error().message}});
  }
}

void ClusterNode::sweep() {
  // After losing Redis, the others' heartbeats lapsed too: give them a TTL to beat again
  // before taking any of them for dead.
  if (!in_touch_since_ || std::chrono::steady_clock::now() - *in_touch_since_ < options_.ttl) {
    return;
  }
  auto owners = ownership_.owners();
  if (!owners.ok()) return;
  if (owners->empty()) return;
  const auto live = live_nodes();
  if (!live.ok()) return;
  std::set<std::string> alive;
  for (const auto& n : *live)
    alive.insert(n.id);
  for (const auto& owner : *owners)
    if (owner != options_.node_id && !alive.contains(owner)) sweep_node(owner);
}

void ClusterNode::sweep_node(const std::string& node_id) {
  auto locked = ownership_.lock_sweep(node_id, options_.node_id, options_.ttl * 2);
  if (!locked.ok() || !*locked) return;  // another node sweeps it
  // It may have come back between the look and the lock.
  if (node_id != options_.node_id) {
    auto live = registry_.is_live(node_id);
    if (!live.ok() || *live) return;
  }
  auto calls = ownership_.calls_of(node_id);
  if (!calls.ok()) return;
  std::vector<std::string> done;
  for (const auto& call : *calls) {
    auto ended = on_orphan_(call, node_id);
    if (!ended.ok()) {
      core::log_warn(
          "cluster.orphan_failed",
          {{"call_id", call.call_id}, {"node", node_id}, {"error", ended.error().message}});
      continue;  // tried again at the next sweep
    }
    if (call.holds_slot) release(call.user_id, call.call_id);
    done.push_back(call.call_id);
  }
  (void)ownership_.forget(node_id, done);
  if (calls->empty()) return;
  core::log_warn("cluster.node_swept", {{"node", node_id},
                                        {"by", options_.node_id},
                                        {"calls_ended", done.size()},
                                        {"calls_left", calls->size() - done.size()}});
}

}  // namespace ovos::cluster
