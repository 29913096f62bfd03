#pragma once

#include <string_view>

namespace ovos::agents {

/// The agent document every new user starts with, "Demo receptionist" (demo/demo_receptionist.json,
/// compiled into the binary): a graph agent that runs with no account anywhere - pocketsphinx
/// hears, flite speaks, the local router picks the way and static nodes answer. It greets, offers
/// opening hours, an appointment (then asks for the day), a person (then offers a call back) or
/// goodbye, and hangs up after the goodbye. Its phrases are short words pocketsphinx knows.
[[nodiscard]] std::string_view demo_agent_json();

}  // namespace ovos::agents
