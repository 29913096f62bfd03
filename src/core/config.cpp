#include "core/config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

namespace ovos::core {
namespace {

constexpr SettingSpec kSpecs[] = {
    {"OVOS_HOST", "127.0.0.1", "Address the HTTP server listens on (0.0.0.0 for all interfaces)."},
    {"OVOS_PORT", "8000", "TCP port of the HTTP server."},
    {"OVOS_DATA_DIR", "./data",
     "Directory for the SQLite database, generated keys and recordings."},
    {"DATABASE_URL", "",
     "Empty: SQLite at <data dir>/openvoiceos.db. Or sqlite:///path/to.db, or "
     "postgresql://user:password@host:port/dbname."},
    {"OVOS_UI_DIR", "./ui/out",
     "Directory of the static dashboard served at /. Missing: not served."},
    {"OVOS_ROLE", "all",
     "What this node serves when several run together (docs/multi-node.md): all, api (the REST "
     "API, webhooks and dashboard; no call media) or engine (call media WebSockets only)."},
    {"OVOS_REDIS_URL", "",
     "redis://[[user]:password@]host[:port][/db] shared by the nodes of one deployment "
     "(docs/multi-node.md). Empty: this node keeps what it needs to itself."},
    {"OVOS_NODE_ID", "",
     "This node's name among several sharing OVOS_REDIS_URL (its heartbeat, the calls it owns). "
     "Empty: <hostname>-<pid>. A node restarted under the same name ends the calls its last run "
     "left at once; under another, the others end them when its heartbeat expires."},
    {"OVOS_NODE_TTL_SECONDS", "15",
     "With OVOS_REDIS_URL: a node not heard from for this long is taken for dead, and its calls "
     "are ended by the others (hangup_reason node-lost). Heartbeats go three times as often."},
    {"OVOS_THREADS", "0", "Event-loop threads (shards). 0: one per CPU core."},
    {"OVOS_WORKER_THREADS", "0",
     "Threads for blocking API work (database, hashing). 0: 2 per core, at least 4."},
    {"OVOS_COMPUTE_THREADS", "0",
     "Threads for local speech recognition and synthesis. 0: one per CPU core."},
    {"OVOS_STT_DECODERS", "2",
     "Local speech recognisers (pocketsphinx, about 100 MB each) shared by callers who are "
     "speaking at the same moment; more callers wait for one."},
    {"OVOS_LOG_LEVEL", "info", "debug, info, warn or error."},
    {"OVOS_LOG_FORMAT", "auto", "json, text, or auto (text on a terminal, JSON otherwise)."},
    {"OVOS_MASTER_KEY", "",
     "Base64 of 32 random bytes that encrypts provider keys at rest. Empty: generated on first run "
     "into <data dir>/master.key (mode 0600). Keep it safe: without it stored keys are lost."},
    {"OVOS_JWT_SECRET", "",
     "Secret that signs access tokens (at least 32 characters). Empty: generated into <data "
     "dir>/jwt.key."},
    {"OVOS_JWT_TTL_SECONDS", "3600", "Lifetime of an access token."},
    {"OVOS_CORS_ORIGINS", "",
     "Comma-separated origins allowed to call the API from a browser, or * for any. Empty: none."},
    {"OVOS_MAX_BODY_BYTES", "1048576", "Largest request body accepted (413 above)."},
    {"OVOS_MAX_UPLOAD_BYTES", "16777216",
     "Largest document upload to a knowledge base accepted from a signed-in user (413 above)."},
    {"OVOS_MAX_HEADER_BYTES", "16384", "Largest request head accepted (431 above)."},
    {"OVOS_MAX_CONNECTIONS", "10000", "Open connections accepted at once; more are refused."},
    {"OVOS_RATE_LIMIT_RPS", "50", "Requests per second allowed per client address. 0: no limit."},
    {"OVOS_RATE_LIMIT_BURST", "100", "Burst of requests a client may make above the rate."},
    {"OVOS_TRUST_PROXY", "false",
     "true: take the client address from X-Forwarded-For (only behind your own reverse proxy)."},
    {"OVOS_LOGIN_MAX_FAILURES", "5", "Failed logins per account and address before a lock-out."},
    {"OVOS_LOGIN_WINDOW_SECONDS", "900",
     "Window in which failed logins are counted, and the lock-out."},
    {"OVOS_ALLOW_REGISTRATION", "true", "false: only `openvoiceos user create` makes users."},
    {"OVOS_REQUEST_TIMEOUT_SECONDS", "30", "Time a client has to send a whole request."},
    {"OVOS_SHUTDOWN_GRACE_SECONDS", "10",
     "On SIGTERM/SIGINT, time given to requests and calls to finish."},
    {"OVOS_PUBLIC_BASE_URL", "",
     "URL at which carriers and browsers reach this server (behind a tunnel or proxy). Empty: "
     "http://<host>:<port>."},
    {"OVOS_MAX_CALLS_PER_USER", "20",
     "Phone calls (queued, ringing or in progress) one user may have at once; more are refused: "
     "429 for a call placed through the API, a busy message for an inbound call."},
    {"OVOS_TWILIO_API_URL", "https://api.twilio.com",
     "Twilio's REST API (a regional edge such as https://api.dublin.ie1.twilio.com)."},
    {"OVOS_PLIVO_API_URL", "https://api.plivo.com", "Plivo's REST API."},
    {"OVOS_EXOTEL_API_URL", "",
     "Exotel's REST API. Empty: https://<subdomain> of the account's provider key "
     "(api.exotel.com by default)."},
    {"OVOS_POST_CALL_THREADS", "2",
     "Calls whose follow-up tasks (extraction, summarization, webhook) run at once; more wait."},
    {"OVOS_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "false",
     "true: agents' webhooks may go to loopback, private and link-local addresses (only when "
     "every user of this server may reach your internal network)."},
    {"OVOS_TOOLS_ALLOW_PRIVATE_NETWORKS", "false",
     "true: agents' HTTP tools may call loopback, private and link-local addresses (only when "
     "every user of this server may reach your internal network)."},
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

bool known(std::string_view key) {
  return std::any_of(std::begin(kSpecs), std::end(kSpecs),
                     [&](const SettingSpec& s) { return s.env == key; });
}

class Reader {
 public:
  explicit Reader(ConfigMap merged) : merged_(std::move(merged)) {}

  std::string text(std::string_view key) const {
    const auto it = merged_.find(key);
    return it == merged_.end() ? std::string() : it->second;
  }

  template <typename T>
  T number(std::string_view key, T min, T max) {
    const std::string raw = text(key);
    T value{};
    const auto* end = raw.data() + raw.size();
    const auto [ptr, ec] = std::from_chars(raw.data(), end, value);
    if (ec != std::errc() || ptr != end || value < min || value > max) {
      errors_.push_back({std::string(key), "must be a number between " + std::to_string(min) +
                                               " and " + std::to_string(max) + ", got '" + raw +
                                               "'"});
    }
    return value;
  }

  bool flag(std::string_view key) {
    std::string raw = text(key);
    std::transform(raw.begin(), raw.end(), raw.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (raw == "true" || raw == "1" || raw == "yes") return true;
    if (raw == "false" || raw == "0" || raw == "no") return false;
    errors_.push_back({std::string(key), "must be true or false, got '" + raw + "'"});
    return false;
  }

  void one_of(std::string_view key, std::initializer_list<std::string_view> allowed) {
    const std::string raw = text(key);
    if (std::find(allowed.begin(), allowed.end(), raw) == allowed.end()) {
      std::string list;
      for (const auto a : allowed)
        list += (list.empty() ? "" : ", ") + std::string(a);
      errors_.push_back({std::string(key), "must be one of " + list + ", got '" + raw + "'"});
    }
  }

  void fail(std::string_view key, std::string message) {
    errors_.push_back({std::string(key), std::move(message)});
  }

  std::vector<FieldError> errors_;

 private:
  ConfigMap merged_;
};

std::vector<std::string> split_list(const std::string& raw) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= raw.size()) {
    const auto comma = raw.find(',', start);
    const auto item = trim(std::string_view(raw).substr(start, comma - start));
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

std::span<const SettingSpec> setting_specs() {
  return kSpecs;
}

Result<ConfigMap> parse_dotenv(std::string_view text) {
  ConfigMap out;
  int line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const auto nl = text.find('\n');
    std::string_view line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("export ")) line = trim(line.substr(7));
    const auto eq = line.find('=');
    const auto key = trim(line.substr(0, eq));
    const bool valid_key = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
    if (eq == std::string_view::npos || !valid_key) {
      return Error::invalid(".env line " + std::to_string(line_no) + ": expected KEY=VALUE");
    }
    std::string_view value = trim(line.substr(eq + 1));
    if (!value.empty() && (value.front() == '"' || value.front() == '\'')) {
      const char quote = value.front();
      const auto close = value.find(quote, 1);
      if (close == std::string_view::npos) {
        return Error::invalid(".env line " + std::to_string(line_no) + ": unterminated quote");
      }
      value = value.substr(1, close - 1);
    } else if (const auto hash = value.find(" #"); hash != std::string_view::npos) {
      value = trim(value.substr(0, hash));
    }
    out[std::string(key)] = std::string(value);
  }
  return out;
}

ConfigMap environment_settings() {
  ConfigMap out;
  for (const auto& spec : kSpecs) {
    if (const char* v = std::getenv(std::string(spec.env).c_str())) out[std::string(spec.env)] = v;
  }
  return out;
}

Result<Settings> load_settings(const ConfigMap& dotenv, const ConfigMap& environment,
                               const ConfigMap& flags) {
  ConfigMap merged;
  for (const auto& spec : kSpecs)
    merged[std::string(spec.env)] = std::string(spec.default_value);
  std::vector<FieldError> unknown;
  for (const auto* source : {&dotenv, &environment, &flags}) {
    for (const auto& [key, value] : *source) {
      if (known(key)) {
        merged[key] = value;
      } else if (source != &environment && key.starts_with("OVOS_")) {
        unknown.push_back({key, "unknown setting"});
      }
    }
  }
  Reader r(std::move(merged));
  r.errors_ = std::move(unknown);
  Settings s;
  s.host = r.text("OVOS_HOST");
  if (s.host.empty()) r.fail("OVOS_HOST", "must not be empty");
  s.port = r.number<std::uint16_t>("OVOS_PORT", 0, 65535);
  s.data_dir = r.text("OVOS_DATA_DIR");
  if (s.data_dir.empty()) r.fail("OVOS_DATA_DIR", "must not be empty");
  s.database_url = r.text("DATABASE_URL");
  if (!s.database_url.empty() && !s.database_url.starts_with("sqlite://") &&
      !s.database_url.starts_with("postgresql://") && !s.database_url.starts_with("postgres://")) {
    r.fail("DATABASE_URL", "must start with sqlite://, postgresql:// or postgres://");
  }
  s.ui_dir = r.text("OVOS_UI_DIR");
  s.threads = r.number<unsigned>("OVOS_THREADS", 0, 256);
  s.worker_threads = r.number<unsigned>("OVOS_WORKER_THREADS", 0, 1024);
  s.compute_threads = r.number<unsigned>("OVOS_COMPUTE_THREADS", 0, 256);
  s.stt_decoders = r.number<unsigned>("OVOS_STT_DECODERS", 1, 64);
  s.log_level = r.text("OVOS_LOG_LEVEL");
  r.one_of("OVOS_LOG_LEVEL", {"debug", "info", "warn", "error"});
  s.log_format = r.text("OVOS_LOG_FORMAT");
  r.one_of("OVOS_LOG_FORMAT", {"auto", "json", "text"});
  s.role = r.text("OVOS_ROLE");
  r.one_of("OVOS_ROLE", {"all", "api", "engine"});
  s.redis_url = r.text("OVOS_REDIS_URL");
  if (!s.redis_url.empty() && !s.redis_url.starts_with("redis://")) {
    r.fail("OVOS_REDIS_URL", "must be a redis:// URL (TLS, rediss://, is not supported)");
  }
  s.node_id = r.text("OVOS_NODE_ID");
  if (s.node_id.size() > 64 ||
      !std::all_of(s.node_id.begin(), s.node_id.end(), [](unsigned char c) {
        return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.';
      })) {
    r.fail("OVOS_NODE_ID", "at most 64 letters, digits, '-', '_' or '.'");
  }
  s.node_ttl_seconds = r.number<unsigned>("OVOS_NODE_TTL_SECONDS", 1, 3600);
  s.master_key = r.text("OVOS_MASTER_KEY");
  s.jwt_secret = r.text("OVOS_JWT_SECRET");
  if (!s.jwt_secret.empty() && s.jwt_secret.size() < 32) {
    r.fail("OVOS_JWT_SECRET", "must be at least 32 characters");
  }
  s.jwt_ttl_seconds = r.number<std::int64_t>("OVOS_JWT_TTL_SECONDS", 60, 30LL * 24 * 3600);
  s.cors_origins = split_list(r.text("OVOS_CORS_ORIGINS"));
  s.max_body_bytes = r.number<std::size_t>("OVOS_MAX_BODY_BYTES", 1024, std::size_t{1} << 30);
  s.max_upload_bytes = r.number<std::size_t>("OVOS_MAX_UPLOAD_BYTES", 1024, std::size_t{1} << 30);
  s.max_header_bytes = r.number<std::size_t>("OVOS_MAX_HEADER_BYTES", 1024, 1 << 20);
  s.max_connections = r.number<std::size_t>("OVOS_MAX_CONNECTIONS", 1, 1'000'000);
  s.rate_limit_rps = r.number<double>("OVOS_RATE_LIMIT_RPS", 0, 1e6);
  s.rate_limit_burst = r.number<double>("OVOS_RATE_LIMIT_BURST", 0, 1e6);
  s.trust_proxy = r.flag("OVOS_TRUST_PROXY");
  s.login_max_failures = r.number<int>("OVOS_LOGIN_MAX_FAILURES", 1, 1000);
  s.login_window_seconds = r.number<std::int64_t>("OVOS_LOGIN_WINDOW_SECONDS", 1, 86400);
  s.allow_registration = r.flag("OVOS_ALLOW_REGISTRATION");
  s.request_timeout_seconds = r.number<std::int64_t>("OVOS_REQUEST_TIMEOUT_SECONDS", 1, 3600);
  s.shutdown_grace_seconds = r.number<std::int64_t>("OVOS_SHUTDOWN_GRACE_SECONDS", 0, 3600);
  s.public_base_url = r.text("OVOS_PUBLIC_BASE_URL");
  while (s.public_base_url.ends_with('/'))
    s.public_base_url.pop_back();
  if (!s.public_base_url.empty() && !s.public_base_url.starts_with("http://") &&
      !s.public_base_url.starts_with("https://")) {
    r.fail("OVOS_PUBLIC_BASE_URL", "must start with http:// or https://");
  }
  s.max_calls_per_user = r.number<unsigned>("OVOS_MAX_CALLS_PER_USER", 1, 1'000'000);
  s.twilio_api_url = r.text("OVOS_TWILIO_API_URL");
  s.plivo_api_url = r.text("OVOS_PLIVO_API_URL");
  s.exotel_api_url = r.text("OVOS_EXOTEL_API_URL");
  s.post_call_threads = r.number<unsigned>("OVOS_POST_CALL_THREADS", 1, 64);
  s.webhook_allow_private_networks = r.flag("OVOS_WEBHOOK_ALLOW_PRIVATE_NETWORKS");
  s.tools_allow_private_networks = r.flag("OVOS_TOOLS_ALLOW_PRIVATE_NETWORKS");
  if (!r.errors_.empty()) return Error::validation("invalid configuration", std::move(r.errors_));
  return s;
}

}  // namespace ovos::core
