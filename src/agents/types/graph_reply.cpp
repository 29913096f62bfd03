// One caller turn of a graph agent: route, then answer.
#include "agents/types/graph_reply.h"

#include "agents/types/graph_variables.h"
#include "agents/types/graph_walk.h"
#include "agents/types/llm_router.h"
#include "core/logging.h"

namespace ovos::agents {

namespace json = boost::json;
using Kind = ReplyEvent::Kind;

namespace {

ReplyEvent event_of(Kind kind, std::string text = {}) {
  ReplyEvent e;
  e.kind = kind;
  e.text = std::move(text);
  return e;
}

}  // namespace

GraphReply::GraphReply(GraphResponder& owner, std::vector<providers::ChatMessage> history,
                       core::Executor& executor, ReplyHandler on_event)
    : owner_(owner),
      graph_(*owner.graph_),
      history_(std::move(history)),
      executor_(executor),
      on_event_(std::move(on_event)),
      node_(owner.position_.node),
      context_(owner.position_.context) {
  if (!history_.empty() && history_.back().role == providers::ChatMessage::Role::kUser) {
    utterance_ = history_.back().content;
  }
}

GraphReply::~GraphReply() {
  cancel();
}

void GraphReply::start() {
  executor_.post([this, alive = std::weak_ptr<bool>(alive_)] {
    if (alive.lock()) advance();
  });
}

void GraphReply::cancel() {
  cancelled_ = true;
  alive_.reset();
  routing_.reset();
  answer_.reset();
}

void GraphReply::advance() {
  while (!cancelled_) {
    if (node_->type == GraphNodeType::kRouter && ++routers_passed_ > GraphResponder::kMaxSteps) {
      fail("the graph passed more than " + std::to_string(GraphResponder::kMaxSteps) +
           " router nodes in one turn (at \"" + node_->id + "\")");
      return;
    }
    if (const GraphEdge* edge = expression_edge(graph_, *node_, context_)) {
      if (!take(*edge, {})) return;
      continue;
    }
    std::vector<const GraphEdge*> llm_edges = edges_of(*node_, GraphEdgeType::kLlm);
    if (!llm_edges.empty() && owner_.options_.routing_llm != nullptr && !utterance_.empty()) {
      ask_router(std::move(llm_edges));
      return;
    }
    const GraphEdge* chosen = llm_edges.empty() ? nullptr : local_edge(*node_, utterance_);
    const bool understood = llm_edges.empty() || chosen != nullptr;
    if (chosen == nullptr) chosen = unconditional_edge(*node_);
    if (chosen == nullptr) {
      answer(!understood);
      return;
    }
    if (!take(*chosen, {})) return;
  }
}

// Moves along `edge`; true when the walk goes on (the target is a router), false once the
// target has answered.
bool GraphReply::take(const GraphEdge& edge, const json::object& arguments) {
  for (const auto& [key, value] : arguments) {
    collected_[key] = value;
    context_[key] = value;
  }
  node_ = graph_.find(edge.to);
  path_.push_back(node_->id);
  if (node_->type == GraphNodeType::kRouter) return true;
  answer(false);
  return false;
}

void GraphReply::ask_router(std::vector<const GraphEdge*> edges) {
  asked_ = std::move(edges);
  const bool at_current = path_.empty();
  const std::size_t entered_at =
      at_current ? owner_.position_.entered_at : (history_.empty() ? 0 : history_.size() - 1);
  providers::ChatRequest request = routing_request(graph_, *node_, asked_, history_, entered_at,
                                                   context_, owner_.options_.routing_template);
  routing_ = run_routing(*owner_.options_.routing_llm, std::move(request), executor_,
                         [this](core::Result<std::vector<providers::ToolCall>> calls) {
                           on_routed(std::move(calls));
                         });
}

void GraphReply::on_routed(core::Result<std::vector<providers::ToolCall>> calls) {
  routing_.reset();
  const GraphEdge* chosen = nullptr;
  json::object arguments;
  if (!calls.ok()) {
    // The routing model failed: the examples and conditions still say something.
    core::log_warn("graph.routing_failed", {{"node", node_->id}, {"error", calls.error().message}});
    chosen = local_edge(*node_, utterance_);
  } else {
    LlmRouteChoice choice = read_route_choice(*calls, asked_);
    if (choice.edge) {
      chosen = asked_[*choice.edge];
      arguments = std::move(choice.arguments);
    }
  }
  const bool understood = chosen != nullptr;
  if (chosen == nullptr) chosen = unconditional_edge(*node_);
  if (chosen == nullptr) {
    answer(!understood);
    return;
  }
  if (take(*chosen, arguments)) advance();
}

void GraphReply::answer(bool not_understood) {
  if (node_->type == GraphNodeType::kRouter) {
    fail("router node \"" + node_->id + "\" has no edge to take");
    return;
  }
  if (node_->type == GraphNodeType::kLlm && owner_.options_.llm == nullptr) {
    fail("node \"" + node_->id + "\" speaks with an LLM, but the agent has none");
    return;
  }
  std::vector<std::string> route = std::move(owner_.position_.pending);
  owner_.position_.pending.clear();
  if (path_.empty()) {
    route.push_back(node_->id);
  } else {
    route.insert(route.end(), path_.begin(), path_.end());
  }
  owner_.land(*node_, !path_.empty(), collected_, history_.size());
  for (std::string& id : route)
    emit(event_of(Kind::kRoute, std::move(id)));
  if (cancelled_) return;
  if (node_->type == GraphNodeType::kStatic) {
    say_static(not_understood);
    return;
  }
  LlmResponder& llm = owner_.node_llm(*node_);
  llm.set_system_prompt(owner_.node_prompt(*node_));
  answer_ = llm.reply(history_, executor_, [this](ReplyEvent e) { forward(std::move(e)); });
}

void GraphReply::say_static(bool not_understood) {
  std::string text = fill_context(node_->static_message, owner_.position_.context);
  if (not_understood) text = std::string(GraphResponder::kNotUnderstood) + " " + text;
  emit(event_of(Kind::kText, std::move(text)));
  if (cancelled_) return;
  if (node_->terminal()) emit(event_of(Kind::kEndCall));
  if (cancelled_) return;
  finish(event_of(Kind::kDone));
}

void GraphReply::forward(ReplyEvent event) {
  if (event.kind == Kind::kDone || event.kind == Kind::kError) {
    finish(std::move(event));
  } else {
    emit(std::move(event));
  }
}

void GraphReply::emit(ReplyEvent event) {
  if (!cancelled_) on_event_(std::move(event));
}

// The last event: the handler may destroy this reply, so it runs from a copy and nothing of
// `this` is touched afterwards.
void GraphReply::finish(ReplyEvent event) {
  if (cancelled_) return;
  cancelled_ = true;
  ReplyHandler handler = on_event_;
  handler(std::move(event));
}

void GraphReply::fail(std::string message) {
  core::log_warn("graph.reply_failed", {{"node", node_->id}, {"error", message}});
  ReplyEvent e = event_of(Kind::kError);
  e.error = core::Error::invalid(std::move(message));
  finish(std::move(e));
}

}  // namespace ovos::agents
