#include "agents/knowledge/rag_config.h"

#include <algorithm>

#include "core/json_read.h"

namespace ovos::agents::knowledge {
namespace json = boost::json;

core::Result<RagSettings> read_rag_settings(const json::object& llm_config,
                                            const std::string& path) {
  const json::object* rag = core::json_object_at(&llm_config, "rag_config");
  const json::object* store = core::json_object_at(rag, "vector_store");
  const json::object* provider = core::json_object_at(store, "provider_config");
  RagSettings out;
  const std::string provider_path = path + ".rag_config.vector_store.provider_config";
  out.ids_path = provider_path + ".vector_id";
  if (provider != nullptr) {
    if (const json::value* id = provider->if_contains("vector_id"); id && id->is_string()) {
      if (!id->get_string().empty()) out.knowledge_base_ids.emplace_back(id->get_string());
    }
    if (const json::value* ids = provider->if_contains("vector_ids");
        ids && ids->is_array() && !ids->get_array().empty()) {
      out.ids_path = provider_path + ".vector_ids";
      out.ids_indexed = out.knowledge_base_ids.empty();  // no vector_id before them
      for (const auto& id : ids->get_array()) {
        if (id.is_string() && !id.get_string().empty()) {
          out.knowledge_base_ids.emplace_back(id.get_string());
        }
      }
    }
  }
  if (out.knowledge_base_ids.empty()) {
    const std::string at = path + ".rag_config.vector_store.provider_config.vector_id";
    return core::Error::validation(
        "a knowledgebase_agent needs a knowledge base",
        {{at,
          "names no knowledge base: set it to the id of one of yours (GET /v1/knowledge-bases)"}});
  }
  auto top_k = core::json_number_at(provider, "similarity_top_k");
  if (!top_k) top_k = core::json_number_at(rag, "similarity_top_k");
  if (top_k) out.search.top_k = static_cast<std::size_t>(std::clamp(*top_k, 1.0, 50.0));
  if (auto threshold = core::json_number_at(provider, "score_threshold")) {
    out.search.score_threshold = std::clamp(*threshold, 0.0, 1.0);
  }
  return out;
}

}  // namespace ovos::agents::knowledge
