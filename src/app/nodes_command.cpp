#include "app/nodes_command.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "cluster/node_registry.h"
#include "cluster/redis_client.h"

namespace ovos::app {

int print_nodes(const core::Settings& settings, std::ostream& out, std::ostream& err) {
  if (settings.redis_url.empty()) {
    err << "openvoiceos: nodes: OVOS_REDIS_URL is not set (one node runs alone)\n";
    return 2;
  }
  auto redis = cluster::RedisClient::connect({settings.redis_url});
  if (!redis.ok()) {
    err << "openvoiceos: nodes: " << redis.error().message << "\n";
    return 1;
  }
  auto nodes = cluster::NodeRegistry(**redis).live();
  if (!nodes.ok()) {
    err << "openvoiceos: nodes: " << nodes.error().message << "\n";
    return 1;
  }
  out << "[";
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    const auto& n = (*nodes)[i];
    out << (i == 0 ? "\n  " : ",\n  ")
        << boost::json::serialize(boost::json::object{{"id", n.id},
                                                      {"role", n.role},
                                                      {"url", n.url},
                                                      {"active_calls", n.active_calls},
                                                      {"shards", n.shards},
                                                      {"draining", n.draining},
                                                      {"heartbeat_ms", n.heartbeat_ms}});
  }
  out << (nodes->empty() ? "]\n" : "\n]\n");
  return 0;
}

}  // namespace ovos::app
