#pragma once

#include <string>

#include "store/records.h"

namespace ovos::cluster {
class Fanout;
}
namespace ovos::engine {
struct TurnRecord;
}

namespace ovos::api {

/// Live call events for dashboards (docs/multi-node.md, "Live call events"): one JSON text per
/// event, published to the call owner's topic of a Fanout, so that a dashboard connected to any
/// node sees the calls served by every node. Events: `call.started` (media up, with the node
/// serving it), `call.turn` (a turn's latest state), `call.status` (a carrier's word on a call
/// not yet connected) and `call.ended`; each carries the call id. Thread-safe; never blocks.
class CallEvents {
 public:
  CallEvents(cluster::Fanout& fanout, std::string node_id)
      : fanout_(fanout), node_id_(std::move(node_id)) {}

  void started(const store::Call& call);
  void turn(const store::Call& call, const engine::TurnRecord& turn);
  void status(const store::Call& call);
  void ended(const store::Call& call);

  [[nodiscard]] cluster::Fanout& fanout() { return fanout_; }
  [[nodiscard]] const std::string& node_id() const { return node_id_; }

 private:
  void publish_call(std::string_view type, const store::Call& call);

  cluster::Fanout& fanout_;
  std::string node_id_;
};

}  // namespace ovos::api
