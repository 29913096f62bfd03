#include "agents/tasks/post_call_runner.h"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>

#include "core/logging.h"

namespace ovos::agents::tasks {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 5> kEnded = {"completed", "busy", "no-answer", "failed",
                                                    "canceled"};

bool ended(const store::Call& call) {
  return std::find(kEnded.begin(), kEnded.end(), call.status) != kEnded.end();
}

}  // namespace

PostCallRunner::PostCallRunner(PostCallServices services, core::ComputePool& workers,
                               net::EventLoop& loop, PostCallOptions options)
    : services_(services),
      workers_(workers),
      options_(std::move(options)),
      webhooks_(loop, services.clock, options_.webhooks) {}

PostCallRunner::~PostCallRunner() {
  shutdown(std::chrono::milliseconds(0));
}

core::Result<std::optional<PostCallRunner::Prepared>> PostCallRunner::prepare(
    std::string_view user_id, const store::Call& call) const {
  if (!ended(call)) {
    return core::Error::conflict("the call is still in progress (" + call.status +
                                 "); its tasks run when it ends");
  }
  auto agent = services_.store.get_agent(user_id, call.agent_id);
  if (!agent.ok()) {
    if (agent.error().code != core::ErrorCode::kNotFound) return agent.error();
    return core::Error::conflict("the call's agent was deleted, so its tasks are unknown");
  }
  boost::system::error_code ec;
  const json::value document = json::parse(agent->config_json, ec);
  if (ec || !document.is_object()) return core::Error::internal("stored agent is not JSON");
  auto plan = parse_post_call_plan(document.get_object());
  if (!plan.ok()) {
    std::string why = "the agent's follow-up tasks are invalid";
    if (!plan.error().fields.empty()) {
      why += ": " + plan.error().fields[0].path + " " + plan.error().fields[0].message;
    }
    return core::Error::conflict(why + "; fix the agent with PUT /v1/agents/" + call.agent_id);
  }
  if (plan->steps.empty()) return std::optional<Prepared>();
  return std::optional<Prepared>(Prepared{std::move(plan).value()});
}

core::Result<json::object> PostCallRunner::start(std::string_view user_id,
                                                 std::string_view call_id) {
  {
    const std::lock_guard lock(mutex_);
    if (!accepting_) return core::Error::unavailable("the server is shutting down");
  }
  OVOS_ASSIGN_OR_RETURN(const store::Call call, services_.store.get_call(user_id, call_id));
  OVOS_ASSIGN_OR_RETURN(auto prepared, prepare(user_id, call));
  if (!prepared) {
    return core::Error::conflict(
        "the call's agent has no follow-up tasks (extraction, summarization or webhook)");
  }
  return enqueue(user_id, call.id, std::move(prepared->plan));
}

void PostCallRunner::start_after_call(const store::Call& call) {
  auto prepared = prepare(call.user_id, call);
  if (!prepared.ok()) {
    core::log_warn("post_call.not_started",
                   {{"call_id", call.id}, {"error", prepared.error().message}});
    return;
  }
  if (!*prepared) return;  // nothing to do
  PostCallPlan plan = (*prepared)->plan;
  auto queued = enqueue(call.user_id, call.id, std::move((*prepared)->plan));
  if (queued.ok()) return;
  core::log_warn("post_call.not_started",
                 {{"call_id", call.id}, {"error", queued.error().message}});
  if (queued.error().code != core::ErrorCode::kUnavailable) return;
  // Not queued (shutting down, too busy): say so on the call, so the user can re-run it.
  PostCallState state = PostCallState::pending(plan, services_.clock.unix_ms());
  state.interrupt(queued.error().message + "; re-run with POST /v1/calls/" + call.id + "/post-call",
                  services_.clock.unix_ms());
  store::CallResultsUpdate update;
  update.post_call_json = state.serialize();
  (void)services_.store.update_call_results(call.user_id, call.id, update);
}

core::Result<json::object> PostCallRunner::enqueue(std::string_view user_id,
                                                   std::string_view call_id, PostCallPlan plan) {
  {
    const std::lock_guard lock(mutex_);
    if (!accepting_) return core::Error::unavailable("the server is shutting down");
    if (in_flight_.contains(call_id)) {
      return core::Error::conflict("the call's tasks are already queued or running");
    }
    if (in_flight_.size() >= options_.max_jobs) {
      return core::Error::unavailable("too many calls' tasks are waiting; try again later");
    }
    in_flight_.emplace(call_id);
  }
  const std::string id(call_id);
  PostCallState state = PostCallState::pending(plan, services_.clock.unix_ms());
  store::CallResultsUpdate update;
  update.post_call_json = state.serialize();
  if (auto written = services_.store.update_call_results(user_id, call_id, update); !written.ok()) {
    finished(id);
    return written.error();
  }
  json::object shown = state.to_json();
  auto job = std::make_shared<PostCallJob>(services_, webhooks_, options_.steps,
                                           std::string(user_id), id, std::move(plan), state);
  const bool submitted = workers_.submit([this, job, id, stop = stop_.get_token()] {
    job->run(stop);
    finished(id);
  });
  if (!submitted) {
    constexpr std::string_view kRefused = "the post-call workers are not taking work";
    state.interrupt(kRefused, services_.clock.unix_ms());
    update.post_call_json = state.serialize();
    (void)services_.store.update_call_results(user_id, call_id, update);
    finished(id);
    return core::Error::unavailable(std::string(kRefused));
  }
  core::log_info("post_call.queued", {{"call_id", id}});
  return shown;
}

void PostCallRunner::finished(const std::string& call_id) {
  const std::lock_guard lock(mutex_);
  in_flight_.erase(call_id);
  if (in_flight_.empty()) idle_.notify_all();
}

void PostCallRunner::shutdown(std::chrono::milliseconds grace) {
  std::unique_lock lock(mutex_);
  accepting_ = false;
  if (!idle_.wait_for(lock, grace, [&] { return in_flight_.empty(); })) {
    core::log_info("post_call.interrupting", {{"jobs", in_flight_.size()}});
    stop_.request_stop();
  }
  idle_.wait(lock, [&] { return in_flight_.empty(); });
}

void PostCallRunner::wait_idle() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return in_flight_.empty(); });
}

}  // namespace ovos::agents::tasks
