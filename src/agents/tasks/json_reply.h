#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "core/result.h"

namespace ovos::agents::tasks {

/// The first complete JSON object in a model's reply, wherever it is: alone, inside a ```json
/// code fence, or with prose around it (a '{' that starts no valid object is passed over).
/// kInvalidArgument when there is none; the message never quotes the reply. Looks at the first
/// 256 KiB and at most 256 candidate '{'. Stateless; safe from any thread.
[[nodiscard]] core::Result<boost::json::object> first_json_object(std::string_view reply);

}  // namespace ovos::agents::tasks
