#pragma once

#include <boost/json/array.hpp>
#include <cstddef>
#include <string>
#include <vector>

#include "store/records.h"

namespace ovos::agents::tasks {

/// A call's words as a post-call LLM reads them: one "Caller: ..." or "Agent: ..." line per
/// utterance, in turn order, empty ones left out ("(nothing was said)" when all are). Longer
/// than `max_bytes`, it is cut at a line boundary and says so. Stateless.
[[nodiscard]] std::string transcript_text(const std::vector<store::Turn>& turns,
                                          std::size_t max_bytes = std::size_t{96} << 10);

/// The turns as the webhook sends them: [{"turn": index, "user": text, "agent": text}].
[[nodiscard]] boost::json::array transcript_json(const std::vector<store::Turn>& turns);

}  // namespace ovos::agents::tasks
