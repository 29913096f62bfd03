// Defaults of ConversationConfig and Transcriber (see the decisions in agent_validator.h).
#include <cmath>

#include "agents/agent_validator.h"
#include "agents/schema_text.h"

namespace ovos::agents {

namespace json = boost::json;

namespace {

struct Default {
  std::string_view key;
  json::value value;
  bool integer = false;  // integral numbers given for it are stored as integers
};

std::vector<Default> conversation_defaults() {
  return {
      {"optimize_latency", true},
      {"hangup_after_silence", 20, true},
      {"incremental_delay", 900, true},
      {"number_of_words_for_interruption", 1, true},
      {"interruption_min_ms", 200, true},
      {"interruption_backoff_period", 100, true},
      {"hangup_after_LLMCall", false},
      {"call_cancellation_prompt", nullptr},
      {"backchanneling", false},
      {"backchanneling_message_gap", 5, true},
      {"backchanneling_start_delay", 5, true},
      {"ambient_noise", false},
      {"call_terminate", 90, true},
      {"use_fillers", false},
      {"trigger_user_online_message_after", 10, true},
      {"check_user_online_message", "Hey, are you still there"},
      {"check_if_user_online", true},
      {"dtmf_enabled", false},
      {"voicemail", false},
      {"voicemail_detection_duration", 30.0},
      {"voicemail_check_interval", 7.0},
      {"voicemail_min_transcript_length", 7, true},
      {"end_call_tool_mode", nullptr},
      {"call_hangup_message", nullptr},
      {"discard_pre_welcome_utterance", false},
  };
}

std::vector<Default> transcriber_defaults() {
  return {
      {"model", "nova-2"},
      {"language", nullptr},
      {"stream", false},
      {"sampling_rate", 16000, true},
      {"encoding", "linear16"},
      {"endpointing", 500, true},
      {"keywords", nullptr},
      {"task", "transcribe"},
      {"provider", "deepgram"},
      {"delay", "medium"},
      {"noise_reduction", false},
      {"vad_threshold", 0.5},
      {"vad_prefix_padding_ms", 300, true},
  };
}

json::object fill_defaults(const json::object& given, const std::vector<Default>& defaults) {
  json::object out = given;
  for (const Default& d : defaults) {
    json::value* value = out.if_contains(d.key);
    if (value == nullptr || value->is_null()) {
      out[d.key] = d.value;
    } else if (d.integer && value->is_double() && schema_text::is_integer(*value) &&
               std::fabs(value->get_double()) < 9.0e15) {
      *value = static_cast<std::int64_t>(value->get_double());
    }
  }
  return out;
}

}  // namespace

json::object effective_task_config(const json::object& task_config) {
  return fill_defaults(task_config, conversation_defaults());
}

json::object effective_transcriber_config(const json::object& transcriber) {
  return fill_defaults(transcriber, transcriber_defaults());
}

}  // namespace ovos::agents
