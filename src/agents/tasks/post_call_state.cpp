#include "agents/tasks/post_call_state.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "core/time_text.h"

namespace ovos::agents::tasks {

namespace json = boost::json;

namespace {

std::string_view run_name(RunStatus status) {
  switch (status) {
    case RunStatus::kPending:
      return "pending";
    case RunStatus::kRunning:
      return "running";
    case RunStatus::kDone:
      return "done";
    case RunStatus::kInterrupted:
      return "interrupted";
  }
  return "pending";
}

std::string_view step_name(StepStatus status) {
  switch (status) {
    case StepStatus::kPending:
      return "pending";
    case StepStatus::kRunning:
      return "running";
    case StepStatus::kSucceeded:
      return "succeeded";
    case StepStatus::kFailed:
      return "failed";
    case StepStatus::kSkipped:
      return "skipped";
    case StepStatus::kInterrupted:
      return "interrupted";
  }
  return "pending";
}

json::value time_or_null(const std::optional<std::int64_t>& ms) {
  return ms ? json::value(core::format_utc_time(*ms)) : json::value(nullptr);
}

json::value text_or_null(const std::string& text) {
  return text.empty() ? json::value(nullptr) : json::value(text);
}

}  // namespace

PostCallState PostCallState::pending(const PostCallPlan& plan, std::int64_t now) {
  PostCallState state;
  state.requested_at = now;
  for (const PostCallStep& step : plan.steps) {
    state.steps.push_back({step.task, step.type, StepStatus::kPending, {}, std::nullopt});
  }
  return state;
}

void PostCallState::interrupt(std::string_view why, std::int64_t now) {
  status = RunStatus::kInterrupted;
  error = std::string(why);
  finished_at = now;
  for (StepState& step : steps) {
    if (step.status == StepStatus::kPending || step.status == StepStatus::kRunning) {
      step.status = StepStatus::kInterrupted;
      step.error = std::string(why);
      step.finished_at = now;
    }
  }
}

json::object PostCallState::to_json() const {
  json::array items;
  for (const StepState& step : steps) {
    items.push_back(
        json::object{{"task", step.task > 0 ? json::value(step.task) : json::value(nullptr)},
                     {"type", step.type},
                     {"status", step_name(step.status)},
                     {"error", text_or_null(step.error)},
                     {"finished_at", time_or_null(step.finished_at)}});
  }
  return {{"status", run_name(status)},
          {"error", text_or_null(error)},
          {"requested_at", core::format_utc_time(requested_at)},
          {"started_at", time_or_null(started_at)},
          {"finished_at", time_or_null(finished_at)},
          {"steps", std::move(items)}};
}

std::string PostCallState::serialize() const {
  return json::serialize(to_json());
}

json::object no_post_call_json() {
  return {{"status", "none"},      {"error", nullptr},       {"requested_at", nullptr},
          {"started_at", nullptr}, {"finished_at", nullptr}, {"steps", json::array()}};
}

}  // namespace ovos::agents::tasks
