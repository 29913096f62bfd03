#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "store/records.h"

namespace ovos::api {

// JSON views of stored records as the API returns them. Times are RFC 3339 UTC strings with
// milliseconds ("2026-11-23T10:15:30.123Z"). Secrets never appear: password hashes, key
// hashes and ciphertexts are left out.

/// Parses RFC 3339 ("2026-11-23T10:15:30Z", fraction and offset optional) or a Unix-ms integer.
[[nodiscard]] std::optional<std::int64_t> parse_time(std::string_view text);

[[nodiscard]] boost::json::object user_json(const store::User& user);
[[nodiscard]] boost::json::object api_key_json(const store::ApiKey& key);
[[nodiscard]] boost::json::object agent_summary_json(const store::Agent& agent);
/// The summary plus the stored document's agent_config and agent_prompts.
[[nodiscard]] boost::json::object agent_json(const store::Agent& agent);
[[nodiscard]] boost::json::object provider_key_json(const store::ProviderKey& key);
[[nodiscard]] boost::json::object call_json(const store::Call& call);
/// A turn with its raw timestamps and the per-stage latency derived from them.
[[nodiscard]] boost::json::object turn_json(const store::Turn& turn);

}  // namespace ovos::api
