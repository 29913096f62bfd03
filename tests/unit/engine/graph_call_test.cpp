// Whole calls to the Demo receptionist graph agent: flite speech in, pocketsphinx hearing it in
// the grammar of the current node, the local router choosing the way, the route on every turn.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <future>

#include "agents/demo_agent.h"
#include "agents/types/graph_agent.h"
#include "agents/types/graph_responder.h"
#include "agents/types/route_text.h"
#include "engine/recording/call_log_records.h"
#include "engine/session_config.h"
#include "providers/local/local_stt_provider.h"
#include "providers/local/pocketsphinx_recognizer.h"
#include "session_harness.h"

namespace ovos::engine {
namespace {

using namespace std::chrono_literals;
using testing::speech;
using Route = std::vector<std::string>;

const boost::json::object& demo_document() {
  static const boost::json::value document = boost::json::parse(agents::demo_agent_json());
  return document.as_object();
}

std::shared_ptr<const agents::GraphAgent> demo_graph() {
  const auto& config = demo_document()
                           .at("agent_config")
                           .at("tasks")
                           .at(0)
                           .at("tools_config")
                           .at("llm_agent")
                           .at("llm_config")
                           .as_object();
  auto graph = agents::parse_graph_agent(config, "en", "$");
  EXPECT_TRUE(graph.ok());
  return std::make_shared<const agents::GraphAgent>(std::move(graph).value());
}

SessionConfig demo_config() {
  auto config = session_config_from_agent(demo_document());
  EXPECT_TRUE(config.ok());
  config->input_sample_rate = 16000;
  config->output_sample_rate = 16000;
  return std::move(config).value();
}

/// A call to the demo agent on a manual clock, with pocketsphinx decoding on a one-thread pool:
/// after every 20 ms of audio the pool's work is waited for, so the call runs as it would in
/// real time on any machine.
class DemoCall {
 public:
  explicit DemoCall(providers::SttProvider* stt = nullptr)
      : executor(clock), output(clock), responder(demo_graph(), {}) {
    SessionProviders p;
    p.stt = stt != nullptr ? stt : &pocketsphinx;
    p.stt_options.language = "en";
    p.tts = &tts;
    p.responder = &responder;
    auto created = CallSession::create(executor, demo_config(), p, output, &recorder);
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    if (created.ok()) session = std::move(created).value();
  }
  ~DemoCall() {
    session.reset();
    settle();
  }

  /// Runs pool work and the events it posts until neither has anything left.
  void settle() {
    for (;;) {
      std::promise<void> barrier;
      EXPECT_TRUE(compute.submit([&barrier] { barrier.set_value(); }));
      barrier.get_future().wait();
      if (executor.run_ready() == 0 && compute.queued() == 0) return;
    }
  }
  void feed(const std::vector<std::int16_t>& samples) {
    for (std::size_t at = 0; at < samples.size(); at += 320) {
      const std::size_t n = std::min<std::size_t>(320, samples.size() - at);
      session->on_caller_audio(std::span(samples).subspan(at, n));
      settle();
      executor.advance(20ms);
      settle();
    }
  }
  void silence(int ms) { feed(std::vector<std::int16_t>(static_cast<std::size_t>(ms) * 16, 0)); }
  /// Waits (in silence) until the agent has finished saying turn `turn`.
  bool wait_for_agent(int turn) {
    for (int i = 0; i < 1500; ++i) {
      for (const auto& t : output.all<TranscriptFrame>()) {
        if (t.speaker == Speaker::kAgent && t.final && t.turn == turn) return true;
      }
      if (session->ended()) return false;
      silence(20);
    }
    return false;
  }
  /// The caller says `text` after the agent finished turn `turn - 1`; waits for the answer.
  void answer(int turn, const std::string& text) {
    ASSERT_TRUE(wait_for_agent(turn - 1));
    silence(300);
    feed(speech(text));
    ASSERT_TRUE(wait_for_agent(turn)) << "no answer to: " << text;
  }

  core::ComputePool compute{1, 256};
  providers::local::LocalSttProvider pocketsphinx{compute, {}, 1};
  core::ManualClock clock;
  core::ManualExecutor executor;
  testing::RecordingOutput output;
  testing::MemoryRecorder recorder;
  providers::testing::FakeTtsProvider tts;
  agents::GraphResponder responder;
  std::unique_ptr<CallSession> session;
};

TEST(GraphCallTest, TheDemoReceptionistAnswersAPhoneCallEndToEnd) {
  DemoCall call;
  ASSERT_TRUE(call.session);
  call.session->start();
  call.settle();

  call.answer(1, "What are your opening hours?");
  auto& turns = call.recorder.turns;
  EXPECT_EQ(turns[1].user_text, "what are your opening hours");
  EXPECT_NE(turns[1].agent_text.find("Monday to Friday"), std::string::npos);
  EXPECT_EQ(turns[1].nodes, Route{"hours"});

  call.answer(2, "I would like to book an appointment.");
  EXPECT_EQ(turns[2].nodes, (Route{"main_menu", "booking"}));
  EXPECT_NE(turns[2].agent_text.find("Which day"), std::string::npos);

  call.answer(3, "Friday, please.");
  EXPECT_EQ(turns[3].user_text, "friday please");
  EXPECT_EQ(turns[3].nodes, Route{"booked_friday"});
  EXPECT_NE(turns[3].agent_text.find("booked for Friday"), std::string::npos);

  call.answer(4, "Talk to a person.");
  EXPECT_EQ(turns[4].nodes, (Route{"main_menu", "person"}));
  call.answer(5, "Yes please.");
  EXPECT_EQ(turns[5].nodes, Route{"callback"});

  call.answer(6, "Goodbye.");
  EXPECT_EQ(turns[6].nodes, (Route{"main_menu", "goodbye"}));
  EXPECT_EQ(turns[6].agent_text, "Thank you for calling Sunny Dental. Goodbye!");
  call.silence(500);
  EXPECT_TRUE(call.session->ended());
  EXPECT_EQ(call.session->hangup_reason(), "agent-ended");
  const auto metadata = boost::json::parse(turn_metadata_json(turns[6])).as_object();
  EXPECT_EQ(metadata.at("node"), "goodbye");
  EXPECT_EQ(metadata.at("route").as_array().size(), 2u);
}

TEST(GraphCallTest, TheRecogniserGetsTheNewNodesPhrasesAsSoonAsTheReplyIsReady) {
  // The caller may answer "Which day?" before it has been heard to the end.
  providers::testing::FakeSttProvider stt;
  stt.script("book an appointment");
  DemoCall call(&stt);
  call.session->start();
  call.settle();
  const auto expects = [&stt](const std::string& phrase) {
    const auto& phrases = stt.stats().expected_phrases;
    return std::find(phrases.begin(), phrases.end(), phrase) != phrases.end();
  };
  EXPECT_TRUE(expects("opening hours"));
  EXPECT_FALSE(expects("monday"));
  ASSERT_TRUE(call.wait_for_agent(0));
  call.feed(speech("book an appointment"));
  for (int i = 0; i < 200 && !call.recorder.turns.contains(1); ++i)
    call.silence(20);
  for (int i = 0; i < 200 && call.recorder.turns[1].nodes.empty(); ++i)
    call.silence(20);
  ASSERT_EQ(call.recorder.turns[1].nodes, Route{"booking"});
  bool heard_to_the_end = false;
  for (const auto& t : call.output.all<TranscriptFrame>()) {
    heard_to_the_end |= t.speaker == Speaker::kAgent && t.final && t.turn == 1;
  }
  EXPECT_FALSE(heard_to_the_end);  // "Which day suits you best..." is still playing
  EXPECT_TRUE(expects("monday"));
  EXPECT_TRUE(expects("goodbye"));  // main_menu is reached through booking's catch-all
}

TEST(GraphCallTest, PocketsphinxKnowsEveryWordTheDemoExpects) {
  auto recognizer = providers::local::PocketsphinxRecognizer::create();
  ASSERT_TRUE(recognizer.ok()) << recognizer.error().message;
  const auto graph = demo_graph();
  for (const agents::GraphNode& node : graph->nodes) {
    for (const agents::GraphEdge& edge : node.edges) {
      for (const std::string& example : edge.examples) {
        for (const auto& word : agents::route_text::words(example)) {
          EXPECT_TRUE(recognizer->knows_word(word.text)) << word.text << " in " << example;
        }
      }
    }
  }
}

}  // namespace
}  // namespace ovos::engine
