#include "agents/knowledge/rag_config.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace ovos::agents::knowledge {
namespace {

namespace json = boost::json;

constexpr const char* kPath = "$.llm_config";
const std::string kProviderPath = "$.llm_config.rag_config.vector_store.provider_config";

core::Result<RagSettings> read(std::string_view llm_config) {
  return read_rag_settings(json::parse(llm_config).as_object(), kPath);
}

TEST(RagConfigTest, OneIdWithBolnasDefaults) {
  const auto rag = read(R"({"rag_config":{"vector_store":{"provider":"lancedb",
      "provider_config":{"vector_id":"kb-1"}}}})");
  ASSERT_TRUE(rag.ok()) << rag.error().message;
  EXPECT_EQ(rag->knowledge_base_ids, std::vector<std::string>{"kb-1"});
  EXPECT_EQ(rag->ids_path, kProviderPath + ".vector_id");
  EXPECT_FALSE(rag->ids_indexed);
  EXPECT_EQ(rag->search.top_k, 5U);
  EXPECT_DOUBLE_EQ(rag->search.score_threshold, 0.1);
}

TEST(RagConfigTest, SeveralIdsAndTheirLimits) {
  const auto rag = read(R"({"rag_config":{"similarity_top_k":3,"vector_store":{
      "provider":"lancedb","provider_config":{"vector_ids":["a","b"],"similarity_top_k":8,
      "score_threshold":0.25}}}})");
  ASSERT_TRUE(rag.ok());
  EXPECT_EQ(rag->knowledge_base_ids, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(rag->ids_path, kProviderPath + ".vector_ids");
  EXPECT_TRUE(rag->ids_indexed);
  EXPECT_EQ(rag->search.top_k, 8U);  // provider_config wins over rag_config
  EXPECT_DOUBLE_EQ(rag->search.score_threshold, 0.25);
  const auto fallback = read(R"({"rag_config":{"similarity_top_k":500,"vector_store":{
      "provider":"lancedb","provider_config":{"vector_id":"a","score_threshold":-1}}}})");
  ASSERT_TRUE(fallback.ok());
  EXPECT_EQ(fallback->search.top_k, 50U);  // capped
  EXPECT_DOUBLE_EQ(fallback->search.score_threshold, 0.0);
}

TEST(RagConfigTest, NoKnowledgeBaseIsAClearError) {
  for (
      const char* config :
      {R"({})", R"({"rag_config":{}})",
       R"({"rag_config":{"vector_store":{"provider":"lancedb","provider_config":{"vector_id":""}}}})",
       R"({"rag_config":{"vector_store":{"provider":"lancedb","provider_config":{"vector_ids":[]}}}})"}) {
    SCOPED_TRACE(config);
    const auto rag = read(config);
    ASSERT_FALSE(rag.ok());
    EXPECT_EQ(rag.error().code, core::ErrorCode::kValidation);
    ASSERT_EQ(rag.error().fields.size(), 1U);
    EXPECT_EQ(rag.error().fields[0].path, kProviderPath + ".vector_id");
    EXPECT_NE(rag.error().fields[0].message.find("GET /v1/knowledge-bases"), std::string::npos);
  }
}

}  // namespace
}  // namespace ovos::agents::knowledge
