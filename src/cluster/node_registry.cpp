#include "cluster/node_registry.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/json_read.h"

namespace ovos::cluster {
namespace {

namespace json = boost::json;

std::string to_json(const NodeInfo& n) {
  return json::serialize(json::object{{"id", n.id},
                                      {"role", n.role},
                                      {"url", n.url},
                                      {"active_calls", n.active_calls},
                                      {"shards", n.shards},
                                      {"draining", n.draining},
                                      {"heartbeat_ms", n.heartbeat_ms}});
}

std::optional<NodeInfo> from_json(std::string_view text) {
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.get_object();
  NodeInfo n;
  n.id = core::json_string_at(o, "id");
  n.role = core::json_string_at(o, "role");
  n.url = core::json_string_at(o, "url");
  const auto integer = [&](std::string_view k) -> std::int64_t {
    const json::value* x = o.if_contains(k);
    return x != nullptr && x->is_int64() ? x->get_int64() : 0;
  };
  n.active_calls = integer("active_calls");
  n.shards = static_cast<int>(integer("shards"));
  n.heartbeat_ms = integer("heartbeat_ms");
  const json::value* draining = o.if_contains("draining");
  n.draining = draining != nullptr && draining->is_bool() && draining->get_bool();
  if (n.id.empty()) return std::nullopt;
  return n;
}

}  // namespace

core::Result<void> NodeRegistry::heartbeat(const NodeInfo& node, std::chrono::milliseconds ttl) {
  if (node.id.empty()) return core::Error::invalid("a node needs an id");
  OVOS_TRY(redis_.command(
      {"SET", prefix_ + ":node:" + node.id, to_json(node), "PX", std::to_string(ttl.count())}));
  return core::ok();
}

core::Result<void> NodeRegistry::remove(const std::string& node_id) {
  OVOS_TRY(redis_.command({"DEL", prefix_ + ":node:" + node_id}));
  return core::ok();
}

core::Result<bool> NodeRegistry::is_live(const std::string& node_id) {
  OVOS_ASSIGN_OR_RETURN(auto reply, redis_.command({"EXISTS", prefix_ + ":node:" + node_id}));
  return reply.integer == 1;
}

core::Result<std::vector<NodeInfo>> NodeRegistry::live() {
  std::vector<std::string> keys;
  std::string cursor = "0";
  do {
    OVOS_ASSIGN_OR_RETURN(
        auto page, redis_.command({"SCAN", cursor, "MATCH", prefix_ + ":node:*", "COUNT", "100"}));
    if (page.elements.size() != 2) return core::Error::internal("Redis: SCAN answered oddly");
    cursor = page.elements[0].text;
    for (const auto& k : page.elements[1].elements)
      keys.push_back(k.text);
  } while (cursor != "0");
  std::vector<NodeInfo> nodes;
  if (keys.empty()) return nodes;
  std::vector<std::string> get{"MGET"};
  get.insert(get.end(), keys.begin(), keys.end());
  OVOS_ASSIGN_OR_RETURN(auto values, redis_.command(get));
  for (const auto& v : values.elements) {
    if (v.is_nil()) continue;  // expired between SCAN and MGET
    if (auto node = from_json(v.text)) nodes.push_back(std::move(*node));
  }
  std::sort(nodes.begin(), nodes.end(),
            [](const NodeInfo& a, const NodeInfo& b) { return a.id < b.id; });
  return nodes;
}

}  // namespace ovos::cluster
