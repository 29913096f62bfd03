#include "agents/tasks/post_call_job.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "agents/tasks/blocking_completion.h"
#include "agents/tasks/llm_prompts.h"
#include "agents/tasks/step_llm.h"
#include "agents/tasks/transcript.h"
#include "agents/tasks/webhook_payload.h"
#include "core/ids.h"
#include "core/logging.h"

namespace ovos::agents::tasks {

namespace json = boost::json;

namespace {

constexpr std::string_view kStopped = "interrupted: the server is shutting down";
constexpr std::string_view kNoSecret =
    "no webhook signing secret is stored, so the webhook was not sent: add one with POST "
    "/v1/provider-keys {\"provider\": \"webhook\", \"credentials\": {\"signing_secret\": "
    "\"<a long random string>\"}}";

json::object stored_object(const std::string& text) {
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  return !ec && parsed.is_object() ? std::move(parsed.get_object()) : json::object();
}

std::string describe(const core::Error& error) {
  std::string text = error.message;
  for (const core::FieldError& field : error.fields) {
    text += "; " + field.path + ": " + field.message;
  }
  return text;
}

}  // namespace

PostCallJob::PostCallJob(const PostCallServices& services, const WebhookSender& webhooks,
                         const PostCallStepOptions& options, std::string user_id,
                         std::string call_id, PostCallPlan plan, PostCallState state)
    : services_(services),
      webhooks_(webhooks),
      options_(options),
      user_id_(std::move(user_id)),
      call_id_(std::move(call_id)),
      plan_(std::move(plan)),
      state_(std::move(state)) {}

void PostCallJob::write(store::CallResultsUpdate update) {
  update.post_call_json = state_.serialize();
  auto written = services_.store.update_call_results(user_id_, call_id_, update);
  if (!written.ok()) {
    core::log_warn("post_call.write_failed",
                   {{"call_id", call_id_}, {"error", written.error().message}});
  }
}

void PostCallJob::run(std::stop_token stop) {
  const core::Clock& clock = services_.clock;
  if (stop.stop_requested()) {
    state_.interrupt(kStopped, clock.unix_ms());
    write({});
    return;
  }
  state_.status = RunStatus::kRunning;
  state_.started_at = clock.unix_ms();
  write({});
  auto call = services_.store.get_call(user_id_, call_id_);
  auto turns = call.ok() ? services_.store.list_turns(call_id_)
                         : core::Result<std::vector<store::Turn>>(call.error());
  if (!call.ok() || !turns.ok()) {
    const std::string why =
        "could not read the call: " + (call.ok() ? turns.error().message : call.error().message);
    for (StepState& step : state_.steps) {
      step.status = StepStatus::kFailed;
      step.error = why;
      step.finished_at = clock.unix_ms();
    }
  } else {
    call_ = std::move(call).value();
    turns_ = std::move(turns).value();
    transcript_ = transcript_text(turns_);
    extracted_ = stored_object(call_.extracted_data_json);
  }
  for (std::size_t i = 0; i < plan_.steps.size() && call.ok() && turns.ok(); ++i) {
    if (stop.stop_requested()) break;
    const PostCallStep& step = plan_.steps[i];
    StepState& shown = state_.steps[i];
    shown.status = StepStatus::kRunning;
    write({});
    std::string error;
    store::CallResultsUpdate update;
    switch (step.kind) {
      case StepKind::kExtraction:
        error = extraction(step, stop);
        if (error.empty()) update.extracted_data_json = json::serialize(extracted_);
        break;
      case StepKind::kSummarization:
        error = summarization(step, stop);
        if (error.empty()) update.summary = call_.summary;
        break;
      case StepKind::kWebhook:
        error = webhook(step, stop);
        update.webhook_json = call_.webhook_json;
        break;
      case StepKind::kUnsupported:
        error = step.unsupported_reason;
        break;
    }
    shown.finished_at = clock.unix_ms();
    shown.error = error;
    shown.status = error.empty()                         ? StepStatus::kSucceeded
                   : step.kind == StepKind::kUnsupported ? StepStatus::kSkipped
                   : stop.stop_requested()               ? StepStatus::kInterrupted
                                                         : StepStatus::kFailed;
    core::log_info(
        "post_call.step",
        {{"call_id", call_id_}, {"task", step.task}, {"type", step.type}, {"ok", error.empty()}});
    write(std::move(update));
  }
  if (stop.stop_requested()) {
    state_.interrupt(kStopped, clock.unix_ms());
  } else {
    state_.status = RunStatus::kDone;
    state_.finished_at = clock.unix_ms();
  }
  write({});
}

core::Result<std::string> PostCallJob::ask(const PostCallStep& step,
                                           std::vector<providers::ChatMessage> messages,
                                           std::stop_token stop) {
  OVOS_ASSIGN_OR_RETURN(BoundLlm llm,
                        bind_llm(step.llm, services_.providers, services_.vault, user_id_));
  llm.request.messages = std::move(messages);
  return complete_chat(*llm.provider, std::move(llm.request), services_.llm_events,
                       options_.llm_timeout, stop);
}

std::string PostCallJob::extraction(const PostCallStep& step, std::stop_token stop) {
  auto reply = ask(step, extraction_messages(step, transcript_), stop);
  if (!reply.ok()) return describe(reply.error());
  auto data = read_extraction(step, *reply);
  if (!data.ok()) return data.error().message;
  if (!extracted_this_run_) extracted_.clear();  // a new run replaces the old data
  extracted_this_run_ = true;
  for (auto& [key, value] : *data)
    extracted_[key] = std::move(value);
  return {};
}

std::string PostCallJob::summarization(const PostCallStep& step, std::stop_token stop) {
  auto reply = ask(step, summary_messages(step, transcript_), stop);
  if (!reply.ok()) return describe(reply.error());
  auto summary = read_summary(*reply);
  if (!summary.ok()) return summary.error().message;
  call_.summary = std::move(summary).value();
  return {};
}

std::string PostCallJob::webhook(const PostCallStep& step, std::stop_token stop) {
  WebhookRequest request;
  request.url = step.webhook_url;
  request.delivery_id = core::new_id(services_.clock.unix_ms());
  WebhookOutcome outcome;
  outcome.delivery_id = request.delivery_id;
  auto stored = services_.vault.credentials_for(user_id_, "webhook");
  if (!stored.ok()) {
    outcome.error = "could not read the webhook signing secret: " + stored.error().message;
  } else if (stored->has_value()) {
    boost::system::error_code ec;
    const json::value parsed = json::parse(**stored, ec);
    const json::object* fields = ec ? nullptr : parsed.if_object();
    const json::value* secret = fields != nullptr ? fields->if_contains("signing_secret") : nullptr;
    if (secret != nullptr && secret->is_string() && !secret->get_string().empty()) {
      request.secret = std::string(secret->get_string());
    }
  }
  if (stored.ok() && request.secret.empty()) outcome.error = std::string(kNoSecret);
  if (!request.secret.empty()) {
    request.body = json::serialize(
        webhook_payload(call_, turns_, extracted_, call_.summary, options_.public_base_url));
    outcome = webhooks_.deliver(request, stop);
  }
  call_.webhook_json = json::serialize(outcome.to_json());
  return outcome.delivered ? std::string() : outcome.error;
}

}  // namespace ovos::agents::tasks
