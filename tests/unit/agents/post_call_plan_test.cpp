// The follow-up tasks of agent documents read into post-call steps, and their problems reported
// both by the plan and when an agent is saved (validate_agent).
#include "agents/tasks/post_call_plan.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "agent_test_util.h"

namespace ovos::agents::tasks {
namespace {

namespace json = boost::json;
using agents::testing::at;
using agents::testing::Errors;
using agents::testing::errors_of;
using agents::testing::load_agent;

json::object task(std::string_view type, json::object tools_config = {}) {
  return {
      {"task_type", type},
      {"toolchain", {{"execution", "sequential"}, {"pipelines", json::array{json::array{"llm"}}}}},
      {"tools_config", std::move(tools_config)}};
}

json::object webhook_task(std::string_view url) {
  return task("webhook", {{"api_tools", {{"webhookURL", url}}}});
}

/// local_agent.json with `follow_ups` appended to its tasks and `prompts` added.
json::value agent_with(std::initializer_list<json::object> follow_ups, json::object prompts = {}) {
  json::value document = load_agent("local_agent");
  auto& tasks = at(document, "/agent_config/tasks").as_array();
  for (const auto& t : follow_ups)
    tasks.push_back(t);
  auto& all_prompts = at(document, "/agent_prompts").as_object();
  for (const auto& [key, value] : prompts)
    all_prompts[key] = value;
  return document;
}

json::object prompt(std::string_view text) {
  return {{"system_prompt", text}};
}

PostCallPlan plan_of(const json::value& document) {
  auto plan = parse_post_call_plan(document.as_object());
  EXPECT_TRUE(plan.ok()) << (plan.ok() ? "" : agents::testing::describe(plan.error().fields));
  return plan.ok() ? std::move(plan).value() : PostCallPlan{};
}

TEST(PostCallPlan, SummarizationWithoutAPromptUsesTheDefault) {
  const auto plan = plan_of(agent_with({task("summarization")}));
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].prompt, "") << "empty: the default prompt is used";
}

TEST(PostCallPlan, AConversationAloneHasNoSteps) {
  EXPECT_TRUE(plan_of(load_agent("local_agent")).steps.empty());
  EXPECT_TRUE(plan_of(load_agent("simple_llm_agent")).steps.empty());
}

TEST(PostCallPlan, StepsFollowTheTasksInOrder) {
  const auto document = agent_with(
      {task("extraction"), task("summarization"), webhook_task("https://hooks.example.com/calls")},
      {{"task_2", prompt("Extract:\nname: the caller's name\n- slot: the slot booked\n"
                         "See https://example.com for the format.")},
       {"task_3", prompt("Summarize in one line.")}});
  const auto plan = plan_of(document);
  ASSERT_EQ(plan.steps.size(), 3u);
  const PostCallStep& extraction = plan.steps[0];
  EXPECT_EQ(extraction.kind, StepKind::kExtraction);
  EXPECT_EQ(extraction.task, 2);
  EXPECT_EQ(extraction.type, "extraction");
  EXPECT_EQ(extraction.path, "$.agent_config.tasks[1]");
  ASSERT_EQ(extraction.fields.size(), 2u);
  EXPECT_EQ(extraction.fields[0].name, "name");
  EXPECT_EQ(extraction.fields[0].description, "the caller's name");
  EXPECT_EQ(extraction.fields[1].name, "slot");
  EXPECT_NE(extraction.prompt.find("Extract:"), std::string::npos);
  // No LLM of its own: the conversation's (ollama), with room for a JSON answer.
  EXPECT_EQ(extraction.llm.provider, "ollama");
  EXPECT_EQ(extraction.llm.model, "llama3.2:1b");
  EXPECT_EQ(extraction.llm.base_url, "http://localhost:11434/v1");
  EXPECT_EQ(extraction.llm.max_tokens, 1024);

  EXPECT_EQ(plan.steps[1].kind, StepKind::kSummarization);
  EXPECT_EQ(plan.steps[1].task, 3);
  EXPECT_EQ(plan.steps[1].prompt, "Summarize in one line.");
  EXPECT_EQ(plan.steps[2].kind, StepKind::kWebhook);
  EXPECT_EQ(plan.steps[2].task, 4);
  EXPECT_EQ(plan.steps[2].webhook_url, "https://hooks.example.com/calls");
}

TEST(PostCallPlan, BolnasFunctionCallingExampleReadsItsDetails) {
  const auto plan = plan_of(load_agent("function_calling_agent"));
  ASSERT_EQ(plan.steps.size(), 2u);
  EXPECT_EQ(plan.steps[0].kind, StepKind::kSummarization);
  EXPECT_EQ(plan.steps[0].prompt,
            "You are given a conversation. Kindly summarize it in a professional tone");
  const PostCallStep& extraction = plan.steps[1];
  EXPECT_EQ(extraction.kind, StepKind::kExtraction);
  ASSERT_EQ(extraction.fields.size(), 1u);
  EXPECT_EQ(extraction.fields[0].name, "slot");  // from extraction_details and extraction_json
  // agent_prompts.task_3 first, then extraction_details.
  EXPECT_TRUE(extraction.prompt.starts_with("Extract the information from the given conversation"));
  EXPECT_TRUE(extraction.prompt.ends_with("}\nslot: Slot booked by user"));
  // Its own flat llm_agent (Bolna's older form): model and max_tokens (raised to 512).
  EXPECT_EQ(extraction.llm.provider, "openai");
  EXPECT_EQ(extraction.llm.model, "gpt-3.5-turbo-1106");
  EXPECT_EQ(extraction.llm.max_tokens, 512);
}

TEST(PostCallPlan, AgentWebhookUrlAddsAWebhookWhenNoTaskIsOne) {
  const auto plan = plan_of(load_agent("speech_to_speech_agent"));
  ASSERT_EQ(plan.steps.size(), 2u);
  EXPECT_EQ(plan.steps[0].kind, StepKind::kExtraction);
  EXPECT_EQ(plan.steps[0].llm.provider, "openai");
  EXPECT_EQ(plan.steps[0].llm.model, "gpt-5-mini");
  EXPECT_EQ(plan.steps[1].kind, StepKind::kWebhook);
  EXPECT_EQ(plan.steps[1].task, 0);
  EXPECT_EQ(plan.steps[1].path, "$.agent_config.webhook_url");
  EXPECT_EQ(plan.steps[1].webhook_url, "https://hooks.example.com/calls");

  // A webhook task takes precedence; the agent's URL is its fallback.
  auto document = agent_with(
      {task("webhook", {{"api_tools", json::object{{"tools_params", json::object{}}}}})});
  at(document, "/agent_config").as_object()["webhook_url"] = "http://receiver.example/agent";
  const auto fallback = plan_of(document);
  ASSERT_EQ(fallback.steps.size(), 1u);
  EXPECT_EQ(fallback.steps[0].task, 2);
  EXPECT_EQ(fallback.steps[0].webhook_url, "http://receiver.example/agent");
}

TEST(PostCallPlan, WebhookUrlFromBolnasToolsParamsFallback) {
  const auto document = agent_with(
      {task("webhook",
            {{"api_tools",
              {{"tools_params",
                {{"webhook", {{"url", "https://hooks.example.com/p"}, {"method", "POST"}}}}}}}})});
  const auto plan = plan_of(document);
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].webhook_url, "https://hooks.example.com/p");
}

TEST(PostCallPlan, OwnLlmOfAFollowUpTask) {
  const auto plan = plan_of(load_agent("knowledgebase_agent"));
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(plan.steps[0].kind, StepKind::kSummarization);
  EXPECT_EQ(plan.steps[0].llm.provider, "anthropic");
  EXPECT_EQ(plan.steps[0].llm.model, "claude-3-5-haiku-latest");
  EXPECT_EQ(plan.steps[0].llm.max_tokens, 512);
}

TEST(PostCallPlan, NotificationIsKeptAsAnUnsupportedStep) {
  const auto plan = plan_of(agent_with({task("notification"), task("summarization")}));
  ASSERT_EQ(plan.steps.size(), 2u);
  EXPECT_EQ(plan.steps[0].kind, StepKind::kUnsupported);
  EXPECT_EQ(plan.steps[0].type, "notification");
  EXPECT_NE(plan.steps[0].unsupported_reason.find("not supported"), std::string::npos);
  EXPECT_EQ(plan.steps[1].kind, StepKind::kSummarization);
}

TEST(PostCallPlan, BadFollowUpTasksAreReportedWithTheirPaths) {
  auto document = agent_with({webhook_task("ftp://files.example.com/"), task("extraction"),
                              task("webhook", {{"api_tools", json::object{}}}),
                              webhook_task("https://user:pw@hooks.example.com/")});
  at(document, "/agent_config").as_object()["webhook_url"] = "hooks.example.com";
  const auto plan = parse_post_call_plan(document.as_object());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code, core::ErrorCode::kValidation);
  const Errors expected = {
      {"$.agent_config.tasks[1].tools_config.api_tools.webhookURL",
       "must be an http or https URL, e.g. https://example.com/hooks"},
      {"$.agent_config.tasks[2]",
       "an extraction task needs to know what to extract: set agent_prompts.task_3.system_prompt "
       "or tools_config.llm_agent.llm_config.extraction_details"},
      {"$.agent_config.webhook_url",
       "must be an http or https URL, e.g. https://example.com/hooks"},
      {"$.agent_config.tasks[4].tools_config.api_tools.webhookURL",
       "must not carry a user name or password; the webhook is signed instead"},
  };
  EXPECT_EQ(plan.error().fields, expected);
  // The same problems stop the agent from being saved.
  for (const auto& error : expected) {
    const Errors all = errors_of(document);
    EXPECT_NE(std::find(all.begin(), all.end(), error), all.end()) << error.path;
  }
}

TEST(PostCallPlan, AWebhookTaskWithoutAnyUrl) {
  const auto document = agent_with({task("webhook")});
  const Errors expected = {{"$.agent_config.tasks[1].tools_config.api_tools.webhookURL",
                            "a webhook task needs the URL to POST to: set "
                            "tools_config.api_tools.webhookURL (or agent_config.webhook_url)"}};
  EXPECT_EQ(errors_of(document), expected);
}

TEST(PostCallPlan, AStepWithoutAnyLlm) {
  auto document = agent_with({task("summarization")});
  at(document, "/agent_config/tasks/0/tools_config").as_object().erase("llm_agent");
  at(document, "/agent_config/tasks/0/toolchain/pipelines/0") = json::array{"transcriber"};
  const auto plan = parse_post_call_plan(document.as_object());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().fields,
            (Errors{{"$.agent_config.tasks[1].tools_config.llm_agent",
                     "a summarization task needs an LLM: set tools_config.llm_agent on this "
                     "task or on the conversation task"}}));
}

TEST(PostCallPlan, WebhookTasksNeedNoPipelineToolsAndNoToolsParams) {
  // Bolna's webhook tasks carry api_tools {webhookURL} only; the conversation's api_tools still
  // needs its tools_params.
  auto document = agent_with({webhook_task("https://hooks.example.com/calls")});
  EXPECT_EQ(errors_of(document), Errors{});
  at(document, "/agent_config/tasks/0/tools_config").as_object()["api_tools"] = json::object{};
  EXPECT_EQ(
      errors_of(document),
      (Errors{{"$.agent_config.tasks[0].tools_config.api_tools.tools_params", "is required"}}));
}

TEST(PostCallPlan, FieldsOfText) {
  const auto fields = fields_of_text(
      "Extract these:\n  name: full name  \n* email_2: e-mail\n- name: again\n"
      "http://x.example: no\n9lives: no\nnot a field\nFields:\n_private: kept\n");
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0].name, "name");
  EXPECT_EQ(fields[0].description, "full name");
  EXPECT_EQ(fields[1].name, "email_2");
  EXPECT_EQ(fields[2].name, "_private");
  EXPECT_EQ(fields[2].description, "kept");
  EXPECT_TRUE(fields_of_text("").empty());
  EXPECT_TRUE(fields_of_text(std::string(65, 'a') + ": too long").empty());
}

TEST(PostCallPlan, HttpUrlProblems) {
  EXPECT_EQ(http_url_problem("https://hooks.example.com/a?b=c"), "");
  EXPECT_EQ(http_url_problem("HTTP://127.0.0.1:8080"), "");
  EXPECT_EQ(http_url_problem("http://[::1]:9000/x"), "");
  EXPECT_NE(http_url_problem("https://"), "");
  EXPECT_NE(http_url_problem("http://:80/"), "");
  EXPECT_NE(http_url_problem("http://[::1/"), "");
  EXPECT_NE(http_url_problem("file:///etc/passwd"), "");
  EXPECT_NE(http_url_problem("javascript:alert(1)"), "");
  EXPECT_EQ(http_url_problem("https://a.example/x y"),
            "must not contain spaces or control characters");
  EXPECT_EQ(http_url_problem("https://a.example/\n"),
            "must not contain spaces or control characters");
  EXPECT_EQ(http_url_problem("https://a.example/" + std::string(2100, 'x')),
            "must be at most 2048 bytes");
}

}  // namespace
}  // namespace ovos::agents::tasks
