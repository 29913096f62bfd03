#pragma once

// What an agent does after a call: its follow-up tasks (agent_config.tasks[1..]) read into
// steps, in order. Bolna-compatible:
//   extraction     an LLM turns the transcript into one JSON object. What to extract comes from
//                  agent_prompts.task_N.system_prompt and/or llm_config.extraction_details (and
//                  the deprecated llm_config.extraction_json); lines "name: description" name
//                  the fields.
//   summarization  an LLM writes a summary; agent_prompts.task_N.system_prompt and/or
//                  llm_config.summarization_details say how, else a default prompt.
//   webhook        the call's result is POSTed to tools_config.api_tools.webhookURL (Bolna's
//                  key), else tools_config.api_tools.tools_params.webhook.url (Bolna's
//                  fallback), else agent_config.webhook_url (Bolna's hosted API field).
//   notification   not supported: kept as a step that is skipped, with the reason.
// An agent with agent_config.webhook_url and no webhook task also gets a webhook step, last.
// The LLM of a step is its task's own tools_config.llm_agent, else the conversation's.

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "agents/error_collector.h"
#include "core/result.h"

namespace ovos::agents::tasks {

/// What a step does.
enum class StepKind { kExtraction, kSummarization, kWebhook, kUnsupported };

/// "extraction", "summarization", "webhook" (kUnsupported: the task's own type name is used).
[[nodiscard]] std::string_view step_kind_name(StepKind kind);

/// One field an extraction asks for.
struct ExtractionField {
  std::string name;
  std::string description;
};

/// The LLM a step runs on, as the agent document names it.
struct LlmChoice {
  std::string provider;  // catalogue name; "openai" when the document names none (Bolna)
  std::string model;     // empty: the provider's default
  std::string base_url;  // llm_config.base_url, for servers without a stored key
  double temperature = 0.0;
  int max_tokens = 1024;
};

/// One follow-up task, ready to run. Plain data.
struct PostCallStep {
  StepKind kind = StepKind::kUnsupported;
  int task = 0;        // 1-based task number (agent_prompts.task_N); 0: agent_config.webhook_url
  std::string type;    // the task_type as written ("extraction", ...; "webhook" for task 0)
  std::string path;    // JSONPath of the task, for messages
  std::string prompt;  // extraction/summarization: the task's instructions (may be empty)
  std::vector<ExtractionField> fields;  // extraction: the fields named, if any
  LlmChoice llm;                        // extraction/summarization
  std::string webhook_url;              // webhook
  std::string unsupported_reason;       // kUnsupported
};

/// The steps of an agent, in the order they run.
struct PostCallPlan {
  std::vector<PostCallStep> steps;
};

/// Reads the plan of an agent document, reporting each problem a follow-up task has (a webhook
/// without an http(s) URL, an extraction that says nothing about what to extract, a step with
/// no LLM) to `out` with its JSONPath. Members of unexpected types are skipped (the schema
/// reports them). Steps with problems are left out of the plan. Thread-safe.
[[nodiscard]] PostCallPlan read_post_call_plan(const boost::json::object& document,
                                               ErrorCollector& out);

/// read_post_call_plan for a stored (already validated) document: kValidation with every
/// problem when there is one.
[[nodiscard]] core::Result<PostCallPlan> parse_post_call_plan(const boost::json::object& document);

/// The fields named by lines "name: description" of `text` (a name is a letter or '_' then
/// letters, digits or '_', up to 64 bytes; a list bullet before it is allowed; "name:" with no
/// description is a heading), in order, without repeats.
[[nodiscard]] std::vector<ExtractionField> fields_of_text(std::string_view text);

/// Why `url` cannot be a webhook target, or empty when it can: an absolute http:// or https://
/// URL with a host, no user name or password, no whitespace or control characters, at most
/// 2048 bytes.
[[nodiscard]] std::string http_url_problem(std::string_view url);

}  // namespace ovos::agents::tasks
