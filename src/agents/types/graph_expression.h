#pragma once

// Evaluates the expression edges of graph agents against the call's variables.

#include <boost/json/object.hpp>
#include <map>
#include <string>

#include "agents/types/graph_agent.h"

namespace ovos::agents {

/// Whether `condition` holds for the variables in `context` (see graph_variables.h).
/// `types` (the agent's variable_types: path -> string | number | boolean) converts the variable
/// first, so a call variable "42" compares as the number 42. Without a type, a string compared
/// with a number is read as a number when it is one. Rules:
///   eq, neq          equal JSON values (numbers by value; strings exactly)
///   gt, gte, lt, lte numbers by value, or two strings in byte order; anything else is false
///   in, not_in       the variable equals an element of the value (an array; a string value
///                    is a comma-separated list)
///   contains         a string variable contains the value's text (case-insensitive), or an
///                    array variable has an element equal to the value
///   exists           the variable is present and not null; not_exists the opposite
/// A missing variable fails every comparison except neq, not_in and not_exists.
[[nodiscard]] bool condition_holds(const GraphCondition& condition,
                                   const boost::json::object& context,
                                   const std::map<std::string, std::string>& types);

/// Whether `expression` holds: all of its conditions ("and") or any of them ("or"); an
/// expression without conditions never holds.
[[nodiscard]] bool expression_holds(const GraphExpression& expression,
                                    const boost::json::object& context,
                                    const std::map<std::string, std::string>& types);

}  // namespace ovos::agents
