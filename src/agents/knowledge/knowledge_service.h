#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agents/knowledge/chunker.h"
#include "agents/knowledge/document_text.h"
#include "agents/knowledge/embeddings_client.h"
#include "agents/knowledge/index_cache.h"
#include "agents/knowledge/knowledge_index.h"
#include "core/result.h"
#include "store/key_vault.h"
#include "store/store.h"

namespace ovos::net {
class EventLoop;
}

namespace ovos::agents::knowledge {

/// A knowledge base ready to search: its record, its index, and where its query embeddings
/// come from (set when the base has embedding settings; holds the user's key: never log it).
struct KnowledgeSource {
  store::KnowledgeBase base;
  std::shared_ptr<const KnowledgeIndex> index;
  std::optional<EmbeddingsTarget> embeddings;
};

/// The knowledge bases one agent answers from (its vector_id or vector_ids), for one call.
struct LoadedKnowledge {
  std::vector<KnowledgeSource> sources;
};

/// Stops an asynchronous search: once cancel() returns (or it is destroyed) its callback will
/// not start. Move-only.
class SearchCall {
 public:
  struct State;
  SearchCall() = default;
  explicit SearchCall(std::shared_ptr<State> state) : state_(std::move(state)) {}
  ~SearchCall() { cancel(); }
  SearchCall(SearchCall&&) noexcept = default;
  SearchCall& operator=(SearchCall&& other) noexcept;
  SearchCall(const SearchCall&) = delete;
  SearchCall& operator=(const SearchCall&) = delete;
  void cancel();

 private:
  std::shared_ptr<State> state_;
};

/// Knowledge bases as the API and calls use them: adding documents (extract, chunk, embed,
/// store), loading an agent's bases, and searching them, over the store, the user's stored
/// provider keys and one embeddings client. Owns the index cache and the client. Thread-safe;
/// the blocking methods (database, vendor) belong on worker threads, never an event loop.
class KnowledgeService {
 public:
  struct Options {
    ExtractLimits extract{};
    ChunkOptions chunking{};
    std::size_t cached_indexes = 32;
    EmbeddingsClient::Options embeddings{};
  };

  /// `store` and `vault` outlive the service; `loop` (for embeddings requests) outlives it and
  /// every call it started.
  KnowledgeService(store::Store& store, const store::KeyVault& vault, net::EventLoop& loop,
                   Options options);
  KnowledgeService(store::Store& store, const store::KeyVault& vault, net::EventLoop& loop);

  /// Extracts `bytes` as `type`, chunks the text, embeds the chunks when the base has
  /// embedding settings, and stores the document with its chunks. Blocking. Errors: those of
  /// extract_text, kValidation for a missing key or an embeddings provider that refuses it
  /// (path "$.embedding"), kRateLimited / kUnavailable when the provider is busy or down.
  [[nodiscard]] core::Result<store::KnowledgeDocument> add_document(
      const store::KnowledgeBase& base, DocumentType type, std::string filename,
      std::string_view bytes, std::int64_t now);

  /// The bases `ids` of `user_id` with their indexes: what call setup uses for a
  /// knowledgebase_agent. An id that names no base of the user (or no ids at all) is a
  /// kValidation error at `path` (at `path`[i] when `indexed`: the ids came from an array)
  /// saying how to create one. Blocking.
  [[nodiscard]] core::Result<LoadedKnowledge> load(std::string_view user_id,
                                                   const std::vector<std::string>& ids,
                                                   std::string_view path, bool indexed = false);
  /// One base of the user, ready to search. Blocking.
  [[nodiscard]] core::Result<KnowledgeSource> source(const store::KnowledgeBase& base);

  /// The best passages of all `knowledge` for `query` (the query embedded per embeddings
  /// model). Blocking; embeddings errors as in add_document.
  [[nodiscard]] core::Result<std::vector<Passage>> search(const LoadedKnowledge& knowledge,
                                                          std::string_view query,
                                                          const SearchOptions& options);

  using SearchDone = std::function<void(std::vector<Passage>)>;
  /// search() without blocking, for calls: `done` runs once on the embeddings loop. When a
  /// query embedding fails the search falls back to keywords for that base (and logs it): a
  /// caller should get an answer even when the embeddings provider is down.
  [[nodiscard]] SearchCall search_async(std::shared_ptr<const LoadedKnowledge> knowledge,
                                        std::string query, SearchOptions options, SearchDone done);

  /// Drops a deleted base's index.
  void forget(const std::string& knowledge_base_id) { cache_.erase(knowledge_base_id); }
  [[nodiscard]] IndexCache& cache() { return cache_; }

 private:
  [[nodiscard]] core::Result<EmbeddingsTarget> target_for(std::string_view user_id,
                                                          const EmbeddingSettings& settings);

  store::Store& store_;
  const store::KeyVault& vault_;
  net::EventLoop& loop_;
  Options options_;
  IndexCache cache_;
  EmbeddingsClient embeddings_;
};

/// Passages of several bases as one list: by rank_score, best first (then base order), at
/// most `top_k`.
[[nodiscard]] std::vector<Passage> merge_passages(std::vector<std::vector<Passage>> lists,
                                                  std::size_t top_k);

/// A filename as given with an upload (?filename=): 1 to 255 bytes of valid UTF-8 without
/// control characters, slashes or backslashes, not "." or "..". kValidation at "query.filename".
[[nodiscard]] core::Result<std::string> check_filename(std::string_view filename);

}  // namespace ovos::agents::knowledge
