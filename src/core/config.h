#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ovos::core {

/// One setting the binary understands: its environment name, default and meaning. The table
/// of these is the single source for flags, `.env.sample` and the docs.
struct SettingSpec {
  std::string_view env;  // e.g. "OVOS_PORT"
  std::string_view default_value;
  std::string_view help;
};

[[nodiscard]] std::span<const SettingSpec> setting_specs();

/// Raw settings by environment name, before validation.
using ConfigMap = std::map<std::string, std::string, std::less<>>;

/// Parses `.env` text: KEY=VALUE lines, `export` prefixes, '#' comments, single or double quotes.
/// Returns an error naming the first bad line.
[[nodiscard]] Result<ConfigMap> parse_dotenv(std::string_view text);

/// Validated settings of one process. Built once at start-up; read-only afterwards.
struct Settings {
  std::string host;
  std::uint16_t port = 8000;
  std::string data_dir;
  std::string database_url;  // empty: SQLite at <data_dir>/openvoiceos.db
  std::string ui_dir;
  std::string role = "all";  // all | api | engine (docs/multi-node.md)
  std::string redis_url;     // empty: no Redis (one node)
  std::string node_id;       // empty: <hostname>-<pid>
  unsigned node_ttl_seconds = 15;
  unsigned threads = 0;          // event-loop shards; 0 = one per core
  unsigned worker_threads = 0;   // blocking pool for API handlers; 0 = 2 per core, at least 4
  unsigned compute_threads = 0;  // local speech; 0 = one per core
  unsigned stt_decoders = 2;     // pocketsphinx decoders shared by all calls
  std::string log_level;
  std::string log_format;
  std::string master_key;  // base64 of 32 bytes; empty: <data_dir>/master.key
  std::string jwt_secret;  // empty: <data_dir>/jwt.key
  std::int64_t jwt_ttl_seconds = 3600;
  std::vector<std::string> cors_origins;
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_upload_bytes = 16 << 20;  // knowledge-base documents
  std::size_t max_header_bytes = 16 << 10;
  std::size_t max_connections = 10000;
  double rate_limit_rps = 50;
  double rate_limit_burst = 100;
  bool trust_proxy = false;
  int login_max_failures = 5;
  std::int64_t login_window_seconds = 900;
  bool allow_registration = true;
  std::int64_t request_timeout_seconds = 30;
  std::int64_t shutdown_grace_seconds = 10;
  std::string public_base_url;       // without a trailing '/'
  unsigned max_calls_per_user = 20;  // live phone calls per user
  std::string twilio_api_url;        // carriers' REST APIs
  std::string plivo_api_url;
  std::string exotel_api_url;                   // empty: from the account's subdomain
  unsigned post_call_threads = 2;               // calls' follow-up tasks run at once
  bool webhook_allow_private_networks = false;  // webhooks to loopback/private addresses
  bool tools_allow_private_networks = false;    // agents' HTTP tools to the same
};

/// Merges the sources (later ones win: defaults < .env < environment < flags) and validates.
/// Unknown OVOS_* keys in `.env` or flags are errors, so a typo is never silently ignored.
[[nodiscard]] Result<Settings> load_settings(const ConfigMap& dotenv, const ConfigMap& environment,
                                             const ConfigMap& flags);

/// The process environment restricted to known setting names.
[[nodiscard]] ConfigMap environment_settings();

}  // namespace ovos::core
