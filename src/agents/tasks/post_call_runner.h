#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <string_view>

#include "agents/tasks/post_call_job.h"
#include "agents/tasks/webhook_sender.h"
#include "core/executor.h"
#include "core/result.h"
#include "net/event_loop.h"

namespace ovos::agents::tasks {

/// Limits and settings of a PostCallRunner.
struct PostCallOptions {
  std::size_t max_jobs = 256;  // calls queued or running at once; more are refused
  PostCallStepOptions steps;
  WebhookOptions webhooks;
};

/// Runs calls' follow-up tasks (extraction, summarization, webhook; see post_call_plan.h)
/// after they end, off the calls' threads: each run is one job on `workers`, a pool the app
/// gives it, whose thread count bounds how many run at once (max_jobs bounds how many wait).
/// One call has at most one job at a time. Its state is on the call from the moment it is
/// queued ("pending") to the end ("done"), step by step (see post_call_state.h).
/// Shutdown: shutdown(grace) stops taking jobs, lets those in flight finish within `grace`,
/// then abandons the rest cleanly: an LLM request or webhook in flight is cancelled, retry
/// waits end, and every step not finished is recorded "interrupted" so the user can re-run it
/// (POST /v1/calls/{id}/post-call). Thread-safe. Must be destroyed before `workers`, the store,
/// the vault, the registry and `loop`.
class PostCallRunner {
 public:
  PostCallRunner(PostCallServices services, core::ComputePool& workers, net::EventLoop& loop,
                 PostCallOptions options);
  ~PostCallRunner();  // shutdown(0)
  PostCallRunner(const PostCallRunner&) = delete;
  PostCallRunner& operator=(const PostCallRunner&) = delete;

  /// Queues the tasks of a finished call (a re-run when they ran before) and returns its
  /// post_call state, "pending". Errors: kNotFound (not this user's call), kConflict (the call
  /// is still in progress, its agent was deleted or has no follow-up tasks or invalid ones, or
  /// its tasks are queued or running already), kUnavailable (too many jobs, or shutting down).
  /// Blocking (database): call on a worker.
  [[nodiscard]] core::Result<boost::json::object> start(std::string_view user_id,
                                                        std::string_view call_id);

  /// What the engine calls once a call's final record is written: queues its tasks if its
  /// agent has any. Never fails: problems are logged, and a call that cannot be queued
  /// (shutting down, too many jobs) is marked interrupted so it can be re-run. Blocking
  /// (database).
  void start_after_call(const store::Call& call);

  /// Stops taking jobs, waits up to `grace` for those in flight, then interrupts the rest and
  /// waits for them to record it. Idempotent. Never call it from a post-call worker.
  void shutdown(std::chrono::milliseconds grace);

  /// Blocks until no job is queued or running (tests).
  void wait_idle();

 private:
  struct Prepared {
    PostCallPlan plan;
  };
  /// The plan of a finished call of this user; nullopt when its agent has no follow-up tasks.
  core::Result<std::optional<Prepared>> prepare(std::string_view user_id,
                                                const store::Call& call) const;
  /// Queues `plan` for the call; `call_id` must not be in flight.
  core::Result<boost::json::object> enqueue(std::string_view user_id, std::string_view call_id,
                                            PostCallPlan plan);
  void finished(const std::string& call_id);

  PostCallServices services_;
  core::ComputePool& workers_;
  PostCallOptions options_;
  WebhookSender webhooks_;
  std::stop_source stop_;
  std::mutex mutex_;
  std::condition_variable idle_;
  std::set<std::string, std::less<>> in_flight_;  // call ids queued or running
  bool accepting_ = true;
};

}  // namespace ovos::agents::tasks
