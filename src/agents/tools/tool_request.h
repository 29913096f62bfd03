#pragma once

// The HTTP request that runs one tool call.

#include <boost/json/object.hpp>
#include <map>
#include <string>

#include "agents/tools/tool_spec.h"
#include "core/result.h"
#include "net/http_client.h"

namespace ovos::agents::tools {

/// The values a tool's templates may use: the call's variables, overlaid by the model's
/// arguments.
[[nodiscard]] boost::json::object template_values(
    const boost::json::object& arguments, const std::map<std::string, std::string>& variables);

/// Builds the request of `spec` called with `arguments` (the model's JSON object):
/// - the URL's placeholders are filled, percent-encoded;
/// - GET and DELETE put `param` (or, when it is null, the arguments the URL does not use) in
///   the query string;
/// - POST, PUT and PATCH send it as the body: a string template filled with JSON escaping, an
///   object whose string values are templates (a value that is one placeholder keeps the
///   argument's JSON type), or the arguments themselves;
/// - api_token becomes the Authorization header ("Bearer " added when it has no scheme).
/// A placeholder with no value is a kValidation error naming it.
[[nodiscard]] core::Result<net::HttpClientRequest> build_tool_request(
    const ToolSpec& spec, const boost::json::object& arguments,
    const std::map<std::string, std::string>& variables);

}  // namespace ovos::agents::tools
