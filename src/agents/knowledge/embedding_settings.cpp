#include "agents/knowledge/embedding_settings.h"

#include <boost/json/parse.hpp>

#include "core/utf8.h"
#include "providers/llm/openai/openai_endpoint.h"
#include "providers/provider_catalog.h"

namespace ovos::agents::knowledge {
namespace {

namespace json = boost::json;
namespace openai = providers::openai;

// Catalogue names whose embeddings API is OpenAI's.
bool speaks_openai_embeddings(std::string_view name) {
  return providers::find_provider(name) != nullptr &&
         openai::openai_provider_config(name).has_value();
}

std::string joined_names() {
  std::string out;
  for (const auto& info : providers::provider_catalog()) {
    if (!speaks_openai_embeddings(info.name) || info.name == "azure") continue;
    if (!out.empty()) out += ", ";
    out += info.name;
  }
  return out;
}

bool is_http_url(std::string_view url) {
  return (url.starts_with("http://") && url.size() > 7) ||
         (url.starts_with("https://") && url.size() > 8);
}

}  // namespace

json::object EmbeddingSettings::to_json() const {
  json::object out{{"provider", provider}, {"model", model}};
  if (!base_url.empty()) out["base_url"] = base_url;
  return out;
}

core::Result<EmbeddingSettings> parse_embedding_settings(const json::object& object,
                                                         std::string_view path) {
  std::vector<core::FieldError> errors;
  const auto at = [&](std::string_view key) { return std::string(path) + "." + std::string(key); };
  EmbeddingSettings out;
  const auto text = [&](std::string_view key, bool required, std::size_t max) -> std::string {
    const json::value* v = object.if_contains(key);
    if (v == nullptr) {
      if (required) errors.push_back({at(key), "is required"});
      return {};
    }
    if (!v->is_string() || v->get_string().empty()) {
      errors.push_back({at(key), "must be a non-empty string"});
      return {};
    }
    std::string value(v->get_string());
    if (core::utf8_length(value) > max) {
      errors.push_back({at(key), "must be at most " + std::to_string(max) + " characters"});
    }
    return value;
  };
  out.provider = text("provider", true, 100);
  out.model = text("model", true, 200);
  out.base_url = text("base_url", false, 2000);
  if (!out.provider.empty() && !speaks_openai_embeddings(out.provider)) {
    errors.push_back({at("provider"), "'" + core::clip_utf8(out.provider, 100) +
                                          "' has no OpenAI-compatible embeddings API; use one "
                                          "of " +
                                          joined_names()});
  }
  if (!out.base_url.empty() && !is_http_url(out.base_url)) {
    errors.push_back({at("base_url"), "must be an http:// or https:// URL"});
  }
  for (const auto& [key, _] : object) {
    if (key != "provider" && key != "model" && key != "base_url") {
      errors.push_back({at(key), "is not a known field"});
    }
  }
  if (!errors.empty()) {
    return core::Error::validation("the embedding settings are not valid", std::move(errors));
  }
  return out;
}

core::Result<std::optional<EmbeddingSettings>> stored_embedding_settings(std::string_view text) {
  if (text.empty()) return std::optional<EmbeddingSettings>();
  boost::system::error_code ec;
  const json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) {
    return core::Error::internal("stored embedding settings are not a JSON object");
  }
  auto settings = parse_embedding_settings(parsed.get_object(), "$");
  if (!settings.ok()) return core::Error::internal("stored embedding settings are not valid");
  return std::optional<EmbeddingSettings>(std::move(settings).value());
}

core::Result<EmbeddingsTarget> resolve_embeddings_target(
    const EmbeddingSettings& settings, std::map<std::string, std::string> credentials) {
  auto config = openai::openai_provider_config(settings.provider);
  if (!config) {
    return core::Error::validation(
        "embeddings provider '" + settings.provider + "' is not supported",
        {{"$.embedding.provider", "has no OpenAI-compatible embeddings API"}});
  }
  // Like llm_config.base_url for chat: used when the stored key names no address.
  const std::string field =
      config->flavor == openai::OpenAiFlavor::kAzure ? "endpoint" : "base_url";
  if (!settings.base_url.empty()) credentials.emplace(field, settings.base_url);
  auto endpoint = openai::resolve_embeddings_endpoint(*config, credentials, settings.model);
  if (!endpoint.ok()) {
    const auto& error = endpoint.error();
    const std::string message = error.code == core::ErrorCode::kUnauthenticated
                                    ? "no key stored for embeddings provider '" +
                                          settings.provider + "' (" + error.message +
                                          "): add one with POST /v1/provider-keys"
                                    : error.message;
    return core::Error::validation(message, {{"$.embedding.provider", message}});
  }
  EmbeddingsTarget target;
  target.provider = settings.provider;
  target.model = settings.model;
  target.url = std::move(endpoint->url);
  target.headers = std::move(endpoint->headers);
  return target;
}

}  // namespace ovos::agents::knowledge
