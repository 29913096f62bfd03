#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace ovos::engine {

using std::chrono::milliseconds;

/// When the caller's turn ends and when the caller may interrupt the agent (Bolna task_config
/// meanings; see agents/agent_validator.h for the defaults).
struct TurnTakingConfig {
  /// Silence after caller speech that ends the caller's turn (transcriber.endpointing).
  milliseconds endpointing{500};
  /// After the caller's turn ended, more caller speech within this window cancels the pending
  /// reply and the two utterances are answered together (task_config.incremental_delay).
  milliseconds incremental_delay{900};
  /// Barge-in needs MORE than this many words (backchannel words not counted); 0: never.
  int words_for_interruption = 1;
  /// Caller speech over the agent for this long pauses the agent's audio at once; the barge-in
  /// is confirmed by the words rule, or the agent resumes.
  milliseconds interruption_min{200};
  /// Words that never count towards an interruption.
  std::vector<std::string> backchannel_words;
  /// How long to wait for the recogniser's final after the turn ended before using the last
  /// interim text.
  milliseconds final_timeout{1500};
  /// Audio kept before a detected speech onset and given to the recogniser with it.
  milliseconds preroll{300};
};

/// Everything a CallSession needs to know about its agent and call, taken from the agent JSON.
struct SessionConfig {
  TurnTakingConfig turn;
  std::string welcome_message;                // spoken as soon as media starts; may be empty
  milliseconds hangup_after_silence{20'000};  // 0: never
  bool check_if_user_online = true;
  milliseconds user_online_after{10'000};
  std::string user_online_message = "Hey, are you still there";
  milliseconds max_duration{90'000};  // call_terminate
  std::string hangup_message;         // said before the agent hangs up; may be empty
  bool dtmf_enabled = false;          // keypad digits (ended by # or a pause) become a turn
  milliseconds dtmf_gap{2000};
  int input_sample_rate = 16000;                 // caller audio as the transport gives it
  int output_sample_rate = 16000;                // agent audio as the transport wants it
  milliseconds playout_lead{100};                // agent audio sent ahead of what is playing
  int output_frame_ms = 20;                      // agent audio per message sent (10 to 100)
  std::map<std::string, std::string> variables;  // fill {name} in messages and prompts
};

/// The built-in English backchannel words ("yeah", "uh-huh", "okay", ...).
[[nodiscard]] const std::vector<std::string>& default_backchannel_words();

/// Builds the session settings of the first (conversation) task of a validated agent document.
/// Transport-specific fields (sample rates, variables) keep their defaults.
[[nodiscard]] core::Result<SessionConfig> session_config_from_agent(
    const boost::json::object& document);

/// Replaces each {name} in `text` with variables[name]; unknown names are left as they are.
[[nodiscard]] std::string fill_variables(std::string_view text,
                                         const std::map<std::string, std::string>& variables);

}  // namespace ovos::engine
