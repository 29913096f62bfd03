#pragma once

// Helpers of the graph agent tests: graphs from JSON text, one caller turn run to its end.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <memory>
#include <string>
#include <vector>

#include "agents/demo_agent.h"
#include "agents/types/graph_agent.h"
#include "agents/types/graph_responder.h"
#include "core/clock.h"
#include "core/executor.h"

namespace ovos::agents::testing {

/// A graph read from llm_config JSON text; fails the test when it does not parse.
inline std::shared_ptr<const GraphAgent> graph_from(std::string_view llm_config) {
  const boost::json::value config = boost::json::parse(llm_config);
  auto graph = parse_graph_agent(config.as_object(), "en", "$.llm_config");
  EXPECT_TRUE(graph.ok()) << (graph.ok() ? "" : graph.error().message);
  if (!graph.ok()) return nullptr;
  return std::make_shared<const GraphAgent>(std::move(graph).value());
}

/// The demo receptionist's llm_config.
inline const boost::json::object& demo_llm_config() {
  static const boost::json::value document = boost::json::parse(demo_agent_json());
  return document.at("agent_config")
      .at("tasks")
      .at(0)
      .at("tools_config")
      .at("llm_agent")
      .at("llm_config")
      .as_object();
}

/// The demo receptionist's graph.
inline std::shared_ptr<const GraphAgent> demo_graph() {
  auto graph = parse_graph_agent(demo_llm_config(), "en", "$");
  EXPECT_TRUE(graph.ok());
  return std::make_shared<const GraphAgent>(std::move(graph).value());
}

/// What one reply reported.
struct ReplyLog {
  std::vector<std::string> route;
  std::string text;
  bool end_call = false;
  bool done = false;
  bool error = false;
  std::string error_message;
  std::vector<ReplyEvent> events;
};

/// Drives replies of a Responder on a ManualExecutor and keeps the conversation.
class Conversation {
 public:
  explicit Conversation(Responder& responder) : responder_(responder) {}

  /// The caller says `text`; runs the reply to its end (or until nothing is left to run) and
  /// adds the answer to the history.
  ReplyLog say(const std::string& text) {
    history.push_back({providers::ChatMessage::Role::kUser, text, {}, {}});
    ReplyLog log;
    auto reply = start(log);
    EXPECT_TRUE(log.events.empty()) << "an event arrived inside reply()";
    executor.run_ready();
    if (!log.text.empty()) {
      history.push_back({providers::ChatMessage::Role::kAssistant, log.text, {}, {}});
    }
    return log;
  }

  /// Starts a reply to the current history and returns it without running anything.
  std::unique_ptr<ReplyInFlight> start(ReplyLog& log) {
    return responder_.reply(history, executor, [&log](ReplyEvent e) {
      log.events.push_back(e);
      switch (e.kind) {
        case ReplyEvent::Kind::kRoute:
          log.route.push_back(e.text);
          break;
        case ReplyEvent::Kind::kText:
          log.text += e.text;
          break;
        case ReplyEvent::Kind::kEndCall:
          log.end_call = true;
          break;
        case ReplyEvent::Kind::kDone:
          log.done = true;
          break;
        case ReplyEvent::Kind::kError:
          log.error = true;
          log.error_message = e.error.message;
          break;
        default:
          break;
      }
    });
  }

  core::ManualClock clock;
  core::ManualExecutor executor{clock};
  std::vector<providers::ChatMessage> history;

 private:
  Responder& responder_;
};

}  // namespace ovos::agents::testing
