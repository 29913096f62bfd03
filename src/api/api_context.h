#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "core/clock.h"
#include "store/key_vault.h"
#include "store/store.h"

namespace ovos::cluster {
class ClusterNode;
}
namespace ovos::agents::knowledge {
class KnowledgeService;
}
namespace ovos::engine {
class CallRecorder;
}
namespace ovos::net {
class HttpClient;
}
namespace ovos::providers {
class ProviderRegistry;
}
namespace ovos::agents::tasks {
class PostCallRunner;
}

namespace ovos::api {

class UsedTokens;
class CallEvents;

/// Phone calls: where carriers reach this server and the carriers' REST APIs.
struct TelephonyConfig {
  /// Base of every URL given to a carrier (webhooks, media WebSockets), without a trailing
  /// '/': OVOS_PUBLIC_BASE_URL, else http://<host>:<port>. Carriers sign requests to it.
  std::string public_base_url;
  unsigned max_calls_per_user = 20;
  std::string twilio_api_url = "https://api.twilio.com";
  std::string plivo_api_url = "https://api.plivo.com";
  std::string exotel_api_url;  // empty: https://<subdomain> of the account's key
};

/// Settings the API layer needs, taken from core::Settings by the app.
struct ApiConfig {
  std::string jwt_secret;
  std::string jwt_issuer = "openvoiceos";
  std::int64_t jwt_ttl_seconds = 3600;
  bool allow_registration = true;
  int login_max_failures = 5;
  std::int64_t login_window_seconds = 900;
  /// Where call recordings are (<dir>/<user_id>/<call_id>.wav); empty: none are served.
  std::filesystem::path recordings_dir;
  TelephonyConfig telephony;
  /// all | api (no call media) | engine (call media only): OVOS_ROLE.
  std::string role = "all";
};

/// What live calls need besides the store: the provider implementations and where a call's
/// log goes. Owned by the app; thread-safe.
struct CallRuntime {
  const providers::ProviderRegistry& providers;
  /// Makes the recorder of a call once its socket is up and the audio formats are known: it
  /// inserts the call record, then writes the turns, outcome and audio. May return nullptr
  /// (nothing recorded).
  std::function<std::unique_ptr<engine::CallRecorder>(const store::Call& call, int input_rate,
                                                      int output_rate)>
      make_recorder;
  /// Runs agents' HTTP tools (on the vendor I/O loop); null: tools fail, told to the model.
  net::HttpClient* tool_http = nullptr;
  /// Carriers' REST APIs (placing, hanging up and transferring calls); null: phone calls are
  /// not placed from here.
  net::HttpClient* carrier_http = nullptr;
};

/// What every route handler may use. The referenced objects are owned by the app and outlive
/// the API; all are thread-safe.
struct ApiContext {
  store::Store& store;
  const store::KeyVault& vault;
  const core::Clock& clock;
  ApiConfig config;
  CallRuntime* calls = nullptr;  // null: live calls are not served (tests of the REST API)
  /// Runs calls' follow-up tasks; null: re-runs are refused (503).
  agents::tasks::PostCallRunner* post_call = nullptr;
  /// Knowledge bases (documents, search, embeddings); null: the Api makes its own.
  agents::knowledge::KnowledgeService* knowledge = nullptr;
  /// Where single-use tokens are remembered once used (Redis when several nodes share the
  /// work); null: this process remembers them.
  UsedTokens* used_tokens = nullptr;
  /// Live call events for dashboards (GET /v1/events); null: not served.
  CallEvents* events = nullptr;
  /// This node among several sharing Redis: live phone calls per user are counted there, and
  /// calls are placed only while an engine node takes them; null: one node, counted in the
  /// database.
  cluster::ClusterNode* cluster = nullptr;
};

}  // namespace ovos::api
