// Reads the session settings of an agent document (validated by agents::validate_agent).
#include "engine/session_config.h"

#include <boost/json/value.hpp>
#include <cctype>

#include "agents/agent_validator.h"
#include "agents/localized_text.h"
#include "core/json_read.h"

namespace ovos::engine {

namespace json = boost::json;

namespace {
std::int64_t integer_or(const json::object& o, std::string_view key, std::int64_t fallback) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return fallback;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->get_uint64());
  if (v->is_double()) return static_cast<std::int64_t>(v->get_double());
  if (v->is_string()) {  // Bolna's hosted examples write some numbers as strings ("8000")
    try {
      return std::stoll(std::string(v->get_string()));
    } catch (const std::exception&) {
      return fallback;
    }
  }
  return fallback;
}

bool bool_or(const json::object& o, std::string_view key, bool fallback) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_bool() ? v->get_bool() : fallback;
}

}  // namespace

const std::vector<std::string>& default_backchannel_words() {
  static const std::vector<std::string> words = {
      "yeah", "yea", "yep",   "yes",  "uh-huh", "uh",      "huh", "um",   "umm",
      "hm",   "hmm", "mhm",   "mm",   "mmm",    "mm-hmm",  "ah",  "aha",  "oh",
      "okay", "ok",  "right", "sure", "cool",   "alright", "wow", "nice",
  };
  return words;
}

core::Result<SessionConfig> session_config_from_agent(const json::object& document) {
  const json::object* agent = core::json_object_at(document, "agent_config");
  if (agent == nullptr) return core::Error::invalid("agent has no agent_config");
  const json::value* tasks = agent->if_contains("tasks");
  if (tasks == nullptr || !tasks->is_array() || tasks->get_array().empty() ||
      !tasks->get_array()[0].is_object()) {
    return core::Error::invalid("agent has no conversation task");
  }
  const json::object& task = tasks->get_array()[0].get_object();
  json::object given_task_config;
  if (const json::object* tc = core::json_object_at(task, "task_config")) given_task_config = *tc;
  const json::object tc = agents::effective_task_config(given_task_config);
  json::object transcriber;
  if (const json::object* tools = core::json_object_at(task, "tools_config")) {
    if (const json::object* t = core::json_object_at(*tools, "transcriber")) transcriber = *t;
  }
  const json::object tr = agents::effective_transcriber_config(transcriber);

  SessionConfig config;
  config.turn.endpointing =
      milliseconds(std::max<std::int64_t>(integer_or(tr, "endpointing", 500), 100));
  config.turn.incremental_delay = milliseconds(integer_or(tc, "incremental_delay", 900));
  config.turn.words_for_interruption =
      static_cast<int>(integer_or(tc, "number_of_words_for_interruption", 1));
  config.turn.interruption_min = milliseconds(integer_or(tc, "interruption_min_ms", 200));
  config.turn.backchannel_words = default_backchannel_words();
  if (const json::value* words = tc.if_contains("backchannel_words");
      words != nullptr && words->is_array()) {
    config.turn.backchannel_words.clear();
    for (const json::value& w : words->get_array()) {
      if (!w.is_string()) continue;
      std::string word(w.get_string());
      for (char& c : word)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      config.turn.backchannel_words.push_back(std::move(word));
    }
  }
  if (const json::value* w = agent->if_contains("agent_welcome_message");
      w != nullptr && w->is_string()) {
    config.welcome_message = std::string(w->get_string());
  }
  config.hangup_after_silence = milliseconds(integer_or(tc, "hangup_after_silence", 20) * 1000);
  config.check_if_user_online = bool_or(tc, "check_if_user_online", true);
  config.user_online_after =
      milliseconds(integer_or(tc, "trigger_user_online_message_after", 10) * 1000);
  config.user_online_message = agents::localized_text(tc.if_contains("check_user_online_message"),
                                                      "", config.user_online_message);
  config.max_duration = milliseconds(integer_or(tc, "call_terminate", 90) * 1000);
  config.hangup_message = agents::localized_text(tc.if_contains("call_hangup_message"), "");
  config.dtmf_enabled = bool_or(tc, "dtmf_enabled", false);
  return config;
}

std::string fill_variables(std::string_view text,
                           const std::map<std::string, std::string>& variables) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      const std::size_t close = text.find('}', i + 1);
      if (close != std::string_view::npos) {
        const std::string name(text.substr(i + 1, close - i - 1));
        if (auto it = variables.find(name); it != variables.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

}  // namespace ovos::engine
