#include "app/live_call_recorder.h"

#include "api/call_events.h"
#include "cluster/cluster_node.h"

namespace ovos::app {
namespace {

cluster::OwnedCall owned(const store::Call& call) {
  // Phone calls hold one of their user's slots; browser calls are not counted.
  return {.call_id = call.id, .user_id = call.user_id, .holds_slot = call.direction != "web"};
}

}  // namespace

LiveCallRecorder::LiveCallRecorder(std::unique_ptr<engine::CallRecorder> inner, store::Call call,
                                   api::CallEvents& events, cluster::ClusterNode* cluster)
    : inner_(std::move(inner)), call_(std::move(call)), events_(events), cluster_(cluster) {
  if (cluster_ != nullptr) cluster_->call_started(owned(call_));
  store::Call started = call_;
  started.status = "in-progress";
  events_.started(started);
}

LiveCallRecorder::~LiveCallRecorder() {
  if (!ended_ && cluster_ != nullptr) cluster_->call_ended(owned(call_));
}

void LiveCallRecorder::turn(const engine::TurnRecord& record) {
  if (inner_) inner_->turn(record);
  events_.turn(call_, record);
}

void LiveCallRecorder::caller_audio(std::span<const std::int16_t> samples) {
  if (inner_) inner_->caller_audio(samples);
}

void LiveCallRecorder::agent_audio(std::int64_t at_ms, std::span<const std::int16_t> samples) {
  if (inner_) inner_->agent_audio(at_ms, samples);
}

void LiveCallRecorder::ended(const engine::CallOutcome& outcome) {
  if (inner_) inner_->ended(outcome);
  if (ended_) return;
  ended_ = true;
  // `call.ended` goes out once the record is final (the store recorder's on_final).
  if (cluster_ != nullptr) cluster_->call_ended(owned(call_));
}

}  // namespace ovos::app
