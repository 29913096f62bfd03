#pragma once

// One reply of a GraphResponder in flight (internal to graph_responder.cpp).

#include <boost/json/object.hpp>
#include <memory>
#include <string>
#include <vector>

#include "agents/types/graph_responder.h"

namespace ovos::agents {

/// Walks the graph for one caller turn, then answers from the node it lands on. Created and
/// destroyed on the call's executor; everything it does runs there, after reply() returned (it
/// starts with a posted task). Destroying or cancelling it stops the routing LLM or the node's
/// answer; no event arrives afterwards. Must not outlive its GraphResponder.
class GraphReply final : public ReplyInFlight {
 public:
  GraphReply(GraphResponder& owner, std::vector<providers::ChatMessage> history,
             core::Executor& executor, ReplyHandler on_event);
  ~GraphReply() override;

  void start();
  void cancel() override;

 private:
  void advance();
  bool take(const GraphEdge& edge, const boost::json::object& arguments);
  void ask_router(std::vector<const GraphEdge*> edges);
  void on_routed(core::Result<std::vector<providers::ToolCall>> calls);
  void answer(bool not_understood);
  void say_static(bool not_understood);
  void forward(ReplyEvent event);
  void emit(ReplyEvent event);
  void finish(ReplyEvent event);
  void fail(std::string message);

  GraphResponder& owner_;
  const GraphAgent& graph_;
  std::vector<providers::ChatMessage> history_;
  std::string utterance_;
  core::Executor& executor_;
  ReplyHandler on_event_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  bool cancelled_ = false;

  const GraphNode* node_;
  boost::json::object context_;    // the call's context with what this walk collected
  boost::json::object collected_;  // parameters the routing LLM collected on this walk
  std::vector<std::string> path_;  // nodes entered on this walk
  int routers_passed_ = 0;
  std::vector<const GraphEdge*> asked_;  // the llm edges offered to the routing LLM
  std::unique_ptr<providers::LlmCompletion> routing_;
  std::unique_ptr<ReplyInFlight> answer_;
};

}  // namespace ovos::agents
