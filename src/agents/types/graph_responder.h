#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "agents/responder.h"
#include "agents/tools/tool_runner.h"
#include "agents/types/graph_agent.h"
#include "agents/types/llm_responder.h"

namespace ovos::agents {

/// Makes the runner of the tools offered at one node (null: none but end_call).
using NodeToolRunnerFactory = std::function<std::shared_ptr<tools::ToolRunner>(
    std::shared_ptr<const std::vector<tools::ToolSpec>>)>;

/// What a GraphResponder uses besides its graph. The providers must outlive it.
struct GraphResponderOptions {
  providers::LlmProvider* llm = nullptr;  // speaks llm nodes; may be null when there are none
  providers::ChatRequest request_template;
  providers::LlmProvider* routing_llm = nullptr;  // decides llm edges; null: the local router
  providers::ChatRequest routing_template;
  std::map<std::string, std::string> variables;               // the call's, added to context_data
  std::shared_ptr<const std::vector<tools::ToolSpec>> tools;  // api_tools, with end_call
  NodeToolRunnerFactory make_tool_runner;
};

/// Bolna's graph_agent: the conversation moves through nodes along edges.
///
/// Each caller turn starts at the current node and takes at most one edge: an expression edge
/// whose expression holds (by priority), else an llm edge chosen by the routing LLM (one
/// function per edge; what it collects joins the context) or, with no routing LLM, by the local
/// router (LocalRouter over the edges' examples and conditions), else the catch-all
/// unconditional edge (by priority), else it stays. Router nodes it lands on are left at once
/// the same way (at most kMaxSteps of them). The node it lands on answers: a static node says
/// its static_message ({variables} filled), prefixed by kNotUnderstood when the caller was not
/// understood there; an llm node answers through an LlmResponder with agent_information and its
/// prompt, offered the api_tools whose scope includes it. A static node with no edges is
/// terminal: after its message the call ends. An llm node with no edges keeps talking (its LLM
/// may call end_call). Each node entered is reported as a kRoute event before the answer (the
/// node answering last; a turn that stays reports the current node).
///
/// The graph moves when a reply lands. A reply asked for the same history position as the
/// previous one (the engine merged the caller's next words into it and asked again) starts from
/// where that one started. One per call; used on the call's executor only.
class GraphResponder final : public Responder {
 public:
  static constexpr int kMaxSteps = 16;
  static constexpr std::string_view kNotUnderstood = "Sorry, I didn't catch that.";

  GraphResponder(std::shared_ptr<const GraphAgent> graph, GraphResponderOptions options);
  ~GraphResponder() override;

  [[nodiscard]] std::unique_ptr<ReplyInFlight> reply(
      const std::vector<providers::ChatMessage>& history, core::Executor& executor,
      ReplyHandler on_event) override;
  /// The examples reachable from the current node (graph_walk.h reachable_examples); at an llm
  /// node, added to its script's phrases when the LLM is scripted, and none when it is not.
  [[nodiscard]] std::vector<std::string> expected_replies() const override;
  /// Takes the current node's event edge named `event` (by priority) and any routers after it
  /// (expression and catch-all edges only: there are no words to route on). Returns the
  /// static message of the node it lands on, or "" (an llm node answers on the next turn, or
  /// no edge matched). The nodes entered are reported with the next reply's kRoute events.
  std::string on_call_event(std::string_view event) override;

  [[nodiscard]] const std::string& current_node() const { return position_.node->id; }
  [[nodiscard]] const boost::json::object& context() const { return position_.context; }

 private:
  friend class GraphReply;

  /// Where the call is in the graph.
  struct Position {
    const GraphNode* node = nullptr;
    std::size_t entered_at = 0;        // history size when the node was entered
    boost::json::object context;       // context_data + variables + collected parameters
    std::vector<std::string> pending;  // nodes entered through events, not yet reported
  };

  /// A reply landed on `node` (`moved`: along at least one edge) with the history at
  /// `history_size` messages: it becomes the current node and `collected` joins the context.
  void land(const GraphNode& node, bool moved, const boost::json::object& collected,
            std::size_t history_size);
  /// agent_information and the node's prompt, {variables} filled from the context.
  [[nodiscard]] std::string node_prompt(const GraphNode& node) const;
  LlmResponder& node_llm(const GraphNode& node);

  std::shared_ptr<const GraphAgent> graph_;
  GraphResponderOptions options_;
  Position position_;
  Position before_last_reply_;
  std::size_t last_reply_history_ = static_cast<std::size_t>(-1);
  std::map<std::string, std::unique_ptr<LlmResponder>, std::less<>> node_llms_;
};

}  // namespace ovos::agents
