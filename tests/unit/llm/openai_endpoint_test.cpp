#include "providers/llm/openai/openai_endpoint.h"

#include <gtest/gtest.h>

#include "providers/llm/openai/openai_provider_config.h"

namespace ovos::providers::openai {
namespace {

std::string header(const OpenAiEndpoint& endpoint, std::string_view name) {
  for (const auto& h : endpoint.headers) {
    if (h.name == name) return h.value;
  }
  return "<none>";
}

TEST(OpenAiProviderConfig, KnowsTheOpenAiProtocolVendors) {
  EXPECT_EQ(openai_provider_config("openai")->default_base_url, "https://api.openai.com/v1");
  EXPECT_EQ(openai_provider_config("groq")->default_base_url, "https://api.groq.com/openai/v1");
  EXPECT_EQ(openai_provider_config("deepinfra")->default_base_url,
            "https://api.deepinfra.com/v1/openai");
  EXPECT_EQ(openai_provider_config("perplexity")->default_base_url, "https://api.perplexity.ai");
  EXPECT_TRUE(openai_provider_config("together")->api_key_required);

  const auto ollama = openai_provider_config("ollama");
  EXPECT_EQ(ollama->default_base_url, "http://localhost:11434/v1");
  EXPECT_FALSE(ollama->api_key_required);
  EXPECT_TRUE(openai_provider_config("custom")->default_base_url.empty());

  EXPECT_EQ(openai_provider_config("azure-openai")->flavor, OpenAiFlavor::kAzure);
  EXPECT_EQ(openai_provider_config("azure-openai")->name, "azure-openai");
  EXPECT_FALSE(openai_provider_config("anthropic").has_value());

  const auto http = chat_http_options();
  EXPECT_EQ(http.connect_timeout, std::chrono::seconds(5));
  EXPECT_EQ(http.first_byte_timeout, std::chrono::seconds(30));
  EXPECT_EQ(http.idle_timeout, std::chrono::seconds(30));
}

TEST(OpenAiEndpoint, OpenAiUsesTheDefaultBaseUrlAndABearerKey) {
  const auto endpoint =
      resolve_endpoint(*openai_provider_config("openai"), {{"api_key", "sk-1"}}, "");
  ASSERT_TRUE(endpoint.ok());
  EXPECT_EQ(endpoint->url, "https://api.openai.com/v1/chat/completions");
  EXPECT_EQ(header(*endpoint, "Authorization"), "Bearer sk-1");
  EXPECT_EQ(header(*endpoint, "Content-Type"), "application/json");
  EXPECT_EQ(header(*endpoint, "Accept"), "text/event-stream");
}

TEST(OpenAiEndpoint, BaseUrlCredentialOverridesTheDefault) {
  const auto endpoint = resolve_endpoint(*openai_provider_config("vllm"),
                                         {{"base_url", "http://gpu-box:8000/v1/"}}, "m");
  ASSERT_TRUE(endpoint.ok());
  EXPECT_EQ(endpoint->url, "http://gpu-box:8000/v1/chat/completions");
  EXPECT_EQ(header(*endpoint, "Authorization"), "<none>");  // no key given, none required
}

TEST(OpenAiEndpoint, MissingCredentialsNameTheField) {
  const auto no_key = resolve_endpoint(*openai_provider_config("groq"), {{"api_key", ""}}, "");
  ASSERT_FALSE(no_key.ok());
  EXPECT_EQ(no_key.error().code, core::ErrorCode::kUnauthenticated);
  EXPECT_NE(no_key.error().message.find("api_key"), std::string::npos);
  ASSERT_EQ(no_key.error().fields.size(), 1U);
  EXPECT_EQ(no_key.error().fields[0].path, "credentials.api_key");

  const auto no_url = resolve_endpoint(*openai_provider_config("custom"), {}, "");
  ASSERT_FALSE(no_url.ok());
  EXPECT_NE(no_url.error().message.find("base_url"), std::string::npos);

  const auto bad_url =
      resolve_endpoint(*openai_provider_config("litellm"), {{"base_url", "ftp://x"}}, "");
  ASSERT_FALSE(bad_url.ok());
  EXPECT_EQ(bad_url.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(OpenAiEndpoint, AzureAddressesTheDeploymentWithAnApiKeyHeader) {
  const auto config = *openai_provider_config("azure-openai");
  const auto endpoint = resolve_endpoint(config,
                                         {{"api_key", "az"},
                                          {"endpoint", "https://res.openai.azure.com/"},
                                          {"deployment", "gpt-4o prod"}},
                                         "ignored");
  ASSERT_TRUE(endpoint.ok());
  EXPECT_EQ(endpoint->url,
            "https://res.openai.azure.com/openai/deployments/gpt-4o%20prod/chat/completions"
            "?api-version=2024-10-21");
  EXPECT_EQ(header(*endpoint, "api-key"), "az");
  EXPECT_EQ(header(*endpoint, "Authorization"), "<none>");

  // The model names the deployment when the credentials do not; api_version overrides.
  const auto by_model = resolve_endpoint(config,
                                         {{"api_key", "az"},
                                          {"endpoint", "https://res.openai.azure.com"},
                                          {"api_version", "2025-01-01"}},
                                         "gpt-4o");
  ASSERT_TRUE(by_model.ok());
  EXPECT_EQ(by_model->url,
            "https://res.openai.azure.com/openai/deployments/gpt-4o/chat/completions"
            "?api-version=2025-01-01");

  const auto no_endpoint = resolve_endpoint(config, {{"api_key", "az"}}, "gpt-4o");
  ASSERT_FALSE(no_endpoint.ok());
  EXPECT_NE(no_endpoint.error().message.find("endpoint"), std::string::npos);
  const auto no_deployment =
      resolve_endpoint(config, {{"api_key", "az"}, {"endpoint", "https://r"}}, "");
  ASSERT_FALSE(no_deployment.ok());
  EXPECT_NE(no_deployment.error().message.find("deployment"), std::string::npos);
}

}  // namespace
}  // namespace ovos::providers::openai
