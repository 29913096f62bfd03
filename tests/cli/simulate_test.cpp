// `openvoiceos simulate` as a user runs it: the real binary, real speech (flite recognised by
// pocketsphinx), the scripted LLM, in virtual time.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "agents/demo_agent.h"
#include "audio/resampler.h"
#include "audio/wav.h"
#include "providers/local/flite_synthesizer.h"
#include "support/server_process.h"

namespace ovos::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const fs::path kData = OVOS_CLI_DATA;
const std::string kAgent = (kData / "shop_agent.json").string();
const std::string kScript = (kData / "opening_hours.txt").string();

struct Outcome {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

std::string quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

double rms(std::span<const std::int16_t> samples) {
  double sum = 0;
  for (const auto s : samples)
    sum += static_cast<double>(s) * s;
  return samples.empty() ? 0 : std::sqrt(sum / static_cast<double>(samples.size()));
}

class SimulateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "ovos-cli-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  /// Runs `openvoiceos simulate ARGS` in the temp dir (no stray .env), stdout and stderr apart.
  Outcome simulate(const std::string& args) {
    const fs::path err = dir_ / "stderr.txt";
    const std::string command = "cd " + quote(dir_.string()) + " && " +
                                quote(ServerProcess::binary()) + " simulate " + args + " 2>" +
                                quote(err.string());
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return {};
    Outcome outcome;
    char buf[4096];
    while (const auto n = fread(buf, 1, sizeof buf, pipe))
      outcome.out.append(buf, n);
    const int status = pclose(pipe);
    outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    outcome.err = read_file(err);
    return outcome;
  }

  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }

  fs::path dir_;
};

TEST_F(SimulateTest, ScriptedCallerHearsTheWelcomeAndTheAnswerToItsQuestion) {
  const Outcome r = simulate("--agent " + quote(kAgent) + " --caller " + quote(kScript));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("] agent: Hello, how can I help?\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("] caller: what are your opening hours\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("] agent: We are open from nine to five.\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("] agent: Goodbye and thank you for calling.\n"), std::string::npos)
      << r.out;
  // In order: welcome, question, answer.
  EXPECT_LT(r.out.find("Hello, how"), r.out.find("caller: what are"));
  EXPECT_LT(r.out.find("caller: what are"), r.out.find("We are open"));
  EXPECT_NE(r.out.find("turn  stt_ms  llm_ms  tts_ms  total_ms\n"), std::string::npos);
  EXPECT_NE(r.out.find("hang-up: agent-ended at 00:"), std::string::npos) << r.out;
}

TEST_F(SimulateTest, JsonHasTheTurnsWithTheirLatencies) {
  const Outcome r =
      simulate("--agent " + quote(kAgent) + " --caller " + quote(kScript) + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  boost::system::error_code ec;
  const json::value doc = json::parse(r.out, ec);
  ASSERT_FALSE(ec) << r.out;
  const json::object& o = doc.as_object();
  EXPECT_EQ(o.at("hangup_reason"), "agent-ended");
  EXPECT_EQ(o.at("mode"), "accelerated");
  // The script's last words are at 9.5 s; the goodbye follows.
  EXPECT_GT(o.at("call_ms").to_number<std::int64_t>(), 10000);
  const json::array& turns = o.at("turns").as_array();
  ASSERT_EQ(turns.size(), 3U) << r.out;
  EXPECT_EQ(turns[0].at("kind"), "welcome");
  EXPECT_EQ(turns[0].at("agent_text"), "Hello, how can I help?");
  EXPECT_TRUE(turns[0].at("latency").is_null());
  const json::object& answer = turns[1].as_object();
  EXPECT_EQ(answer.at("user_text"), "what are your opening hours");
  EXPECT_EQ(answer.at("agent_text"), "We are open from nine to five.");
  EXPECT_FALSE(answer.at("interrupted").as_bool());
  const json::object& latency = answer.at("latency").as_object();
  for (const char* stage : {"stt_ms", "llm_ms", "tts_ms", "total_ms"}) {
    ASSERT_TRUE(latency.at(stage).is_int64()) << stage << ": " << r.out;
    EXPECT_GE(latency.at(stage).as_int64(), 0) << stage;
  }
  // Nothing answers before the caller's speech ends plus the endpointing silence (500 ms).
  EXPECT_GE(latency.at("total_ms").as_int64(), 500);
  EXPECT_GT(answer.at("first_audio_out_ms").as_int64(), answer.at("user_speech_end_ms").as_int64());
  const json::array& transcript = o.at("transcript").as_array();
  ASSERT_GE(transcript.size(), 4U);
  EXPECT_EQ(transcript[1].at("speaker"), "caller");
  // The question is at 3 s in the script; the line is stamped when its words were first heard.
  EXPECT_GE(transcript[1].at("at_ms").as_int64(), 3000);
  EXPECT_LT(transcript[1].at("at_ms").as_int64(), 4500);
}

TEST_F(SimulateTest, OutWritesAStereoRecordingOfTheWholeCall) {
  const fs::path out = dir_ / "calls" / "call.wav";
  const Outcome r = simulate("--agent " + quote(kAgent) + " --caller " + quote(kScript) +
                             " --json --out " + quote(out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const json::value doc = json::parse(r.out);
  EXPECT_EQ(doc.at("recording"), json::value(out.string()));
  const auto call_ms = doc.at("call_ms").to_number<std::int64_t>();
  auto wav = audio::read_wav_file(out);
  ASSERT_TRUE(wav.ok()) << wav.error().message;
  EXPECT_EQ(wav->channels, 2);
  EXPECT_EQ(wav->sample_rate, 16000);
  const auto wav_ms = static_cast<std::int64_t>(wav->frames()) * 1000 / 16000;
  EXPECT_NEAR(static_cast<double>(wav_ms), static_cast<double>(call_ms), 500.0);
  std::vector<std::int16_t> left, right;
  for (std::size_t i = 0; i < wav->frames(); ++i) {
    left.push_back(wav->samples[2 * i]);
    right.push_back(wav->samples[2 * i + 1]);
  }
  // The welcome (agent, right) plays from the start while the caller (left) is silent; the
  // caller speaks from 3 s.
  const std::span<const std::int16_t> first_second_left(left.data(), 16000);
  const std::span<const std::int16_t> first_second_right(right.data(), 16000);
  const std::span<const std::int16_t> question_left(left.data() + 3 * 16000, 16000);
  EXPECT_LT(rms(first_second_left), 10.0);
  EXPECT_GT(rms(first_second_right), 300.0);
  EXPECT_GT(rms(question_left), 300.0);
}

TEST_F(SimulateTest, WavCallerAt8kHzIsHeardAndAnswered) {
  auto flite = providers::local::FliteSynthesizer::create("rms");
  ASSERT_TRUE(flite.ok());
  auto speech = flite->synthesize_all("what are your opening hours");
  ASSERT_TRUE(speech.ok());
  auto resampler = audio::Resampler::create(16000, 8000);
  ASSERT_TRUE(resampler.ok());
  std::vector<std::int16_t> pcm(static_cast<std::size_t>(2.5 * 8000), 0);
  const auto narrow = resampler->process(*speech);
  const auto tail = resampler->flush();
  pcm.insert(pcm.end(), narrow.begin(), narrow.end());
  pcm.insert(pcm.end(), tail.begin(), tail.end());
  const fs::path caller = dir_ / "caller.wav";
  ASSERT_TRUE(audio::write_wav_file(caller, pcm, 8000).ok());

  const Outcome r = simulate("--agent " + quote(kAgent) + " --caller " + quote(caller.string()) +
                             " --tail 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const json::value doc = json::parse(r.out);
  EXPECT_EQ(doc.at("hangup_reason"), "caller-hangup");
  const json::array& turns = doc.at("turns").as_array();
  ASSERT_GE(turns.size(), 2U) << r.out;
  EXPECT_EQ(turns[1].at("agent_text"), "We are open from nine to five.") << r.out;
}

TEST_F(SimulateTest, RealtimeRunsTheSameCallOnARealEventLoop) {
  // Short: it takes as long as the call.
  const fs::path script = write("caller.txt", "at 2.6: goodbye\n");
  const Outcome r = simulate("--agent " + quote(kAgent) + " --caller " + quote(script.string()) +
                             " --realtime --json");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const json::value doc = json::parse(r.out);
  EXPECT_EQ(doc.at("mode"), "realtime");
  EXPECT_EQ(doc.at("hangup_reason"), "agent-ended");
  const json::array& turns = doc.at("turns").as_array();
  ASSERT_EQ(turns.size(), 2U) << r.out;
  EXPECT_EQ(turns[1].at("user_text"), "goodbye");
  EXPECT_EQ(turns[1].at("agent_text"), "Goodbye and thank you for calling.");
  EXPECT_TRUE(turns[1].at("latency").at("total_ms").is_int64());
  // Real time: the simulation lasts about as long as the call.
  EXPECT_GE(doc.at("wall_ms").as_int64(), doc.at("call_ms").as_int64());
}

TEST_F(SimulateTest, InvalidAgentExitsWith2AndNamesThePathOfEachError) {
  std::string text = read_file(kAgent);
  const std::string from = R"("endpointing": 500)";
  text.replace(text.find(from), from.size(), R"("endpointing": "soon")");
  const fs::path agent = write("agent.json", text);
  const Outcome r = simulate("--agent " + quote(agent.string()) + " --caller " + quote(kScript));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("$.agent_config.tasks[0].tools_config.transcriber.endpointing"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST_F(SimulateTest, AgentWhoseProvidersCannotRunHereExitsWith2) {
  std::string text = read_file(kAgent);
  const std::string from = R"("provider": "pocketsphinx")";
  text.replace(text.find(from), from.size(), R"("provider": "deepgram")");
  const fs::path agent = write("agent.json", text);
  const Outcome r = simulate("--agent " + quote(agent.string()) + " --caller " + quote(kScript));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("$.agent_config.tasks[0].tools_config.transcriber.provider: 'deepgram' "
                       "cannot run in this build yet; use pocketsphinx"),
            std::string::npos)
      << r.err;
}

TEST_F(SimulateTest, MissingCallerFileExitsWith2) {
  const Outcome r = simulate("--agent " + quote(kAgent) + " --caller nowhere.wav");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("nowhere.wav: no such file"), std::string::npos) << r.err;
}

TEST_F(SimulateTest, BadScriptLineExitsWith2AndNamesTheLine) {
  const fs::path script = write("caller.txt",
                                "# greeting first\n"
                                "at 3: what are your opening hours\n"
                                "\n"
                                "soon: goodbye\n");
  const Outcome r = simulate("--agent " + quote(kAgent) + " --caller " + quote(script.string()));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("caller.txt: line 4: expected `at <seconds>: <words>`"), std::string::npos)
      << r.err;
}

TEST_F(SimulateTest, BadWavExitsWith2) {
  const fs::path caller = write("caller.wav", "RIFF but not really a wave file");
  const Outcome r = simulate("--agent " + quote(kAgent) + " --caller " + quote(caller.string()));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("caller.wav: "), std::string::npos) << r.err;
}

TEST_F(SimulateTest, TheDemoReceptionistRunsOfflineFromGreetingToGoodbye) {
  const fs::path agent = write("demo.json", std::string(agents::demo_agent_json()));
  const fs::path script = write("caller.txt",
                                "at 12: what are your opening hours\n"
                                "at 22: I would like to book an appointment\n"
                                "at 30: wednesday\n"
                                "at 38: talk to a person\n"
                                "at 46: yes please\n"
                                "at 54: goodbye\n");
  const Outcome r = simulate("--agent " + quote(agent.string()) + " --caller " +
                             quote(script.string()) + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const json::value doc = json::parse(r.out);
  EXPECT_EQ(doc.at("hangup_reason"), "agent-ended");
  const json::array& turns = doc.at("turns").as_array();
  ASSERT_EQ(turns.size(), 7U) << r.out;
  const std::vector<std::pair<const char*, const char*>> expected = {
      {"what are your opening hours", "We are open Monday to Friday"},
      {"i would like to book", "Which day suits you best"},
      {"wednesday", "You are booked for Wednesday"},
      {"talk to a person", "Would you like someone to call you back?"},
      {"yes please", "Someone from our team will call you back today."},
      {"goodbye", "Thank you for calling Sunny Dental. Goodbye!"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const json::object& turn = turns[i + 1].as_object();
    EXPECT_NE(std::string(turn.at("user_text").as_string()).find(expected[i].first),
              std::string::npos)
        << turn.at("user_text");
    EXPECT_NE(std::string(turn.at("agent_text").as_string()).find(expected[i].second),
              std::string::npos)
        << turn.at("agent_text");
  }
}

}  // namespace
}  // namespace ovos::testing
