#pragma once

// What the extraction and summarization steps ask the LLM, and how their answers are read.
// Both ask for exactly one JSON object and read the first one in the reply.

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "agents/tasks/post_call_plan.h"
#include "core/result.h"
#include "providers/llm.h"

namespace ovos::agents::tasks {

/// Used when a summarization task gives no instructions of its own.
inline constexpr std::string_view kDefaultSummaryPrompt =
    "Summarize the call in two to five sentences: who called and why, what the agent answered "
    "or did, what was agreed, and any follow-up that is needed.";

/// System and user messages of an extraction: the step's instructions and fields, then the
/// transcript.
[[nodiscard]] std::vector<providers::ChatMessage> extraction_messages(const PostCallStep& step,
                                                                      std::string_view transcript);

/// System and user messages of a summarization, asking for {"summary": "..."}.
[[nodiscard]] std::vector<providers::ChatMessage> summary_messages(const PostCallStep& step,
                                                                   std::string_view transcript);

/// The extracted object of a reply; every field the step names is present (null when the model
/// left it out). kInvalidArgument when the reply holds no JSON object.
[[nodiscard]] core::Result<boost::json::object> read_extraction(const PostCallStep& step,
                                                                std::string_view reply);

/// The summary of a reply: the string "summary" of its JSON object. kInvalidArgument when there
/// is no such object or the summary is not a non-empty string.
[[nodiscard]] core::Result<std::string> read_summary(std::string_view reply);

}  // namespace ovos::agents::tasks
