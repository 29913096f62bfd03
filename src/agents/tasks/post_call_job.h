#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <stop_token>
#include <string>

#include "agents/tasks/post_call_plan.h"
#include "agents/tasks/post_call_state.h"
#include "agents/tasks/webhook_sender.h"
#include "core/clock.h"
#include "core/executor.h"
#include "providers/registry.h"
#include "store/key_vault.h"
#include "store/store.h"

namespace ovos::agents::tasks {

/// What post-call jobs use; every referenced object outlives the runner that owns the jobs.
struct PostCallServices {
  store::Store& store;
  const store::KeyVault& vault;
  const providers::ProviderRegistry& providers;
  core::Executor& llm_events;  // where LLM completions deliver (the vendor I/O loop)
  const core::Clock& clock;
};

/// Settings of the steps.
struct PostCallStepOptions {
  std::chrono::milliseconds llm_timeout{120000};  // per extraction or summarization
  std::string public_base_url;  // makes the webhook's recording_url absolute; may be empty
};

/// One run of one call's plan on a post-call worker thread: the steps in order, each one's
/// result written to the call as soon as it is known (extracted_data, summary, webhook, and
/// post_call with every step's status). A step that fails (LLM error, a reply without JSON, a
/// webhook that cannot be delivered) is recorded and the next step still runs. When `stop` is
/// requested the step in flight ends early and the steps left are marked interrupted. Never
/// throws; database errors are logged.
class PostCallJob {
 public:
  PostCallJob(const PostCallServices& services, const WebhookSender& webhooks,
              const PostCallStepOptions& options, std::string user_id, std::string call_id,
              PostCallPlan plan, PostCallState state);

  void run(std::stop_token stop);

 private:
  /// The step's outcome: empty on success, else why it failed.
  std::string extraction(const PostCallStep& step, std::stop_token stop);
  std::string summarization(const PostCallStep& step, std::stop_token stop);
  std::string webhook(const PostCallStep& step, std::stop_token stop);
  /// The LLM's reply to `messages` on the step's model.
  core::Result<std::string> ask(const PostCallStep& step,
                                std::vector<providers::ChatMessage> messages, std::stop_token stop);
  /// Writes `update` with the current state.
  void write(store::CallResultsUpdate update);

  const PostCallServices& services_;
  const WebhookSender& webhooks_;
  const PostCallStepOptions& options_;
  const std::string user_id_;
  const std::string call_id_;
  const PostCallPlan plan_;
  PostCallState state_;
  // What the call holds, as read at the start and changed by the steps of this run.
  store::Call call_;
  std::vector<store::Turn> turns_;
  std::string transcript_;
  boost::json::object extracted_;
  bool extracted_this_run_ = false;
};

}  // namespace ovos::agents::tasks
