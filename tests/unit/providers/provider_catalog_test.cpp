#include "providers/provider_catalog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

namespace ovos::providers {
namespace {

bool contains(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

TEST(ProviderCatalog, NamesAreUniqueAndEveryProviderHasAKind) {
  std::set<std::string_view> seen;
  for (const ProviderInfo& info : provider_catalog()) {
    EXPECT_TRUE(seen.insert(info.name).second) << "duplicate provider " << info.name;
    EXPECT_FALSE(info.kinds.empty()) << info.name;
    EXPECT_FALSE(info.display_name.empty()) << info.name;
    std::set<std::string_view> fields;
    for (const CredentialField& field : info.credentials) {
      EXPECT_TRUE(fields.insert(field.name).second) << info.name << " repeats " << field.name;
      EXPECT_FALSE(field.label.empty()) << info.name << "." << field.name;
    }
  }
}

TEST(ProviderCatalog, LocalProvidersNeedNoCredentials) {
  int local = 0;
  for (const ProviderInfo& info : provider_catalog()) {
    if (!info.local) continue;
    ++local;
    EXPECT_TRUE(info.credentials.empty()) << info.name;
  }
  EXPECT_EQ(local, 4);  // pocketsphinx, flite, espeak, scripted
  EXPECT_TRUE(provider_has_kind("pocketsphinx", ProviderKind::kStt));
  EXPECT_TRUE(provider_has_kind("flite", ProviderKind::kTts));
  EXPECT_TRUE(provider_has_kind("espeak", ProviderKind::kTts));
  EXPECT_TRUE(provider_has_kind("scripted", ProviderKind::kLlm));
}

TEST(ProviderCatalog, CoversEveryBolnaTranscriberProvider) {
  const auto stt = provider_names(ProviderKind::kStt);
  for (std::string_view name :
       {"deepgram", "azure", "sarvam", "assembly", "google", "pixa", "gladia", "elevenlabs",
        "smallest", "openai", "soniox", "gemini", "bodhi"}) {
    EXPECT_TRUE(contains(stt, name)) << name;
  }
}

TEST(ProviderCatalog, CoversEveryBolnaSynthesizerProvider) {
  const auto tts = provider_names(ProviderKind::kTts);
  for (std::string_view name : {"polly", "elevenlabs", "openai", "deepgram", "azuretts", "cartesia",
                                "smallest", "sarvam", "rime", "pixa", "maya", "kalpa", "gemini"}) {
    EXPECT_TRUE(contains(tts, name)) << name;
  }
  EXPECT_FALSE(contains(tts, "azure")) << "Bolna's synthesizer name for Azure is azuretts";
}

TEST(ProviderCatalog, CoversEveryBolnaLlmProvider) {
  const auto llm = provider_names(ProviderKind::kLlm);
  for (std::string_view name :
       {"openai", "cohere", "ollama", "deepinfra", "together", "fireworks", "azure-openai",
        "perplexity", "vllm", "anyscale", "custom", "ola", "groq", "anthropic", "deepseek",
        "openrouter", "azure", "google", "litellm"}) {
    EXPECT_TRUE(contains(llm, name)) << name;
  }
}

TEST(ProviderCatalog, CoversBolnaTelephonyProviders) {
  const auto telephony = provider_names(ProviderKind::kTelephony);
  for (std::string_view name : {"twilio", "exotel", "plivo", "vobiz", "sip-trunk", "freeswitch"}) {
    EXPECT_TRUE(contains(telephony, name)) << name;
  }
  // Browser and text IO are not carriers; the agent validator knows those names.
  EXPECT_FALSE(contains(telephony, "default"));
}

TEST(ProviderCatalog, CredentialsOnlyEntriesAreNotOfferedToAgents) {
  const ProviderInfo* aws = find_provider("aws");
  ASSERT_NE(aws, nullptr);
  EXPECT_TRUE(aws->credentials_only);
  EXPECT_FALSE(contains(provider_names(ProviderKind::kTts), "aws"));
  const ProviderInfo* polly = find_provider("polly");
  ASSERT_NE(polly, nullptr);
  ASSERT_EQ(polly->credentials.size(), aws->credentials.size());
  for (std::size_t i = 0; i < aws->credentials.size(); ++i) {
    EXPECT_EQ(polly->credentials[i].name, aws->credentials[i].name);
  }
}

TEST(ProviderCatalog, CredentialFieldsFollowTheVendors) {
  const ProviderInfo* twilio = find_provider("twilio");
  ASSERT_NE(twilio, nullptr);
  ASSERT_EQ(twilio->credentials.size(), 2u);
  EXPECT_EQ(twilio->credentials[0].name, "account_sid");
  EXPECT_FALSE(twilio->credentials[0].secret);
  EXPECT_EQ(twilio->credentials[1].name, "auth_token");
  EXPECT_TRUE(twilio->credentials[1].secret);

  const ProviderInfo* vllm = find_provider("vllm");
  ASSERT_NE(vllm, nullptr);
  for (const CredentialField& field : vllm->credentials) {
    if (field.name == "base_url") {
      EXPECT_TRUE(field.required);
    } else if (field.name == "api_key") {
      EXPECT_FALSE(field.required);
    }
  }
  for (const ProviderInfo& info : provider_catalog()) {
    for (const CredentialField& field : info.credentials) {
      if (field.name == "api_key" && info.name != "exotel") {
        EXPECT_TRUE(field.secret) << info.name;
      }
    }
  }
}

TEST(ProviderCatalog, LookupAndKindNames) {
  EXPECT_EQ(find_provider("nope"), nullptr);
  EXPECT_EQ(find_provider("Deepgram"), nullptr) << "names are case-sensitive";
  ASSERT_NE(find_provider("deepgram"), nullptr);
  EXPECT_TRUE(provider_has_kind("openai", ProviderKind::kEmbedding));
  EXPECT_FALSE(provider_has_kind("twilio", ProviderKind::kLlm));
  EXPECT_FALSE(provider_has_kind("nope", ProviderKind::kLlm));
  EXPECT_EQ(kind_name(ProviderKind::kStt), "stt");
  EXPECT_EQ(kind_name(ProviderKind::kTts), "tts");
  EXPECT_EQ(kind_name(ProviderKind::kLlm), "llm");
  EXPECT_EQ(kind_name(ProviderKind::kTelephony), "telephony");
  EXPECT_EQ(kind_name(ProviderKind::kEmbedding), "embedding");
  EXPECT_EQ(kind_name(ProviderKind::kWebhook), "webhook");
}

TEST(ProviderCatalog, WebhookSigningSecretIsASecretCredentialNoAgentNames) {
  const ProviderInfo* webhook = find_provider("webhook");
  ASSERT_NE(webhook, nullptr);
  EXPECT_TRUE(webhook->credentials_only);
  EXPECT_FALSE(webhook->local);
  ASSERT_EQ(webhook->credentials.size(), 1u);
  EXPECT_EQ(webhook->credentials[0].name, "signing_secret");
  EXPECT_TRUE(webhook->credentials[0].secret);
  EXPECT_TRUE(webhook->credentials[0].required);
  EXPECT_TRUE(provider_has_kind("webhook", ProviderKind::kWebhook));
  EXPECT_TRUE(provider_names(ProviderKind::kWebhook).empty());
  EXPECT_FALSE(contains(provider_names(ProviderKind::kLlm), "webhook"));
}

}  // namespace
}  // namespace ovos::providers
