#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "core/clock.h"
#include "store/key_vault.h"
#include "store/store.h"

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
};

}  // namespace ovos::api
