#include "agents/tasks/post_call_plan.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cctype>
#include <optional>

#include "agents/json_path.h"
#include "core/json_read.h"

namespace ovos::agents::tasks {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxUrlBytes = 2048;
constexpr std::size_t kMaxFieldName = 64;
constexpr int kMinOwnMaxTokens = 512;  // a JSON answer cut short is lost
constexpr std::string_view kNotificationReason =
    "notification tasks are not supported; use a webhook task to be told about calls";

std::string_view trim(std::string_view text) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && space(text.back()))
    text.remove_suffix(1);
  return text;
}

/// The LLM settings of a task: llm_agent.llm_config, or llm_agent itself in Bolna's flat form.
const json::object* llm_settings_of(const json::object& task) {
  const json::object* llm_agent =
      core::json_object_at(core::json_object_at(&task, "tools_config"), "llm_agent");
  if (llm_agent == nullptr) return nullptr;
  if (const json::object* config = core::json_object_at(llm_agent, "llm_config")) return config;
  return llm_agent->contains("llm_config") ? nullptr : llm_agent;
}

LlmChoice llm_choice(const json::object& settings, bool own) {
  LlmChoice choice;
  choice.provider = core::json_string_at(&settings, "provider");
  if (choice.provider.empty()) choice.provider = "openai";  // Bolna's default
  choice.model = core::json_string_at(&settings, "model");
  choice.base_url = core::json_string_at(&settings, "base_url");
  if (const auto t = core::json_number_at(&settings, "temperature")) choice.temperature = *t;
  const auto max_tokens = core::json_number_at(&settings, "max_tokens");
  if (own && max_tokens && *max_tokens > 0 && *max_tokens < 1e6) {
    choice.max_tokens = std::max(kMinOwnMaxTokens, static_cast<int>(*max_tokens));
  }
  return choice;
}

std::string joined(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const std::string_view part : parts) {
    const std::string_view text = trim(part);
    if (text.empty()) continue;
    if (!out.empty()) out += '\n';
    out += text;
  }
  return out;
}

/// Adds the keys of Bolna's deprecated extraction_json template ({"field": "description"}).
void add_template_fields(const std::string& text, std::vector<ExtractionField>& fields) {
  if (text.empty()) return;
  boost::system::error_code ec;
  const json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return;
  for (const auto& [key, value] : parsed.get_object()) {
    const std::string name(key);
    if (name.empty() || name.size() > kMaxFieldName) continue;
    const bool known = std::any_of(fields.begin(), fields.end(),
                                   [&](const ExtractionField& f) { return f.name == name; });
    if (!known) fields.push_back({name, value.is_string() ? std::string(value.get_string()) : ""});
  }
}

/// Reads the plan of one document; `out` gets the problems.
class PlanReader {
 public:
  PlanReader(const json::object& document, ErrorCollector& out)
      : agent_(core::json_object_at(&document, "agent_config")),
        prompts_(core::json_object_at(&document, "agent_prompts")),
        out_(out) {}

  PostCallPlan read() {
    PostCallPlan plan;
    const json::value* tasks = agent_ != nullptr ? agent_->if_contains("tasks") : nullptr;
    if (tasks == nullptr || !tasks->is_array()) return plan;
    const json::array& list = tasks->get_array();
    if (!list.empty())
      conversation_llm_ = list[0].is_object() ? llm_settings_of(list[0].get_object()) : nullptr;
    bool webhook_task = false;
    for (std::size_t i = 1; i < list.size(); ++i) {
      const json::object* task = list[i].if_object();
      if (task == nullptr) continue;
      const json::value* type = task->if_contains("task_type");
      if (type == nullptr || !type->is_string()) continue;  // null: a conversation
      const std::string_view name = type->get_string();
      webhook_task = webhook_task || name == "webhook";
      if (auto step = read_task(*task, i, name)) plan.steps.push_back(std::move(*step));
    }
    if (auto step = agent_webhook(!webhook_task)) plan.steps.push_back(std::move(*step));
    return plan;
  }

 private:
  std::optional<PostCallStep> read_task(const json::object& task, std::size_t index,
                                        std::string_view type) {
    PostCallStep step;
    step.task = static_cast<int>(index + 1);
    step.type = std::string(type);
    step.path = path_index("$.agent_config.tasks", index);
    step.prompt = core::json_string_at(
        core::json_object_at(prompts_, "task_" + std::to_string(step.task)), "system_prompt");
    if (type == "extraction") return extraction(task, std::move(step));
    if (type == "summarization") return summarization(task, std::move(step));
    if (type == "webhook") return webhook(task, std::move(step));
    if (type == "notification") {
      step.kind = StepKind::kUnsupported;
      step.unsupported_reason = std::string(kNotificationReason);
      return step;
    }
    return std::nullopt;  // another conversation: not a follow-up
  }

  /// The task's own LLM settings, else the conversation's; nullptr when there are none.
  const json::object* settings_for(const json::object& task, bool& own) const {
    const json::object* settings = llm_settings_of(task);
    own = settings != nullptr;
    return own ? settings : conversation_llm_;
  }

  bool choose_llm(const json::object& task, PostCallStep& step, const json::object*& settings) {
    bool own = false;
    settings = settings_for(task, own);
    if (settings == nullptr) {
      out_.add(path_key(path_key(step.path, "tools_config"), "llm_agent"),
               "a " + step.type +
                   " task needs an LLM: set tools_config.llm_agent on this task or on the "
                   "conversation task");
      return false;
    }
    step.llm = llm_choice(*settings, own);
    return true;
  }

  std::optional<PostCallStep> extraction(const json::object& task, PostCallStep step) {
    step.kind = StepKind::kExtraction;
    const json::object* settings = nullptr;
    if (!choose_llm(task, step, settings)) return std::nullopt;
    const std::string details = core::json_string_at(settings, "extraction_details");
    step.fields = fields_of_text(step.prompt + "\n" + details);
    add_template_fields(core::json_string_at(settings, "extraction_json"), step.fields);
    step.prompt = joined({step.prompt, details});
    if (step.prompt.empty() && step.fields.empty()) {
      out_.add(step.path,
               "an extraction task needs to know what to extract: set agent_prompts.task_" +
                   std::to_string(step.task) +
                   ".system_prompt or tools_config.llm_agent.llm_config."
                   "extraction_details");
      return std::nullopt;
    }
    return step;
  }

  std::optional<PostCallStep> summarization(const json::object& task, PostCallStep step) {
    step.kind = StepKind::kSummarization;
    const json::object* settings = nullptr;
    if (!choose_llm(task, step, settings)) return std::nullopt;
    step.prompt = joined({step.prompt, core::json_string_at(settings, "summarization_details")});
    return step;
  }

  /// Checks a URL found at `path`; false (with an error) when it cannot be a webhook target.
  bool check_url(const std::string& url, const std::string& path) {
    std::string problem = http_url_problem(url);
    if (problem.empty()) return true;
    out_.add(path, std::move(problem));
    return false;
  }

  std::optional<PostCallStep> webhook(const json::object& task, PostCallStep step) {
    step.kind = StepKind::kWebhook;
    const std::string tools_path = path_key(path_key(step.path, "tools_config"), "api_tools");
    const json::object* api_tools =
        core::json_object_at(core::json_object_at(&task, "tools_config"), "api_tools");
    const json::object* hook =
        core::json_object_at(core::json_object_at(api_tools, "tools_params"), "webhook");
    const std::pair<std::string, std::string> candidates[] = {
        {core::json_string_at(api_tools, "webhookURL"), path_key(tools_path, "webhookURL")},
        {core::json_string_at(hook, "url"),
         path_key(path_key(path_key(tools_path, "tools_params"), "webhook"), "url")},
        {core::json_string_at(agent_, "webhook_url"), "$.agent_config.webhook_url"},
    };
    for (const auto& [url, path] : candidates) {
      if (url.empty()) continue;
      if (!check_url(url, path)) return std::nullopt;
      step.webhook_url = url;
      return step;
    }
    out_.add(path_key(tools_path, "webhookURL"),
             "a webhook task needs the URL to POST to: set tools_config.api_tools.webhookURL "
             "(or agent_config.webhook_url)");
    return std::nullopt;
  }

  /// agent_config.webhook_url: checked always; a step of its own when no task is a webhook.
  std::optional<PostCallStep> agent_webhook(bool add_step) {
    const std::string url = core::json_string_at(agent_, "webhook_url");
    if (url.empty() || !check_url(url, "$.agent_config.webhook_url") || !add_step) {
      return std::nullopt;
    }
    PostCallStep step;
    step.kind = StepKind::kWebhook;
    step.type = "webhook";
    step.path = "$.agent_config.webhook_url";
    step.webhook_url = url;
    return step;
  }

  const json::object* agent_;
  const json::object* prompts_;
  const json::object* conversation_llm_ = nullptr;
  ErrorCollector& out_;
};

}  // namespace

std::string_view step_kind_name(StepKind kind) {
  switch (kind) {
    case StepKind::kExtraction:
      return "extraction";
    case StepKind::kSummarization:
      return "summarization";
    case StepKind::kWebhook:
      return "webhook";
    case StepKind::kUnsupported:
      return "unsupported";
  }
  return "unsupported";
}

PostCallPlan read_post_call_plan(const json::object& document, ErrorCollector& out) {
  return PlanReader(document, out).read();
}

core::Result<PostCallPlan> parse_post_call_plan(const json::object& document) {
  ErrorCollector out(100);
  PostCallPlan plan = read_post_call_plan(document, out);
  if (!out.empty()) {
    return core::Error::validation("the agent's follow-up tasks are invalid",
                                   std::move(out).take());
  }
  return plan;
}

std::vector<ExtractionField> fields_of_text(std::string_view text) {
  std::vector<ExtractionField> fields;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim(text.substr(start, end - start));
    start = end + 1;
    while (!line.empty() && (line.front() == '-' || line.front() == '*')) {
      line = trim(line.substr(1));  // a list bullet
    }
    std::size_t n = 0;
    while (n < line.size() &&
           (std::isalpha(static_cast<unsigned char>(line[n])) != 0 || line[n] == '_' ||
            (n > 0 && std::isdigit(static_cast<unsigned char>(line[n])) != 0))) {
      ++n;
    }
    if (n == 0 || n > kMaxFieldName) continue;
    std::string_view rest = trim(line.substr(n));
    if (rest.empty() || rest.front() != ':' || rest.starts_with("://")) continue;
    const std::string_view description = trim(rest.substr(1));
    if (description.empty()) continue;  // "Fields:" is a heading
    const std::string name(line.substr(0, n));
    const bool known = std::any_of(fields.begin(), fields.end(),
                                   [&](const ExtractionField& f) { return f.name == name; });
    if (!known) fields.push_back({name, std::string(description)});
  }
  return fields;
}

std::string http_url_problem(std::string_view url) {
  constexpr std::string_view kMust = "must be an http or https URL, e.g. https://example.com/hooks";
  if (url.size() > kMaxUrlBytes) return "must be at most 2048 bytes";
  const auto starts_with_lower = [&](std::string_view prefix) {
    if (url.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(url[i])) != prefix[i]) return false;
    }
    return true;
  };
  std::string_view rest;
  if (starts_with_lower("https://")) {
    rest = url.substr(8);
  } else if (starts_with_lower("http://")) {
    rest = url.substr(7);
  } else {
    return std::string(kMust);
  }
  for (const char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) return "must not contain spaces or control characters";
  }
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) {
    return "must not carry a user name or password; the webhook is signed instead";
  }
  std::string_view host = authority;
  if (host.starts_with('[')) {
    host = host.substr(0, host.find(']') == std::string_view::npos ? 0 : host.find(']') + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  if (host.empty() || host == "[]") return std::string(kMust);
  return {};
}

}  // namespace ovos::agents::tasks
