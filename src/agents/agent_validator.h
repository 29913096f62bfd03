#pragma once

// Validation of agent definitions in Bolna's agent JSON format, and the defaults OpenVoiceOS
// applies to them.
//
// The document is {"agent_config": AgentModel, "agent_prompts": {"task_1": {...}}} exactly as
// Bolna's API takes it (bolna/models.py), so a Bolna agent imports unchanged. Two layers check
// it and every problem of both is reported at once (up to 100), each with its JSONPath:
//   1. schema/agent.schema.json (JSON Schema 2020-12, served in the OpenAPI document): types,
//      required fields, enums Bolna enforces, numeric ranges, and no unknown keys (Bolna's
//      pydantic models silently drop them; here a typo is an error). The exceptions are
//      RagConfig and LanceDBProviderConfig, which Bolna declares extra="allow". Keys the
//      current models lack but real Bolna agents carry are accepted: those older versions
//      wrote (routes, modeltype, extraction_json, ambient_noise_track,
//      generate_precise_transcript; marked deprecated), those task_manager.py reads
//      (end_call_tool_mode, call_hangup_message, discard_pre_welcome_utterance), and those of
//      Bolna's hosted API examples (webhook_url, provider_config.sampling_rate as "8000",
//      inbound_limit, whitelist_phone_numbers, disallow_unknown_numbers).
//   2. Rules a schema cannot say: provider names exist in the provider catalogue with the
//      right kind; the first task is a conversation; agent_prompts keys name existing tasks;
//      pipelines use configured tools; graph agents are sound (unique node ids, edges and
//      current_node_id point at nodes, routers are silent, have a catch-all edge and do not
//      form cycles); reasoning_effort is supported by the model (Bolna's
//      MODEL_REASONING_EFFORT_MAP); tools given as JSON text parse; follow-up tasks can run
//      (tasks/post_call_plan.h: webhook URLs are http(s), an extraction says what to extract,
//      every LLM step has an LLM).
//
// Defaults where Bolna disagrees with itself. Bolna's pydantic model defaults are what a Bolna
// agent actually ran with (Bolna's API validates every agent through the model, which fills
// them in); task_manager.py's own fallbacks only apply to configs that bypassed the model, and
// the hosted docs' numbers are advice. So OpenVoiceOS uses the model defaults:
//   hangup_after_silence              20 s   (task_manager fallback 10; the model maps null to
//                                             10 - here null means the default, 20, like every
//                                             other key, so the "still there?" check at 10 s
//                                             comes before the hang-up)
//   incremental_delay                 900 ms (task_manager fallback 100)
//   number_of_words_for_interruption  1      (task_manager fallback 3; barge-in needs MORE than
//                                             N words, so one-word backchannels never interrupt)
//   interruption_min_ms               200 ms (OpenVoiceOS: caller speech this long over the
//                                             agent pauses its audio; see engine/call_session.h)
//   endpointing (transcriber)         500 ms (Bolna's hosted docs: 250)
//   backchanneling_message_gap        5 s    (task_manager fallback 2)
//   trigger_user_online_message_after 10 s   (task_manager fallback 6)
//   check_user_online_message         "Hey, are you still there" (constants.py adds a "?")
// effective_task_config() and effective_transcriber_config() apply them.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "core/result.h"

namespace ovos::agents {

/// An agent document that passed validation, with the fields the store indexes.
struct ValidatedAgent {
  boost::json::object document;  // {agent_config, agent_prompts?} as given
  std::string name;              // agent_config.agent_name
  std::string agent_type;        // agent_config.agent_type, "other" when absent
};

/// Validates a whole agent document. On failure: Error::validation("agent is invalid", fields)
/// with every problem found (at most 100), e.g. {"$.agent_config.tasks[0].tools_config.
/// llm_agent.llm_config.temperature", "must be at most 2"}. Thread-safe.
[[nodiscard]] core::Result<ValidatedAgent> validate_agent(const boost::json::value& document);

/// The JSON Schema of agent documents (schema/agent.schema.json, compiled into the binary).
[[nodiscard]] std::string_view agent_schema_json();

/// `task_config` with every ConversationConfig key present: values given are kept (integral
/// numbers of integer keys normalised to integers), missing or null keys get OpenVoiceOS's
/// defaults (see above). Keys it does not know are kept as they are.
[[nodiscard]] boost::json::object effective_task_config(const boost::json::object& task_config);

/// `transcriber` with Bolna's Transcriber defaults filled in the same way (endpointing 500 ms).
[[nodiscard]] boost::json::object effective_transcriber_config(
    const boost::json::object& transcriber);

}  // namespace ovos::agents
