#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agents/tasks/post_call_plan.h"

namespace ovos::agents::tasks {

/// Where a call's post-call run is. kDone: every step ran (some may have failed);
/// kInterrupted: the server stopped (or could not take the run) before the end.
enum class RunStatus { kPending, kRunning, kDone, kInterrupted };

/// Where one step is.
enum class StepStatus { kPending, kRunning, kSucceeded, kFailed, kSkipped, kInterrupted };

/// One step as the call record shows it.
struct StepState {
  int task = 0;  // 1-based task number; 0: agent_config.webhook_url
  std::string type;
  StepStatus status = StepStatus::kPending;
  std::string error;  // why it failed or was skipped
  std::optional<std::int64_t> finished_at;
};

/// The state of a call's follow-up tasks, stored as the call's post_call_json and served as
/// "post_call" by GET /v1/calls/{id}, so the dashboard can tell pending, running and done
/// apart. Owned by the one job that runs it; plain data.
struct PostCallState {
  RunStatus status = RunStatus::kPending;
  std::string error;  // run-level: why it was interrupted
  std::int64_t requested_at = 0;
  std::optional<std::int64_t> started_at;
  std::optional<std::int64_t> finished_at;
  std::vector<StepState> steps;

  /// Every step of `plan` pending, requested at `now` (Unix ms).
  [[nodiscard]] static PostCallState pending(const PostCallPlan& plan, std::int64_t now);

  /// Marks the run interrupted at `now`: steps not finished become interrupted with `why`.
  void interrupt(std::string_view why, std::int64_t now);

  /// {"status": "pending"|"running"|"done"|"interrupted", "error", "requested_at",
  ///  "started_at", "finished_at", "steps": [{"task", "type", "status", "error",
  ///  "finished_at"}]}: times RFC 3339, absent values null ("task" null for the agent's
  /// webhook_url).
  [[nodiscard]] boost::json::object to_json() const;
  [[nodiscard]] std::string serialize() const;
};

/// The "post_call" object of a call that never ran any: status "none", no steps.
[[nodiscard]] boost::json::object no_post_call_json();

}  // namespace ovos::agents::tasks
