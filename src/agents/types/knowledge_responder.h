#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "agents/knowledge/knowledge_index.h"
#include "agents/knowledge/knowledge_service.h"
#include "agents/responder.h"
#include "agents/types/llm_responder.h"

namespace ovos::agents {

/// Finds passages for a query and calls `done` once, on any thread, unless the returned
/// SearchCall is cancelled or destroyed first.
using KnowledgeRetriever = std::function<knowledge::SearchCall(
    std::string query, std::function<void(std::vector<knowledge::Passage>)> done)>;

/// A retriever over `knowledge` with `service` (search_async: keyword search when a query
/// embedding fails). The service must outlive every call of the retriever.
[[nodiscard]] KnowledgeRetriever knowledge_retriever(
    knowledge::KnowledgeService& service,
    std::shared_ptr<const knowledge::LoadedKnowledge> knowledge, knowledge::SearchOptions options);

/// The system prompt of one reply: `base` and, under a "Knowledge" heading, the rule to answer
/// only from the passages when they are relevant (and to say so rather than guess when they do
/// not cover the question), then the passages numbered with their file names.
[[nodiscard]] std::string knowledge_prompt(const std::string& base,
                                           const std::vector<knowledge::Passage>& passages);

/// "faq.txt #2 (<document id>)": how a passage is named in a turn's sources.
[[nodiscard]] std::string source_name(const knowledge::Passage& passage);

/// The search text for a reply: the caller's last message, after their previous one (for
/// follow-ups such as "and on Sundays?"), each cut to 500 bytes.
[[nodiscard]] std::string knowledge_query(const std::vector<providers::ChatMessage>& history);

/// Bolna's knowledgebase_agent: each reply first retrieves passages for the caller's words
/// (knowledge_query), reports them as the turn's sources (kSources), puts them into the system
/// prompt (knowledge_prompt), then answers like the LLM agent it wraps (tools included). One per
/// call; used on the call's executor. Owns the LLM responder and the retriever.
class KnowledgeResponder final : public Responder {
 public:
  KnowledgeResponder(std::unique_ptr<LlmResponder> llm, KnowledgeRetriever retrieve);

  [[nodiscard]] std::unique_ptr<ReplyInFlight> reply(
      const std::vector<providers::ChatMessage>& history, core::Executor& executor,
      ReplyHandler on_event) override;
  [[nodiscard]] std::vector<std::string> expected_replies() const override {
    return llm_->expected_replies();
  }

 private:
  std::unique_ptr<LlmResponder> llm_;
  std::string base_prompt_;  // the LLM responder's prompt before any knowledge
  KnowledgeRetriever retrieve_;
};

}  // namespace ovos::agents
