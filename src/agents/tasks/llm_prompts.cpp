#include "agents/tasks/llm_prompts.h"

#include "agents/tasks/json_reply.h"

namespace ovos::agents::tasks {

namespace json = boost::json;
using providers::ChatMessage;

namespace {

constexpr std::string_view kExtractionRole =
    "You read the transcript of a phone call between an AI agent and a caller, and extract "
    "data from it.";
constexpr std::string_view kSummaryRole =
    "You read the transcript of a phone call between an AI agent and a caller, and summarize "
    "it.";

ChatMessage message(ChatMessage::Role role, std::string content) {
  ChatMessage m;
  m.role = role;
  m.content = std::move(content);
  return m;
}

std::string transcript_message(std::string_view transcript) {
  std::string out = "The transcript of the call:\n\n";
  out += transcript;
  return out;
}

}  // namespace

std::vector<ChatMessage> extraction_messages(const PostCallStep& step,
                                             std::string_view transcript) {
  std::string system(kExtractionRole);
  if (!step.prompt.empty()) system += "\n\nInstructions:\n" + step.prompt;
  std::string keys;
  if (!step.fields.empty()) {
    system += "\n\nFields to extract:";
    for (const ExtractionField& field : step.fields) {
      system += "\n- " + field.name;
      if (!field.description.empty()) system += ": " + field.description;
      keys += (keys.empty() ? "" : ", ") + field.name;
    }
  }
  system +=
      "\n\nAnswer with exactly one JSON object and nothing else: no prose, no code fence. "
      "Use null for anything the call did not establish.";
  if (!keys.empty()) system += " Its keys are: " + keys + ".";
  return {message(ChatMessage::Role::kSystem, std::move(system)),
          message(ChatMessage::Role::kUser, transcript_message(transcript))};
}

std::vector<ChatMessage> summary_messages(const PostCallStep& step, std::string_view transcript) {
  std::string system(kSummaryRole);
  system += "\n\nInstructions:\n";
  system += step.prompt.empty() ? std::string(kDefaultSummaryPrompt) : step.prompt;
  system +=
      "\n\nAnswer with exactly one JSON object and nothing else: no prose, no code fence. "
      "Its only key is \"summary\", a string.";
  return {message(ChatMessage::Role::kSystem, std::move(system)),
          message(ChatMessage::Role::kUser, transcript_message(transcript))};
}

core::Result<json::object> read_extraction(const PostCallStep& step, std::string_view reply) {
  OVOS_ASSIGN_OR_RETURN(json::object data, first_json_object(reply));
  for (const ExtractionField& field : step.fields) {
    if (!data.contains(field.name)) data[field.name] = nullptr;
  }
  return data;
}

core::Result<std::string> read_summary(std::string_view reply) {
  OVOS_ASSIGN_OR_RETURN(const json::object data, first_json_object(reply));
  const json::value* summary = data.if_contains("summary");
  if (summary == nullptr || !summary->is_string() || summary->get_string().empty()) {
    return core::Error::invalid("the model's JSON object has no \"summary\" string");
  }
  return std::string(summary->get_string());
}

}  // namespace ovos::agents::tasks
