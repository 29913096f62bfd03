#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "agents/knowledge/knowledge_index.h"
#include "core/result.h"

namespace ovos::agents::knowledge {

/// What a knowledgebase_agent's llm_config.rag_config asks for: the knowledge bases
/// (vector_store.provider_config.vector_id, or vector_ids) and how many passages of what
/// relevance to use each turn. Plain data.
struct RagSettings {
  std::vector<std::string> knowledge_base_ids;
  std::string ids_path;          // JSON path of vector_ids (or vector_id), for errors about the ids
  bool ids_indexed = false;      // they came from vector_ids: an error names ids_path[i]
  SearchOptions search{5, 0.1};  // Bolna's defaults: similarity_top_k 5, score_threshold 0.1
};

/// Reads llm_config (of an agent document already validated against the schema).
/// similarity_top_k comes from provider_config, else rag_config, else 5 (capped at 50);
/// score_threshold from provider_config, else 0.1 (clamped to [0, 1]). kValidation at `path`
/// + ".rag_config..." when no knowledge base is named.
[[nodiscard]] core::Result<RagSettings> read_rag_settings(const boost::json::object& llm_config,
                                                          const std::string& path);

}  // namespace ovos::agents::knowledge
