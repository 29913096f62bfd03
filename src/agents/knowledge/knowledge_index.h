#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "agents/knowledge/bm25_index.h"
#include "agents/knowledge/vector_index.h"
#include "store/records.h"

namespace ovos::agents::knowledge {

/// One passage retrieved for a query.
struct Passage {
  std::string knowledge_base_id;
  std::string document_id;
  std::string filename;
  int ordinal = 0;  // the chunk's position in its document
  std::string text;
  /// Relevance in [0, 1]: cosine similarity to the query when vectors were searched, else the
  /// keyword (BM25) score relative to the best passage of the query.
  double score = 0;
  /// What passages are ordered by, in [0, 1], comparable across knowledge bases: the keyword
  /// score above, or with vectors the reciprocal rank fusion of both ranks over its maximum.
  double rank_score = 0;
};

/// How many passages a search returns and how relevant they must be.
struct SearchOptions {
  std::size_t top_k = 5;       // Bolna's similarity_top_k
  double score_threshold = 0;  // passages whose `score` is lower are dropped
};

/// The retrieval index of one knowledge base: BM25 over every chunk, plus an HNSW vector index
/// over the chunks' embeddings when they have them. Search is keyword-only without a query
/// vector (or without embeddings), else hybrid: the best keyword and vector candidates are
/// merged by reciprocal rank fusion (1/(60 + rank) summed over both lists). Immutable once
/// built; shared read-only between requests and calls (search() is thread-safe).
class KnowledgeIndex {
 public:
  /// Indexes `chunks` (those of one base, as the store lists them). Chunks whose embedding is
  /// missing, or of another length than the first, are searched by keywords only.
  explicit KnowledgeIndex(std::vector<store::KnowledgeChunk> chunks);
  ~KnowledgeIndex();
  KnowledgeIndex(const KnowledgeIndex&) = delete;
  KnowledgeIndex& operator=(const KnowledgeIndex&) = delete;

  /// The best passages for `query`, best first; hybrid when `query_vector` is given and the
  /// base has vectors of its length.
  [[nodiscard]] std::vector<Passage> search(std::string_view query,
                                            std::span<const float> query_vector,
                                            const SearchOptions& options) const;

  [[nodiscard]] std::size_t size() const { return chunks_.size(); }
  /// Length of the stored vectors; 0 when the base has none.
  [[nodiscard]] std::size_t dimensions() const;

 private:
  [[nodiscard]] Passage passage(std::size_t chunk, double score, double rank_score) const;
  [[nodiscard]] std::vector<Passage> keyword_search(std::string_view query,
                                                    const SearchOptions& options) const;

  std::vector<store::KnowledgeChunk> chunks_;     // embeddings moved into `vectors_`
  std::vector<std::vector<float>> unit_vectors_;  // per chunk, normalized; empty when none
  Bm25Index bm25_;
  std::unique_ptr<VectorIndex> vectors_;  // null without embeddings
};

}  // namespace ovos::agents::knowledge
