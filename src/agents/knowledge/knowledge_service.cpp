#include "agents/knowledge/knowledge_service.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <map>
#include <mutex>
#include <set>

#include "agents/knowledge/embeddings_errors.h"
#include "core/logging.h"
#include "net/event_loop.h"

namespace ovos::agents::knowledge {
namespace {

namespace json = boost::json;

// The same model at the same address gives comparable vectors: one query embedding each.
std::string target_key(const EmbeddingsTarget& target) {
  return target.url + "\n" + target.model;
}

}  // namespace

KnowledgeService::KnowledgeService(store::Store& store, const store::KeyVault& vault,
                                   net::EventLoop& loop, Options options)
    : store_(store),
      vault_(vault),
      loop_(loop),
      options_(std::move(options)),
      cache_(options_.cached_indexes),
      embeddings_(loop, options_.embeddings) {}

KnowledgeService::KnowledgeService(store::Store& store, const store::KeyVault& vault,
                                   net::EventLoop& loop)
    : KnowledgeService(store, vault, loop, Options{}) {}

core::Result<EmbeddingsTarget> KnowledgeService::target_for(std::string_view user_id,
                                                            const EmbeddingSettings& settings) {
  OVOS_ASSIGN_OR_RETURN(const auto stored, vault_.credentials_for(user_id, settings.provider));
  std::map<std::string, std::string> credentials;
  if (stored) {
    boost::system::error_code ec;
    const json::value parsed = json::parse(*stored, ec);
    if (ec || !parsed.is_object()) return core::Error::internal("a stored key is not JSON");
    for (const auto& [field, value] : parsed.get_object()) {
      if (value.is_string() && !value.get_string().empty()) {
        credentials[std::string(field)] = std::string(value.get_string());
      }
    }
  }
  return resolve_embeddings_target(settings, std::move(credentials));
}

core::Result<KnowledgeSource> KnowledgeService::source(const store::KnowledgeBase& base) {
  KnowledgeSource out;
  out.base = base;
  OVOS_ASSIGN_OR_RETURN(out.index, cache_.get(base.id, base.version, [&] {
    return store_.list_knowledge_chunks(base.user_id, base.id);
  }));
  OVOS_ASSIGN_OR_RETURN(const auto settings, stored_embedding_settings(base.embedding_json));
  if (settings) {
    OVOS_ASSIGN_OR_RETURN(auto target, target_for(base.user_id, *settings));
    out.embeddings = std::move(target);
  }
  return out;
}

core::Result<LoadedKnowledge> KnowledgeService::load(std::string_view user_id,
                                                     const std::vector<std::string>& ids,
                                                     std::string_view path, bool indexed) {
  if (ids.empty()) {
    return core::Error::validation(
        "a knowledgebase_agent needs a knowledge base",
        {{std::string(path),
          "names no knowledge base: set vector_id to the id of one of yours "
          "(GET /v1/knowledge-bases)"}});
  }
  std::vector<core::FieldError> missing;
  std::vector<store::KnowledgeBase> bases;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!seen.insert(ids[i]).second) continue;
    auto base = store_.get_knowledge_base(user_id, ids[i]);
    if (!base.ok()) {
      if (base.error().code != core::ErrorCode::kNotFound) return std::move(base).error();
      const std::string at =
          indexed ? std::string(path) + "[" + std::to_string(i) + "]" : std::string(path);
      missing.push_back({at, "no knowledge base '" + ids[i] +
                                 "' exists for this user: create one with POST "
                                 "/v1/knowledge-bases and use its id"});
      continue;
    }
    bases.push_back(std::move(base).value());
  }
  if (!missing.empty()) {
    return core::Error::validation("this agent names knowledge bases that do not exist",
                                   std::move(missing));
  }
  LoadedKnowledge out;
  for (const auto& base : bases) {
    OVOS_ASSIGN_OR_RETURN(auto source, this->source(base));
    out.sources.push_back(std::move(source));
  }
  return out;
}

core::Result<std::vector<Passage>> KnowledgeService::search(const LoadedKnowledge& knowledge,
                                                            std::string_view query,
                                                            const SearchOptions& options) {
  std::map<std::string, std::vector<float>> query_vectors;
  for (const auto& source : knowledge.sources) {
    if (!source.embeddings || source.index->dimensions() == 0) continue;
    const std::string key = target_key(*source.embeddings);
    if (query_vectors.contains(key)) continue;
    auto vectors = embeddings_.embed_blocking(*source.embeddings, {std::string(query)});
    if (!vectors.ok()) return embeddings_failure(std::move(vectors).error());
    query_vectors[key] = std::move(vectors->front());
  }
  std::vector<std::vector<Passage>> lists;
  for (const auto& source : knowledge.sources) {
    std::span<const float> vector;
    if (source.embeddings) {
      const auto it = query_vectors.find(target_key(*source.embeddings));
      if (it != query_vectors.end()) vector = it->second;
    }
    lists.push_back(source.index->search(query, vector, options));
  }
  return merge_passages(std::move(lists), options.top_k);
}

// One search_async: the query embeddings (one per model) run in parallel on the loop; the last
// to finish searches and calls `done`. Everything but `mutex`'s fields is the loop thread's.
struct SearchCall::State {
  std::shared_ptr<const LoadedKnowledge> knowledge;
  std::string query;
  SearchOptions options;
  std::map<std::string, std::vector<float>> vectors;
  std::size_t pending = 0;

  std::mutex mutex;
  bool stopped = false;
  KnowledgeService::SearchDone done;
  std::vector<EmbeddingsCall> calls;

  void finish() {
    std::vector<std::vector<Passage>> lists;
    for (const auto& source : knowledge->sources) {
      std::span<const float> vector;
      if (source.embeddings) {
        const auto it = vectors.find(target_key(*source.embeddings));
        if (it != vectors.end()) vector = it->second;
      }
      lists.push_back(source.index->search(query, vector, options));
    }
    KnowledgeService::SearchDone callback;
    {
      const std::lock_guard lock(mutex);
      if (stopped) return;
      stopped = true;
      callback = std::move(done);
    }
    callback(merge_passages(std::move(lists), options.top_k));
  }
};

SearchCall& SearchCall::operator=(SearchCall&& other) noexcept {
  if (this != &other) {
    cancel();
    state_ = std::move(other.state_);
  }
  return *this;
}

void SearchCall::cancel() {
  if (!state_) return;
  std::vector<EmbeddingsCall> calls;
  KnowledgeService::SearchDone done;
  {
    const std::lock_guard lock(state_->mutex);
    state_->stopped = true;
    calls = std::move(state_->calls);
    done = std::move(state_->done);
  }
  calls.clear();  // cancels them, outside the lock
  state_.reset();
}

SearchCall KnowledgeService::search_async(std::shared_ptr<const LoadedKnowledge> knowledge,
                                          std::string query, SearchOptions options,
                                          SearchDone done) {
  auto state = std::make_shared<SearchCall::State>();
  state->knowledge = std::move(knowledge);
  state->query = std::move(query);
  state->options = options;
  state->done = std::move(done);
  std::map<std::string, const EmbeddingsTarget*> targets;
  for (const auto& source : state->knowledge->sources) {
    if (source.embeddings && source.index->dimensions() > 0) {
      targets.emplace(target_key(*source.embeddings), &*source.embeddings);
    }
  }
  if (targets.empty()) {
    loop_.post([state] { state->finish(); });
    return SearchCall(state);
  }
  state->pending = targets.size();
  const std::lock_guard lock(state->mutex);
  for (const auto& [key, target] : targets) {
    state->calls.push_back(embeddings_.embed(
        *target, {state->query}, [state, key = key](core::Result<Embeddings> result) {
          if (result.ok()) {
            state->vectors[key] = std::move(result->front());
          } else {
            core::log_warn("knowledge.query_embedding_failed",
                           {{"error", result.error().message}, {"fallback", "keywords"}});
          }
          if (--state->pending == 0) state->finish();
        }));
  }
  return SearchCall(state);
}

std::vector<Passage> merge_passages(std::vector<std::vector<Passage>> lists, std::size_t top_k) {
  if (lists.empty()) return {};
  if (lists.size() == 1) {
    if (lists.front().size() > top_k) lists.front().resize(top_k);
    return std::move(lists.front());
  }
  std::vector<Passage> out;
  for (auto& list : lists) {
    for (auto& passage : list)
      out.push_back(std::move(passage));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Passage& a, const Passage& b) { return a.rank_score > b.rank_score; });
  if (out.size() > top_k) out.resize(top_k);
  return out;
}

}  // namespace ovos::agents::knowledge
