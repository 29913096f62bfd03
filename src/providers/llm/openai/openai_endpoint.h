#pragma once

// Where a chat (or embeddings) request goes and how it authenticates, from a provider's
// configuration and the caller's credentials.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "net/http_types.h"
#include "providers/llm/openai/openai_provider_config.h"

namespace ovos::providers::openai {

/// The URL and headers of one chat completion request. Holds the API key: never log it.
struct OpenAiEndpoint {
  std::string url;
  std::vector<net::HttpHeader> headers;  // auth, Content-Type, Accept
};

/// Resolves the endpoint. OpenAI flavour: `{base_url}/chat/completions`, base_url from the
/// credentials or the config's default, `Authorization: Bearer <api_key>` when a key is given.
/// Azure: `{endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...`, the
/// deployment from the credentials or else `model`, header `api-key`. A required credential
/// that is missing or empty fails with kUnauthenticated naming the field
/// (`credentials.<field>`); a base URL or endpoint that is not http(s) with kInvalidArgument.
[[nodiscard]] core::Result<OpenAiEndpoint> resolve_endpoint(
    const OpenAiProviderConfig& config, const std::map<std::string, std::string>& credentials,
    std::string_view model);

/// The same for the embeddings API: `{base_url}/embeddings`, or on Azure
/// `{endpoint}/openai/deployments/{deployment}/embeddings?api-version=...`; Accept:
/// application/json.
[[nodiscard]] core::Result<OpenAiEndpoint> resolve_embeddings_endpoint(
    const OpenAiProviderConfig& config, const std::map<std::string, std::string>& credentials,
    std::string_view model);

}  // namespace ovos::providers::openai
