#include "providers/llm/openai/openai_endpoint.h"

#include <cstdio>

namespace ovos::providers::openai {
namespace {

std::string_view credential(const std::map<std::string, std::string>& credentials,
                            const std::string& field) {
  const auto it = credentials.find(field);
  return it == credentials.end() ? std::string_view{} : std::string_view(it->second);
}

core::Error missing(const OpenAiProviderConfig& config, const std::string& field) {
  return {core::ErrorCode::kUnauthenticated,
          config.name + ": credential '" + field + "' is missing",
          {{"credentials." + field, "missing"}}};
}

// An http(s) URL without its trailing slashes.
core::Result<std::string> base_of(const OpenAiProviderConfig& config, const std::string& field,
                                  std::string_view url) {
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    return core::Error{core::ErrorCode::kInvalidArgument,
                       config.name + ": credential '" + field + "' is not an http(s) URL",
                       {{"credentials." + field, "not an http(s) URL"}}};
  }
  while (url.ends_with('/'))
    url.remove_suffix(1);
  return std::string(url);
}

// Percent-encodes everything but RFC 3986 unreserved characters (a path segment or query value).
std::string encode_component(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", u);
      out += escaped;
    }
  }
  return out;
}

core::Result<OpenAiEndpoint> azure_endpoint(const OpenAiProviderConfig& config,
                                            const std::map<std::string, std::string>& credentials,
                                            std::string_view model, std::string_view operation) {
  const std::string_view key = credential(credentials, "api_key");
  if (key.empty()) return missing(config, "api_key");
  std::string_view endpoint = credential(credentials, "endpoint");
  if (endpoint.empty()) endpoint = config.default_base_url;
  if (endpoint.empty()) return missing(config, "endpoint");
  auto base = base_of(config, "endpoint", endpoint);
  if (!base) return base.error();
  std::string_view deployment = credential(credentials, "deployment");
  if (deployment.empty()) deployment = model;
  if (deployment.empty()) return missing(config, "deployment");
  std::string_view version = credential(credentials, "api_version");
  if (version.empty()) version = config.default_api_version;
  OpenAiEndpoint out;
  out.url = *base + "/openai/deployments/" + encode_component(deployment) + "/" +
            std::string(operation) + "?api-version=" + encode_component(version);
  out.headers.push_back({"api-key", std::string(key)});
  return out;
}

core::Result<OpenAiEndpoint> openai_endpoint(const OpenAiProviderConfig& config,
                                             const std::map<std::string, std::string>& credentials,
                                             std::string_view operation) {
  const std::string_view key = credential(credentials, "api_key");
  if (key.empty() && config.api_key_required) return missing(config, "api_key");
  std::string_view url = credential(credentials, "base_url");
  if (url.empty()) url = config.default_base_url;
  if (url.empty()) return missing(config, "base_url");
  auto base = base_of(config, "base_url", url);
  if (!base) return base.error();
  OpenAiEndpoint out;
  out.url = *base + "/" + std::string(operation);
  if (!key.empty()) out.headers.push_back({"Authorization", "Bearer " + std::string(key)});
  return out;
}

// The endpoint of `operation` ("chat/completions", "embeddings") with its JSON headers.
core::Result<OpenAiEndpoint> endpoint_for(const OpenAiProviderConfig& config,
                                          const std::map<std::string, std::string>& credentials,
                                          std::string_view model, std::string_view operation,
                                          std::string accept) {
  auto endpoint = config.flavor == OpenAiFlavor::kAzure
                      ? azure_endpoint(config, credentials, model, operation)
                      : openai_endpoint(config, credentials, operation);
  if (!endpoint) return endpoint;
  endpoint->headers.push_back({"Content-Type", "application/json"});
  endpoint->headers.push_back({"Accept", std::move(accept)});
  return endpoint;
}

}  // namespace

core::Result<OpenAiEndpoint> resolve_endpoint(const OpenAiProviderConfig& config,
                                              const std::map<std::string, std::string>& credentials,
                                              std::string_view model) {
  return endpoint_for(config, credentials, model, "chat/completions", "text/event-stream");
}

core::Result<OpenAiEndpoint> resolve_embeddings_endpoint(
    const OpenAiProviderConfig& config, const std::map<std::string, std::string>& credentials,
    std::string_view model) {
  return endpoint_for(config, credentials, model, "embeddings", "application/json");
}

}  // namespace ovos::providers::openai
