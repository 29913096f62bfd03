#include "agents/types/graph_responder.h"

#include <algorithm>
#include <cassert>

#include "agents/types/graph_reply.h"
#include "agents/types/graph_variables.h"
#include "agents/types/graph_walk.h"
#include "core/logging.h"
#include "providers/scripted/scripted_llm.h"

namespace ovos::agents {

namespace json = boost::json;

namespace {

constexpr std::size_t kNoReply = static_cast<std::size_t>(-1);

}  // namespace

GraphResponder::GraphResponder(std::shared_ptr<const GraphAgent> graph,
                               GraphResponderOptions options)
    : graph_(std::move(graph)), options_(std::move(options)) {
  position_.node = graph_->find(graph_->start);
  assert(position_.node != nullptr && "parse_graph_agent checks current_node_id");
  position_.context = call_context(graph_->context, options_.variables);
}

GraphResponder::~GraphResponder() = default;

std::unique_ptr<ReplyInFlight> GraphResponder::reply(
    const std::vector<providers::ChatMessage>& history, core::Executor& executor,
    ReplyHandler on_event) {
  if (history.size() == last_reply_history_) {
    position_ = before_last_reply_;  // the same turn asked again with more words
  } else {
    before_last_reply_ = position_;
    last_reply_history_ = history.size();
  }
  auto reply = std::make_unique<GraphReply>(*this, history, executor, std::move(on_event));
  reply->start();
  return reply;
}

void GraphResponder::land(const GraphNode& node, bool moved, const json::object& collected,
                          std::size_t history_size) {
  if (moved) {
    position_.node = &node;
    position_.entered_at = history_size;
  }
  for (const auto& [key, value] : collected)
    position_.context[key] = value;
}

std::string GraphResponder::node_prompt(const GraphNode& node) const {
  std::string prompt = fill_context(graph_->agent_information, position_.context);
  const std::string own = fill_context(node.prompt, position_.context);
  if (!prompt.empty() && !own.empty()) prompt += "\n\n";
  return prompt + own;
}

LlmResponder& GraphResponder::node_llm(const GraphNode& node) {
  auto it = node_llms_.find(node.id);
  if (it != node_llms_.end()) return *it->second;
  std::shared_ptr<tools::ToolRunner> runner;
  if (options_.tools && options_.make_tool_runner) {
    runner = options_.make_tool_runner(std::make_shared<const std::vector<tools::ToolSpec>>(
        tools::tools_at_node(*options_.tools, node.id)));
  }
  const std::string prompt = node_prompt(node);
  std::vector<std::string> expected;
  if (options_.llm->name() == providers::ScriptedLlm::kName) {
    expected = providers::expected_phrases(providers::parse_script(prompt));
  }
  auto llm = std::make_unique<LlmResponder>(*options_.llm, prompt, options_.request_template,
                                            std::move(expected), std::move(runner));
  return *node_llms_.emplace(node.id, std::move(llm)).first->second;
}

std::vector<std::string> GraphResponder::expected_replies() const {
  const GraphNode& node = *position_.node;
  auto examples = reachable_examples(*graph_, node);
  if (!examples) return {};
  if (node.type != GraphNodeType::kLlm) return std::move(*examples);
  // An llm node converses: only a scripted one knows what it expects.
  if (options_.llm == nullptr || options_.llm->name() != providers::ScriptedLlm::kName) return {};
  std::vector<std::string> phrases =
      providers::expected_phrases(providers::parse_script(node_prompt(node)));
  if (phrases.empty()) return {};
  for (std::string& example : *examples) {
    if (std::find(phrases.begin(), phrases.end(), example) == phrases.end()) {
      phrases.push_back(std::move(example));
    }
  }
  return phrases;
}

std::string GraphResponder::on_call_event(std::string_view event) {
  const GraphEdge* edge = nullptr;
  for (const GraphEdge* candidate : edges_of(*position_.node, GraphEdgeType::kEvent)) {
    if (candidate->event_name == event) {
      edge = candidate;
      break;
    }
  }
  if (edge == nullptr) return {};
  std::vector<std::string> path;
  const GraphNode* at = graph_->find(edge->to);
  path.push_back(at->id);
  for (int routers = 0; at->type == GraphNodeType::kRouter; ++routers) {
    const GraphEdge* next =
        routers < kMaxSteps ? expression_edge(*graph_, *at, position_.context) : nullptr;
    if (next == nullptr && routers < kMaxSteps) next = unconditional_edge(*at);
    if (next == nullptr) {
      core::log_warn("graph.event_stuck", {{"event", std::string(event)}, {"node", at->id}});
      return {};
    }
    at = graph_->find(next->to);
    path.push_back(at->id);
  }
  position_.node = at;
  position_.entered_at = last_reply_history_ == kNoReply ? 0 : last_reply_history_ + 1;
  position_.pending.insert(position_.pending.end(), path.begin(), path.end());
  last_reply_history_ = kNoReply;  // the next reply is a new turn, not a retry of the last one
  return at->type == GraphNodeType::kStatic ? fill_context(at->static_message, position_.context)
                                            : std::string();
}

}  // namespace ovos::agents
