// The knowledge-base agent's responder with a recording LLM and a scripted retriever, on a
// manual executor.
#include "agents/types/knowledge_responder.h"

#include <gtest/gtest.h>

#include <thread>

namespace ovos::agents {
namespace {

using providers::ChatMessage;
using providers::LlmEvent;
using Role = ChatMessage::Role;

/// Answers "ok" to every request and keeps what it was asked.
class RecordingLlm final : public providers::LlmProvider {
 public:
  std::vector<providers::ChatRequest> requests;

  [[nodiscard]] std::string_view name() const override { return "recording"; }
  [[nodiscard]] std::unique_ptr<providers::LlmCompletion> stream_chat(
      providers::ChatRequest request, core::Executor& events_on,
      providers::LlmEventHandler on_event) override {
    requests.push_back(std::move(request));
    auto completion = std::make_unique<Completion>();
    std::weak_ptr<bool> alive = completion->alive;
    events_on.post([alive, on_event] {
      if (alive.expired()) return;
      on_event({LlmEvent::Kind::kToken, "ok", {}, 0, 0, {}});
      if (alive.expired()) return;
      on_event({LlmEvent::Kind::kDone, {}, {}, 1, 1, {}});
    });
    return completion;
  }

 private:
  struct Completion final : providers::LlmCompletion {
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);
    void cancel() override { alive.reset(); }
  };
};

knowledge::Passage passage(const std::string& file, int ordinal, const std::string& text) {
  return {"kb1", "doc-" + file, file, ordinal, text, 0.9, 0.9};
}

class KnowledgeResponderTest : public ::testing::Test {
 protected:
  std::unique_ptr<KnowledgeResponder> make(std::vector<knowledge::Passage> found) {
    auto llm_responder = std::make_unique<LlmResponder>(llm, "You are the shop's assistant.",
                                                        providers::ChatRequest{});
    return std::make_unique<KnowledgeResponder>(
        std::move(llm_responder),
        [this, found](std::string query,
                      std::function<void(std::vector<knowledge::Passage>)> done) {
          queries.push_back(query);
          // Like the real search: the answer comes from another thread.
          std::thread([done, found] { done(found); }).join();
          return knowledge::SearchCall();
        });
  }

  std::vector<std::string> run(Responder& responder, const std::vector<ChatMessage>& history) {
    std::vector<std::string> seen;
    auto reply = responder.reply(history, executor, [&](ReplyEvent e) {
      switch (e.kind) {
        case ReplyEvent::Kind::kSources:
          for (const auto& s : e.sources)
            seen.push_back("source:" + s);
          break;
        case ReplyEvent::Kind::kText:
          seen.push_back("text:" + e.text);
          break;
        case ReplyEvent::Kind::kDone:
          seen.push_back("done");
          break;
        default:
          seen.push_back("other");
      }
    });
    EXPECT_TRUE(seen.empty());  // nothing from inside reply()
    executor.run_ready();
    return seen;
  }

  core::ManualClock clock;
  core::ManualExecutor executor{clock};
  RecordingLlm llm;
  std::vector<std::string> queries;
};

TEST_F(KnowledgeResponderTest, PutsPassagesInThePromptAndReportsSources) {
  auto responder = make({passage("hours.txt", 0, "We open at nine."),
                         passage("faq.md", 3, "Sundays we are closed.")});
  const std::vector<ChatMessage> history = {{Role::kUser, "When do you open?", {}, {}},
                                            {Role::kAssistant, "At nine.", {}, {}},
                                            {Role::kUser, "And on Sundays?", {}, {}}};
  const auto seen = run(*responder, history);
  EXPECT_EQ(seen, (std::vector<std::string>{"source:hours.txt #0 (doc-hours.txt)",
                                            "source:faq.md #3 (doc-faq.md)", "text:ok", "done"}));
  ASSERT_EQ(queries.size(), 1U);
  EXPECT_EQ(queries[0], "When do you open?\nAnd on Sundays?");
  ASSERT_EQ(llm.requests.size(), 1U);
  const auto& messages = llm.requests[0].messages;
  ASSERT_EQ(messages.size(), 4U);
  EXPECT_EQ(messages[0].role, Role::kSystem);
  const std::string& prompt = messages[0].content;
  EXPECT_TRUE(prompt.starts_with("You are the shop's assistant.\n\n## Knowledge\n")) << prompt;
  EXPECT_NE(prompt.find("answer only from them"), std::string::npos);
  EXPECT_NE(prompt.find("say that you do not know rather than guess"), std::string::npos);
  EXPECT_NE(prompt.find("[1] (hours.txt)\nWe open at nine.\n"), std::string::npos) << prompt;
  EXPECT_NE(prompt.find("[2] (faq.md)\nSundays we are closed.\n"), std::string::npos);
  EXPECT_EQ(messages[3].content, "And on Sundays?");
}

TEST_F(KnowledgeResponderTest, EachReplyGetsItsOwnPassages) {
  auto responder = make({});
  const auto seen = run(*responder, {{Role::kUser, "Tell me a joke", {}, {}}});
  EXPECT_EQ(seen, (std::vector<std::string>{"text:ok", "done"}));  // no sources
  const std::string& prompt = llm.requests.at(0).messages.at(0).content;
  EXPECT_NE(prompt.find("No passage of the knowledge base matches"), std::string::npos);
  // The base prompt does not pile up knowledge sections across replies.
  run(*responder, {{Role::kUser, "Another", {}, {}}});
  const std::string& second = llm.requests.at(1).messages.at(0).content;
  EXPECT_EQ(second.find("## Knowledge"), second.rfind("## Knowledge"));
}

TEST_F(KnowledgeResponderTest, CancelBeforeThePassagesArriveStopsEverything) {
  auto responder = make({passage("hours.txt", 0, "We open at nine.")});
  std::vector<std::string> seen;
  auto reply = responder->reply({{Role::kUser, "Hours?", {}, {}}}, executor,
                                [&](ReplyEvent) { seen.push_back("event"); });
  reply->cancel();
  executor.run_ready();
  EXPECT_TRUE(seen.empty());
  EXPECT_TRUE(llm.requests.empty());
  // Destroying it before the posted answer runs is as safe.
  auto again = responder->reply({{Role::kUser, "Hours?", {}, {}}}, executor,
                                [&](ReplyEvent) { seen.push_back("event"); });
  again.reset();
  executor.run_ready();
  EXPECT_TRUE(seen.empty());
}

TEST(KnowledgeQueryTest, UsesTheLastTwoCallerMessages) {
  EXPECT_EQ(knowledge_query({}), "");
  EXPECT_EQ(knowledge_query({{Role::kAssistant, "Hello!", {}, {}}}), "");
  EXPECT_EQ(knowledge_query({{Role::kUser, "one", {}, {}}}), "one");
  EXPECT_EQ(knowledge_query({{Role::kUser, "one", {}, {}},
                             {Role::kUser, "two", {}, {}},
                             {Role::kTool, "x", {}, "c"},
                             {Role::kUser, "three", {}, {}}}),
            "two\nthree");
  EXPECT_EQ(knowledge_query({{Role::kUser, std::string(600, 'a'), {}, {}}}).size(), 500U + 3);
}

}  // namespace
}  // namespace ovos::agents
