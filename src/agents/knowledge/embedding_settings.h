#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "net/http_types.h"

namespace ovos::agents::knowledge {

/// Which embeddings model a knowledge base uses: an OpenAI-protocol provider of the catalogue
/// (openai, azure-openai, or an OpenAI-compatible server such as ollama, vllm, custom), the
/// model (on Azure: the deployment, unless the stored key names one) and an optional base URL
/// used when the user's stored key carries none. Plain data.
struct EmbeddingSettings {
  std::string provider;
  std::string model;
  std::string base_url;  // empty: the key's, else the provider's default

  /// {"provider","model"} and "base_url" when set: the stored and returned form.
  [[nodiscard]] boost::json::object to_json() const;
};

/// Reads and checks the settings object at JSON path `path` ("$.embedding"): provider must be
/// a catalogue name that speaks the OpenAI embeddings protocol, model a non-empty string of at
/// most 200 characters, base_url an http(s) URL; other keys are refused. kValidation listing
/// every problem.
[[nodiscard]] core::Result<EmbeddingSettings> parse_embedding_settings(
    const boost::json::object& object, std::string_view path);

/// The settings as stored (embedding_json); nullopt for empty text. kInternal when the stored
/// text is not valid settings.
[[nodiscard]] core::Result<std::optional<EmbeddingSettings>> stored_embedding_settings(
    std::string_view json);

/// Where one embeddings request goes, with its authentication. Holds the API key: never log it
/// (only `provider` and `model`).
struct EmbeddingsTarget {
  std::string provider;
  std::string model;
  std::string url;
  std::vector<net::HttpHeader> headers;
};

/// The target for `settings` with the user's stored credentials for its provider (field ->
/// value; empty when none is stored). A provider that needs a key the credentials lack is a
/// kValidation error saying to store one.
[[nodiscard]] core::Result<EmbeddingsTarget> resolve_embeddings_target(
    const EmbeddingSettings& settings, std::map<std::string, std::string> credentials);

}  // namespace ovos::agents::knowledge
