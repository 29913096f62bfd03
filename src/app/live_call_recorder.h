#pragma once

#include <memory>

#include "engine/call_recorder.h"
#include "store/records.h"

namespace ovos::api {
class CallEvents;
}
namespace ovos::cluster {
class ClusterNode;
}

namespace ovos::app {

/// A call's recorder that also tells the others what happens: from its construction (the
/// call's media is up on this node) to ended(), the call is this node's in the cluster, and
/// dashboards get `call.started` and each turn's latest state. Everything else goes to the
/// wrapped recorder (which may be null: nothing stored). Never blocks.
class LiveCallRecorder final : public engine::CallRecorder {
 public:
  LiveCallRecorder(std::unique_ptr<engine::CallRecorder> inner, store::Call call,
                   api::CallEvents& events, cluster::ClusterNode* cluster);
  /// A call whose end never came (its loop went first) is given up here.
  ~LiveCallRecorder() override;

  void turn(const engine::TurnRecord& record) override;
  void caller_audio(std::span<const std::int16_t> samples) override;
  void agent_audio(std::int64_t at_ms, std::span<const std::int16_t> samples) override;
  void ended(const engine::CallOutcome& outcome) override;

 private:
  std::unique_ptr<engine::CallRecorder> inner_;
  store::Call call_;
  api::CallEvents& events_;
  cluster::ClusterNode* cluster_;
  bool ended_ = false;
};

}  // namespace ovos::app
